"""EPUB e-books → text: each chapter of the spine in reading order.

An EPUB is a zip: ``META-INF/container.xml`` names the package file, whose spine lists
the chapters (XHTML).  Headings, paragraphs, lists, quotations and tables are read as in
an HTML page; a link is a link; a note call (``epub:type="noteref"`` or ARIA's
``role="doc-noteref"``) becomes a superscript number and the note it points to
(``epub:type="footnote"``/``"endnote"``, ``role="doc-footnote"``/``"doc-endnote"``, in
any chapter) joins a Notes section at the end, as a reader follows them.  Each paragraph
is one line of the source a finding's line counts in.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from citecheck.errors import InputError
from citecheck.ingest.textbuild import Builder, Walker, table
from citecheck.ingest.xmltext import MAX_PACKAGE_BYTES, Node, parse, read_member

_OPS = "{http://www.idpf.org/2007/ops}type"
_NOTE_TYPES = frozenset({"footnote", "endnote", "rearnote", "note", "doc-footnote",
                         "doc-endnote"})
_SKIP = frozenset({"head", "script", "style", "nav", "math", "svg", "img", "figure-img",
                   "code", "pre", "template"})
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_BLOCKS = frozenset({"p", "li", "blockquote", "dt", "dd", "figcaption", "caption", "address"})
_MAX_CHAPTERS = 2000


def _kinds(node: Node) -> set[str]:
    return set((node.get(_OPS) + " " + node.get("role")).split())


class _Epub(Walker):
    def __init__(self, notes: dict[str, Node]) -> None:
        super().__init__(Builder(own_source=True))
        self.notes = notes

    def block(self, node: Node) -> None:
        tag = node.tag
        if tag in _SKIP or _kinds(node) & _NOTE_TYPES or "endnotes" in _kinds(node):
            return  # notes are read where they are called
        if tag in _HEADINGS:
            self.heading(node, _HEADINGS[tag])
        elif tag == "table":
            table(self, node)
        elif tag in _BLOCKS or not any(c.tag in _CONTAINER_CHILDREN for c in node.elements()):
            if node.plain():
                self.paragraph(node)
        else:
            for child in node.elements():
                self.block(child)

    def element(self, node: Node) -> None:
        tag = node.tag
        if tag in _SKIP:
            return
        if tag == "a" and _kinds(node) & {"noteref", "doc-noteref"}:
            target = node.get("href").rpartition("#")[2]
            if target in self.notes:
                self.note_call(target)
                return
        if tag == "a":
            self.link(node, node.get("href"))
        elif tag in {"em", "i", "cite"}:
            self.italic(node)
        elif tag == "br":
            self.out.space = True
        elif tag == "sup" and all(_kinds(a) & {"noteref", "doc-noteref"} for a in node.elements("a")) \
                and node.elements("a"):
            self.inline(node)  # the call's own <sup>: the number is written as one
        else:
            self.inline(node)


_CONTAINER_CHILDREN = _BLOCKS | set(_HEADINGS) | {"div", "section", "article", "ul", "ol",
                                                  "dl", "table", "aside", "header", "footer",
                                                  "main", "figure", "hr"}


def _spine(archive: zipfile.ZipFile, name: str) -> list[str]:
    """The chapters' paths in the zip, in reading order."""
    container = read_member(archive, "META-INF/container.xml", name)
    if container is None:
        raise InputError(f"{name}: not an EPUB (no META-INF/container.xml)")
    rootfile = next(iter(parse(container, name).iter("rootfile")), None)
    package_path = rootfile.get("full-path") if rootfile is not None else ""
    package = read_member(archive, package_path, name) if package_path else None
    if package is None:
        raise InputError(f"{name}: its package file ({package_path or 'none named'}) is missing")
    root = parse(package, f"{name}: {package_path}")
    base = posixpath.dirname(package_path)
    items = {i.get("id"): i.get("href") for i in root.iter("item")}
    return [posixpath.normpath(posixpath.join(base, items[ref.get("idref")]))
            for ref in root.iter("itemref")[:_MAX_CHAPTERS] if ref.get("idref") in items]


def epub_to_text(data: bytes, name: str) -> tuple[str, tuple[int, ...], str]:
    """(text for the extractors, offsets into the source, source) of an EPUB."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{name}: not an EPUB (not a zip file)") from None
    with archive:
        chapters = []
        unpacked = 0
        for path in _spine(archive, name):
            text = read_member(archive, path, name)
            if text is None:
                continue
            unpacked += len(text)
            if unpacked > MAX_PACKAGE_BYTES:
                raise InputError(f"{name}: its chapters unpack to more than "
                                 f"{MAX_PACKAGE_BYTES} bytes")
            chapters.append(parse(text, f"{name}: {path}"))
    notes = {n.get("id"): n for chapter in chapters for tag in ("aside", "li", "div", "section", "p")
             for n in chapter.iter(tag) if n.get("id") and _kinds(n) & _NOTE_TYPES}
    walker = _Epub(notes)
    for chapter in chapters:
        for body in chapter.iter("body"):
            for child in body.elements():
                walker.block(child)
    walker.note_section()
    return walker.out.result()
