"""Pandoc's output read back: Markdown that Pandoc wrote with its citations formatted.

R Markdown's ``github_document``, Quarto's ``gfm`` and ``pandoc -t gfm --citeproc``
write a document whose bibliography is a ``<div id="refs">`` of ``<div id="ref-KEY"
class="csl-entry">`` blocks, and whose citations, with ``link-citations``, are links to
those blocks: ``([Kuhn, 2013](#ref-kuhn_roots_2013))``; Pandoc's own Markdown writes
the blocks as fenced divs (``::: {#ref-kuhn_roots_2013 .csl-entry}``).  Such a file has no ``.bib``
beside it and no ``@key`` in it; read as prose, its entries' ``<div>`` lines were taken
for entries and its citations for nothing.  Here each block is one entry, keyed by its
anchor, and each link to an entry's anchor is a citation of that entry.  Links to other
anchors (a section, a figure) are cross-references, not citations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from citecheck.model import Citation, Document
from citecheck.text import Ranges

_DIV_OPEN = re.compile(r"<div\b(?P<attrs>[^>]*)>", re.I)
_DIV_CLOSE = re.compile(r"</div\s*>", re.I)
_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""", re.I)
_CLASS = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""", re.I)
_ANCHOR_LINK = re.compile(
    r"\[(?P<label>(?:[^\[\]\n]|\n(?![^\S\n]*\n)){1,300}?)\]\(#(?P<id>[^)\s]+)\)")
"""A Markdown link to an anchor of this document, its label possibly wrapped."""
ENTRY_PREFIX = "ref-"
"""Pandoc's prefix for the anchor of a bibliography entry (``--id-prefix`` aside)."""


_ENTRY_ANCHOR = re.compile(
    r"""\s*(?:[-*+]\s+|\d{1,3}[.)]\s+)?(?:<a\s+(?:name|id)\s*=\s*["']([^"']+)["'][^>]*>\s*(?:</a>)?"""
    r"""|<span\s+id\s*=\s*["']([^"']+)["'][^>]*>|\[([^\]\s^]{2,60})\]:\s)""", re.I)
"""An anchor opening a bibliography entry: ``<a name="smith2004"></a>Smith…``, ``<span
id="smith2004">``, or a label ``[smith2004]: Smith…``."""


def entry_anchor(raw: str) -> str | None:
    """The anchor a hand-written entry opens with, which links in the text point to
    (``[[smith2004](#smith2004)]``), or ``None``."""
    match = _ENTRY_ANCHOR.match(raw)
    return next((g for g in match.groups() if g), None) if match else None


@dataclass(frozen=True, slots=True)
class RenderedEntry:
    key: str
    """The entry's anchor ("ref-kuhn_2013"): what the links to it name."""
    start: int
    end: int
    """The entry's text, between its ``<div …>`` and ``</div>``, trimmed."""


@dataclass(frozen=True, slots=True)
class RenderedBibliography:
    entries: tuple[RenderedEntry, ...]
    start: int
    end: int
    """From the ``<div id="refs">`` (or the first entry) to the last entry's end."""


_FENCE_OPEN = re.compile(r"^(?P<colons>:{3,})[^\S\n]*\{(?P<attrs>[^}\n]*)\}[^\S\n]*$", re.M)
_FENCE_CLOSE = re.compile(r"^:{3,}[^\S\n]*$", re.M)


def _fenced_blocks(text: str) -> Iterator[tuple[str, bool, re.Match[str]]]:
    """Pandoc's own Markdown (``pandoc -t markdown --citeproc``): fenced divs,
    ``::: {#ref-kuhn_2013 .csl-entry}`` … ``:::``."""
    for match in _FENCE_OPEN.finditer(text):
        attrs = match.group("attrs").split()
        ident = next((a[1:] for a in attrs if a.startswith("#")), "")
        yield ident, bool(ident) and ".csl-entry" in attrs, match


def _div_blocks(text: str) -> Iterator[tuple[str, bool, re.Match[str]]]:
    """HTML (or HTML in Markdown): ``<div id="ref-kuhn_2013" class="csl-entry">``."""
    for match in _DIV_OPEN.finditer(text):
        attrs = match.group("attrs")
        ident = _ID.search(attrs)
        classes = _CLASS.search(attrs)
        yield (ident.group(1) if ident else "",
               bool(ident and classes and "csl-entry" in classes.group(1).split()), match)


