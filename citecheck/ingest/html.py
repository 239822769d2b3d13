"""HTML → visible text, keeping where each character came from.

The site's menus, side boxes and page header and footer (``<nav>``, ``<aside>``,
and ``<header>``/``<footer>`` outside ``<article>``/``<main>``) are left out, as a
reader's view leaves them out.  Block elements become line breaks, ``<sup>`` digits
become superscript digits (so footnote calls are found as in text), list items are
numbered as a browser shows them (``<ol>`` footnotes and numbered references read as
in text: "1. …"), italics and bold are written ``*…*`` and ``**…**`` as in Markdown
(a title in italics is how an entry's parser finds it), and each link's ``href`` is
written after its text as ``<URL>`` so the URL extractor sees it.  No markup is executed or fetched.
"""

from __future__ import annotations

import html
import re

_TOKEN = re.compile(
    r"<!--.*?-->|<(script|style|template|noscript)\b.*?</\1\s*>|<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);",
    re.S | re.I,
)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "ul", "ol",
    "dl", "dd", "dt", "figure", "figcaption", "hr", "title", "li", "br",
}
_CHROME = {"nav", "aside"}
"""Menus and side boxes ("À lire aussi", "Most read"): the site's, not the text's."""
_PAGE_CHROME = {"header", "footer"}
"""The page's header and footer (those of an ``<article>`` or ``<main>`` are content:
a headline and its byline, a note on sources)."""
_CONTENT = {"article", "main"}
_NOTES_CLASS = re.compile(
    r"""^<\s*(?:(?:section|aside|div|ol)\b[^>]*\bclass\s*=\s*["'][^"']*\bfootnotes\b"""
    r"""|ol\b[^>]*\bclass\s*=\s*["'](?:[^"']*\s)?references\b)""", re.I)
"""The container of a page's notes: Pandoc's ``section.footnotes`` (or ``aside``),
MediaWiki's ``ol.references``."""
_BACKLINK = re.compile(
    r"""\brole\s*=\s*["']doc-backlink|\bclass\s*=\s*["'][^"']*\b(?:footnote-back|mw-cite-backlink)""",
    re.I)
_REFS_DIV = re.compile(r"""^<\s*div\b[^>]*\bid\s*=\s*["']refs["']""", re.I)
def _section_heading(token: str) -> str | None:
    """The heading a reader sees over a rendered document's apparatus: Pandoc's
    bibliography (``div#refs``, headed or not) is a list under "References"; Pandoc's
    ``section.footnotes`` and MediaWiki's ``ol.references`` are "Notes" (set apart by a
    rule, in smaller type)."""
    if _REFS_DIV.search(token):
        return "\n\nReferences\n\n"
    if _NOTES_CLASS.search(token):
        return "\n\nNotes\n\n"
    return None


_EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
_START = re.compile(r"""\bstart\s*=\s*["']?(-?\d{1,6})""", re.I)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def html_to_text(source: str) -> tuple[str, list[int]]:
    reader = _HtmlReader(source)
    for match in _TOKEN.finditer(source):
        reader.token(match)
    if reader.pos < len(source):
        reader.emit(source[reader.pos:], reader.pos, True)
    return "".join(reader.out), reader.offsets


