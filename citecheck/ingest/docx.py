"""Word documents (``.docx``) → text, keeping where each character came from.

Op-eds and essays reach editors as Word files.  A ``.docx`` is a zip of XML parts; the
text is read from ``word/document.xml`` with only the standard library:

- each paragraph (tables' cells included) becomes one line of the *source* the report
  points into, so a finding's line is the paragraph's number, counted from the top;
  in the text the extractors read, paragraphs are parted by blank lines, and a table's
  cells are written "| … |", as rows of a Markdown table: data, not claims;
- footnote and endnote calls become superscript numbers ("¹"), numbered in the order
  they are called, and the notes themselves a "Notes" section at the end ("1. …"), as
  a reader sees them;
- a hyperlink's address is written after its text as ``<URL>``, and italic runs
  between ``*`` (a title in italics, as in Markdown), so the extractors see both;
- tracked deletions and field codes are left out.

Untrusted input: the parts are read with a bound on their unpacked size (no zip bomb),
and XML with a document type declaration is refused (no entity expansion).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

from citecheck.errors import InputError
from citecheck.ingest.xmltext import member_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_HEADING_STYLES = ("heading", "titre", "title", "berschrift")
_FALSE = {"0", "false", "off", "none"}


@dataclass
class _Builder:
    """The text the extractors read, its offsets into the source, and the source (one
    line per paragraph)."""

    text: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    size: int = 0
    """Length of the source so far."""

    def real(self, piece: str) -> None:
        """Text of the document: in both, character for character."""
        self.text.append(piece)
        self.offsets.extend(range(self.size, self.size + len(piece)))
        self.source.append(piece)
        self.size += len(piece)

    def mark(self, piece: str) -> None:
        """Text added for the extractors only: it points at where it stands."""
        self.text.append(piece)
        self.offsets.extend([self.size] * len(piece))

    def end_paragraph(self) -> None:
        self.mark("\n\n")
        self.source.append("\n")
        self.size += 1


def _part(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    data = member_bytes(archive, name, name)
    if data is None:
        return None
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise InputError(f"{name} declares a document type: refused")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise InputError(f"{name} is not well-formed XML ({exc})") from None


def _links(archive: zipfile.ZipFile) -> dict[str, str]:
    rels = _part(archive, "word/_rels/document.xml.rels")
    if rels is None:
        return {}
    return {rel.get("Id", ""): rel.get("Target", "") for rel in rels.iter(f"{PACKAGE_RELS}Relationship")
            if rel.get("TargetMode") == "External"}


def _notes(archive: zipfile.ZipFile, part: str, tag: str) -> dict[str, ElementTree.Element]:
    root = _part(archive, part)
    if root is None:
        return {}
    return {note.get(f"{W}id", ""): note for note in root.iter(f"{W}{tag}")
            if note.get(f"{W}type") not in {"separator", "continuationSeparator",
                                             "continuationNotice"}}


def _on(props: ElementTree.Element | None, name: str) -> bool:
    if props is None:
        return False
    flag = props.find(f"{W}{name}")
    return flag is not None and flag.get(f"{W}val", "true").lower() not in _FALSE


class _Reader:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.links = _links(archive)
        self.notes = {"footnote": _notes(archive, "word/footnotes.xml", "footnote"),
                      "endnote": _notes(archive, "word/endnotes.xml", "endnote")}
        self.numbers: dict[tuple[str, str], int] = {}
        """(kind, id) of each note called, and its number in calling order."""
        self.field_url: str | None = None
        self.note_start = False
        self.out = _Builder()

    def paragraph(self, para: ElementTree.Element) -> None:
        self.inline(para)
        self.out.end_paragraph()

    def inline(self, element: ElementTree.Element) -> None:
        """A paragraph's (or a hyperlink's) content in document order; nested
        paragraphs (text boxes) are read as paragraphs of their own."""
        for child in element:
            tag = child.tag
            if tag == f"{W}r":
                self.run(child)
            elif tag == f"{W}hyperlink":
                self.inline(child)
                target = self.links.get(child.get(f"{R}id", ""), "")
                if target.startswith(("http://", "https://")):
                    self.out.mark(f" <{target}>")
            elif tag in {f"{W}ins", f"{W}smartTag", f"{W}sdt", f"{W}sdtContent",
                         f"{W}fldSimple", f"{W}customXml"}:
                self.inline(child)
                url = _hyperlink_field(child.get(f"{W}instr", ""))
                if tag == f"{W}fldSimple" and url:
                    self.out.mark(f" <{url}>")
            # w:del (tracked deletions), w:pPr and the rest carry no visible text.

    def run(self, run: ElementTree.Element) -> None:
        italic = _on(run.find(f"{W}rPr"), "i")
        pieces = list(self.run_text(run))
        text = "".join(pieces)
        if italic and text.strip():
            self.out.mark("*")
        for piece in pieces:
            if piece.startswith("\0"):
                self.out.mark(piece[1:])
                continue
            if self.note_start:  # the space Word puts after a note's own number
                piece = piece.lstrip()
                self.note_start = not piece
            self.out.real(piece)
        if italic and text.strip():
            self.out.mark("*")

    def run_text(self, run: ElementTree.Element) -> Iterator[str]:
        """The run's pieces; those that start with NUL are marks, not document text."""
        for child in run:
            tag = child.tag
            if tag == f"{W}t":
                yield child.text or ""
            elif tag == f"{W}tab":
                yield "\t"
            elif tag in {f"{W}br", f"{W}cr"}:
                yield " "
            elif tag == f"{W}noBreakHyphen":
                yield "-"
            elif tag == f"{W}instrText":
                # A HYPERLINK field: its address is written after the text it shows.
                self.field_url = _hyperlink_field(child.text or "") or self.field_url
            elif tag == f"{W}fldChar" and child.get(f"{W}fldCharType") == "end":
                if self.field_url:
                    yield f"\0 <{self.field_url}>"
                self.field_url = None
            elif tag in {f"{W}footnoteReference", f"{W}endnoteReference"}:
                kind = "footnote" if tag == f"{W}footnoteReference" else "endnote"
                key = (kind, child.get(f"{W}id", ""))
                number = self.numbers.setdefault(key, len(self.numbers) + 1)
                yield "\0" + str(number).translate(_SUPERSCRIPT)

    def note_section(self) -> None:
        if not self.numbers:
            return
        self.out.real("Notes")
        self.out.end_paragraph()
        for (kind, key), number in sorted(self.numbers.items(), key=lambda item: item[1]):
            note = self.notes[kind].get(key)
            if note is None:
                continue  # called but not there: the footnote check says so
            self.out.mark(f"{number}. ")
            self.note_start = True
            for index, para in enumerate(note.iter(f"{W}p")):
                if index:
                    self.out.real(" ")
                self.inline(para)
            self.out.end_paragraph()