def rendered_bibliography(text: str) -> RenderedBibliography | None:
    """The ``csl-entry`` blocks of a document Pandoc rendered, or ``None``: each entry's
    text (trimmed) between its opening and its close, and the bibliography from the
    ``#refs`` block (or the first entry) to the last entry's close."""
    if "csl-entry" not in text:
        return None
    fenced = "<div" not in text and ":::" in text
    blocks = _fenced_blocks(text) if fenced else _div_blocks(text)
    close = _FENCE_CLOSE if fenced else _DIV_CLOSE
    entries: list[RenderedEntry] = []
    start: int | None = None
    end = 0
    for ident, is_entry, match in blocks:
        if ident == "refs" and start is None:
            start = match.start()
        if not is_entry:
            continue
        closing = close.search(text, match.end())
        body = text[match.end():closing.start() if closing else len(text)]
        body_start = match.end() + len(body) - len(body.lstrip())
        entries.append(RenderedEntry(ident, body_start,
                                     max(body_start, match.end() + len(body.rstrip()))))
        start = match.start() if start is None else start
        end = closing.end() if closing else len(text)
    if not entries or start is None:
        return None
    return RenderedBibliography(tuple(entries), start, end)


_DEFINED = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']|\{#([^\s}]+)""", re.I)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)
_KEYLIKE = re.compile(r"[A-Za-z][\w:.-]*\d[\w:.-]*")
"""A citation key's shape: letters, then digits somewhere ("smith2004", "Doe:2010a")."""


_UNRESOLVED = re.compile(
    r"(?:(?<=\()|(?<=\*\*)|(?<=;\s))\**(?P<key>[A-Za-z][\w:.#$%&+<>~/-]*?"
    r"(?:\d|[:_]|(?<=[a-z])[A-Z])[\w:.#$%&+<>~/-]*)\?\**(?=[);,]|\s|$)")
"""What Pandoc prints for a key it found in no bibliography: "(**smith2004?**)".  A key
has a digit, a colon or an underscore, or capitals inside a word as Zotero's Better
BibTeX writes them ("Atilf-cnrsuniversitedelorraineTLFiTresorLangue", capitalised by
Pandoc at the start of a note); "**Why?**" has none."""


def unresolved_citations(doc: Document, exclude: list[tuple[int, int]]) -> list[Citation]:
    """The keys Pandoc could not resolve when it rendered the page ("smith2004?")."""
    excluded = Ranges(exclude)
    return [Citation(doc.span(m.start("key"), m.end("key") + 1), m.group("key") + "?",
                     "unresolved", key=m.group("key"))
            for m in _UNRESOLVED.finditer(doc.text) if m.start() not in excluded]


def anchors_defined(text: str) -> set[str]:
    """Every anchor a link can reach in the document: ``id``/``name`` attributes,
    ``{#id}`` attributes and the headings' GitHub-style slugs."""
    found = {next(g for g in m.groups() if g) for m in _DEFINED.finditer(text)}
    for heading in _HEADING.finditer(text):
        words = re.sub(r"[^\w\s-]", "", heading.group(1).lower()).split()
        found.add("-".join(words))
    return found


def anchor_citations(doc: Document, keys: set[str], exclude: list[tuple[int, int]]
                     ) -> list[Citation]:
    """Links to the anchor of a bibliography entry (``[Kuhn, 2013](#ref-kuhn_2013)``),
    and links to ``#ref-…`` anchors that no entry carries (a citation whose entry is
    gone: the reader's click leads nowhere).  Each is one citation of its key, with
    the link's label as the text a reader sees."""
    found: list[Citation] = []
    excluded = Ranges(exclude)
    defined = anchors_defined(doc.text) if keys else set()
    for match in _ANCHOR_LINK.finditer(doc.text):
        if match.start() in excluded:
            continue
        anchor = match.group("id")
        if not (anchor.startswith(ENTRY_PREFIX) or anchor in keys or (
                keys and anchor not in defined and _KEYLIKE.fullmatch(anchor))):
            continue  # a section, a figure: a cross-reference
        label = " ".join(match.group("label").split())
        found.append(Citation(doc.span(match.start(), match.end()), label, "anchor",
                              key=anchor))
    return found


_LABEL_CALL = re.compile(r"(?<![\]!\w])\[(?P<key>[A-Za-z][\w:.-]*\d[\w:.-]*)\](?![(:\[])")
"""A bracketed label in the text, "[Lewis2016]", as the entries' "[Lewis2016]: …" lines."""


def label_citations(doc: Document, labels: set[str], exclude: list[tuple[int, int]]
                    ) -> list[Citation]:
    """Calls of a reference list whose entries open with a label ("[Lewis2016]: Lewis J,
    …"): each "[Lewis2016]" in the text is a citation of that key (form ``label``), and
    a label-shaped call no entry has is one that reaches nothing.  Only where the list
    is labelled (``labels``): elsewhere "[word2020]" is no call."""
    if not labels:
        return []
    excluded = Ranges(exclude)
    return [Citation(doc.span(m.start(), m.end()), m.group(0), "label", key=m.group("key"))
            for m in _LABEL_CALL.finditer(doc.text) if m.start() not in excluded]
