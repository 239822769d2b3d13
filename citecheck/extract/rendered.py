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


def _fenced_bibliography(text: str) -> RenderedBibliography | None:
    """The same blocks as Pandoc's own Markdown writes them (``pandoc -t markdown
    --citeproc``): fenced divs, ``::: {#ref-kuhn_2013 .csl-entry}`` … ``:::``."""
    entries: list[RenderedEntry] = []
    start: int | None = None
    end = 0
    for match in _FENCE_OPEN.finditer(text):
        attrs = match.group("attrs").split()
        ident = next((a[1:] for a in attrs if a.startswith("#")), "")
        if ident == "refs" and start is None:
            start = match.start()
        if not ident or ".csl-entry" not in attrs:
            continue
        close = _FENCE_CLOSE.search(text, match.end())
        body_end = close.start() if close else len(text)
        body = text[match.end():body_end]
        lead = len(body) - len(body.lstrip())
        entries.append(RenderedEntry(ident, match.end() + lead,
                                     match.end() + len(body.rstrip())))
        start = match.start() if start is None else start
        end = close.end() if close else len(text)
    if not entries or start is None:
        return None
    return RenderedBibliography(tuple(entries), start, end)


def rendered_bibliography(text: str) -> RenderedBibliography | None:
    """The ``csl-entry`` blocks of a document Pandoc rendered, or ``None``."""
    if "csl-entry" not in text:
        return None
    if "<div" not in text and ":::" in text:
        return _fenced_bibliography(text)
    entries: list[RenderedEntry] = []
    start: int | None = None
    end = 0
    for match in _DIV_OPEN.finditer(text):
        attrs = match.group("attrs")
        ident = _ID.search(attrs)
        classes = _CLASS.search(attrs)
        if ident and ident.group(1) == "refs" and start is None:
            start = match.start()
        if not (ident and classes and "csl-entry" in classes.group(1).split()):
            continue
        close = _DIV_CLOSE.search(text, match.end())
        body_end = close.start() if close else len(text)
        body_start = match.end()
        while body_start < body_end and text[body_start].isspace():
            body_start += 1
        stop = body_end
        while stop > body_start and text[stop - 1].isspace():
            stop -= 1
        entries.append(RenderedEntry(ident.group(1), body_start, stop))
        start = match.start() if start is None else start
        end = close.end() if close else len(text)
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