class _HtmlReader:
    """The visible text of a page, token by token, with each character's offset in the
    source: boilerplate (menus, back-links) left out, lists numbered, emphasis and links
    written as Markdown writes them."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.out: list[str] = []
        self.offsets: list[int] = []
        self.sup_depth = 0
        self.pending_href: list[tuple[str, int]] = []
        self.lists: list[int | None] = []
        """Open lists, innermost last: the next number of an ``<ol>``, ``None`` for a ``<ul>``."""
        self.item_opened = False
        """A list item just opened, no text yet: its first paragraph stays on its line."""
        self.skipping: list[str] = []
        """The boilerplate element being left out, and those of its name nested in it."""
        self.content_depth = 0
        """Open ``<article>``/``<main>`` elements: headers and footers in them are content."""
        self.pos = 0

    def emit(self, text: str, origin: int, step: bool) -> None:
        if self.sup_depth:
            text = text.translate(_SUPERSCRIPT)
        if step and text.strip():
            self.item_opened = False
        self.out.append(text)
        self.offsets.extend(origin + i if step else origin for i in range(len(text)))

    def token(self, match: re.Match[str]) -> None:
        token = match.group(0)
        tag = _TAG_NAME.match(token) if token.startswith("<") else None
        name = tag.group(2).lower() if tag else ""
        closing = bool(tag and tag.group(1) == "/")
        if self.skipping and not (name in _CONTENT and not closing):
            self._skip(name, token, closing)
            self.pos = match.end()
            return
        if self.skipping:  # a menu left open: the article that starts ends it
            self.skipping.clear()
            self.pos = match.start()
        if match.start() > self.pos:
            self.emit(self.source[self.pos:match.start()], self.pos, True)
        heading = _section_heading(token) if tag and not closing else None
        if heading:
            self.emit(heading, match.start(), False)
        if tag and not closing and self._starts_boilerplate(name, token, match.start()):
            self.pos = match.end()
            return
        if name in _CONTENT and not token.endswith("/>"):
            self.content_depth = max(0, self.content_depth + (-1 if closing else 1))
        if token.startswith("&"):
            self.emit(html.unescape(token), match.start(), False)
        elif token.startswith("<") and not token.startswith("<!"):
            tag = _TAG_NAME.match(token)
            if tag:
                self._tag(tag.group(2).lower(), tag.group(1) == "/", token, match.start())
        self.pos = match.end()

    def _skip(self, name: str, token: str, closing: bool) -> None:
        if name == self.skipping[0] and not token.endswith("/>"):
            if closing:
                self.skipping.pop()
            else:
                self.skipping.append(name)

    def _starts_boilerplate(self, name: str, token: str, start: int) -> bool:
        if name in {"a", "span"} and _BACKLINK.search(token):
            self.skipping.append(name)  # "↩︎", "^ a b": the way back to the call, not text
            return True
        if name in _CHROME or (name in _PAGE_CHROME and self.content_depth == 0):
            self.skipping.append(name)  # the site's menus and boxes, not the text
            self.emit("\n\n", start, False)
            return True
        return False

    def _tag(self, name: str, closing: bool, token: str, start: int) -> None:
        if name == "sup":
            self.sup_depth = max(0, self.sup_depth + (-1 if closing else 1))
        elif name in _EMPHASIS and not token.endswith("/>"):
            # As Markdown writes them: a title in italics, a key Pandoc could
            # not resolve in bold ("**smith2004?**").
            self.emit(_EMPHASIS[name], start, False)
        elif name == "a":
            self._link(closing, token, start)
        elif name in {"ol", "ul"}:
            self._list(name, closing, token, start)
        elif name == "li" and not closing:
            number = self.lists[-1] if self.lists else None
            if number is None:
                self.emit("\n- ", start, False)
            else:
                self.emit(f"\n{number}. ", start, False)
                self.lists[-1] = number + 1
            self.item_opened = True
        elif name == "p" and not closing and self.item_opened:
            pass  # "<li><p>Source: …": the item's text, on the item's line
        elif name in _BLOCK:
            self.emit("\n\n" if name not in {"br", "li"} else "\n", start, False)

    def _link(self, closing: bool, token: str, start: int) -> None:
        """A link's address is written after its text, as ``<https://…>``."""
        if not closing:
            href = _HREF.search(token)
            if href:
                value = href.group(1) or href.group(2) or href.group(3) or ""
                index = start + (href.start(1) if href.group(1) is not None else href.start())
                self.pending_href.append((html.unescape(value), index))
        elif self.pending_href:
            url, index = self.pending_href.pop()
            if url.startswith(("http://", "https://")):
                self.emit(f" <{url}>", index, False)

    def _list(self, name: str, closing: bool, token: str, start: int) -> None:
        if closing:
            if self.lists:
                self.lists.pop()
        else:
            number = _START.search(token) if name == "ol" else None
            self.lists.append(None if name == "ul" else int(number.group(1)) if number else 1)
        self.emit("\n\n", start, False)
