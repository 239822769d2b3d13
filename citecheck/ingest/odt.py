"""OpenDocument text (``.odt``, LibreOffice's and French administrations' format) → text.

A ``.odt`` is a zip; ``content.xml`` holds the text: headings (``text:h`` with their
outline level), paragraphs, lists and tables; ``text:note`` is a footnote or endnote
written where it is called (its call becomes a superscript number and its body joins a
Notes section); ``text:a`` is a link; a span in an italic style is italic.  As for Word,
each paragraph is one line of the source a finding's line counts in.
"""

from __future__ import annotations

import io
import zipfile

from citecheck.errors import InputError
from citecheck.ingest.textbuild import Builder, Walker, table
from citecheck.ingest.xmltext import Node, parse, read_member

_SKIP = frozenset({"frame", "soft-page-break", "bookmark", "bookmark-start", "bookmark-end",
                   "reference-mark-start", "reference-mark-end", "tracked-changes",
                   "sequence-decls", "variable-decls", "user-field-decls", "annotation",
                   "table-of-content", "alphabetical-index", "illustration-index",
                   "note-citation", "forms"})


class _Odt(Walker):
    def __init__(self, italic: set[str]) -> None:
        super().__init__(Builder(own_source=True))
        self.italic_styles = italic

    def block(self, node: Node) -> None:
        tag = node.tag
        if tag in _SKIP:
            return
        if tag == "h":
            self.heading(node, int(node.get("outline-level", "1") or 1))
        elif tag == "p":
            self.paragraph(node)
        elif tag == "table":
            table(self, node)
        else:  # lists, sections, the bibliography index: their paragraphs
            for child in node.elements():
                self.block(child)

    def element(self, node: Node) -> None:
        tag = node.tag
        if tag in _SKIP:
            return
        if tag == "note":
            key = node.get("id") or f"note{len(self.notes) + 1}"
            body = node.first("note-body")
            if body is not None:
                self.notes[key] = body
            self.note_call(key)
        elif tag == "a":
            self.link(node, node.get("href"))
        elif tag in {"s", "tab", "line-break"}:
            self.out.space = True
        elif tag == "span" and node.get("style-name") in self.italic_styles:
            self.italic(node)
        else:
            self.inline(node)


def _italic_styles(*roots: Node) -> set[str]:
    """Names of the text styles that set italics (automatic styles, named ones)."""
    found = set()
    for root in roots:
        for style in root.iter("style"):
            props = style.first("text-properties")
            if props is not None and props.get("font-style") == "italic":
                found.add(style.get("name"))
    return found


def odt_to_text(data: bytes, name: str) -> tuple[str, tuple[int, ...], str]:
    """(text for the extractors, offsets into the source, source) of an ODT file."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{name}: not an OpenDocument file (not a zip file)") from None
    with archive:
        content = read_member(archive, "content.xml", name)
        if content is None:
            raise InputError(f"{name}: not an OpenDocument text (no content.xml)")
        root = parse(content, f"{name}: content.xml")
        styles = read_member(archive, "styles.xml", name)
    walker = _Odt(_italic_styles(root, *([parse(styles, f"{name}: styles.xml")] if styles else [])))
    for text in root.iter("text"):
        if text.ns.endswith(":office:1.0"):
            for child in text.elements():
                walker.block(child)
    walker.note_section()
    return walker.out.result()