def _hyperlink_field(code: str) -> str | None:
    """The address of a ``HYPERLINK "https://…"`` field code."""
    words = code.strip().split()
    if not words or words[0].upper() != "HYPERLINK":
        return None
    # The first argument that is not a switch ("\\l" names a bookmark, not a page).
    address = next((w for w in words[1:] if not w.startswith("\\")), "").strip('"')
    return address if address.startswith(("http://", "https://")) else None


def _heading_level(para: ElementTree.Element) -> int:
    """1–6 for a paragraph in a heading style ("Heading2", "Titre 3", "Title"), else 0."""
    props = para.find(f"{W}pPr")
    style = props.find(f"{W}pStyle") if props is not None else None
    value = (style.get(f"{W}val", "") if style is not None else "").lower()
    if not value.startswith(_HEADING_STYLES):
        return 0
    digits = "".join(c for c in value if c.isdigit())
    return min(int(digits), 6) if digits else 1


def docx_to_text(data: bytes, name: str) -> tuple[str, tuple[int, ...], str]:
    """(text for the extractors, offsets into the source, source) of a Word file."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{name}: not a Word document (not a zip file)") from None
    with archive:
        body = _part(archive, "word/document.xml")
        if body is None:
            raise InputError(f"{name}: not a Word document (no word/document.xml)")
        reader = _Reader(archive)
        cells = {id(p) for table in body.iter(f"{W}tbl") for p in table.iter(f"{W}p")}
        for para in body.iter(f"{W}p"):
            level = _heading_level(para)
            if level and reader.out.size:
                reader.out.mark("\n")  # a heading stands apart, as in a text file
            if level:
                # Marked as Markdown marks its levels, so that a section ("Results")
                # runs over its subsections and ends at the next heading of its level.
                reader.out.mark("#" * level + " ")
            if id(para) in cells:
                reader.out.mark("| ")  # a table's cell: data, read as a pipe-table row
                reader.inline(para)
                reader.out.mark(" |")
                reader.out.end_paragraph()
            else:
                reader.paragraph(para)
        reader.note_section()
    out = reader.out
    return "".join(out.text), tuple(out.offsets), "".join(out.source)
