"""The text a structured format's reader writes for the extractors, with each character's
place kept.

Two kinds of place: for XML read as a file (JATS, TEI) every character points into the
file, so a finding names the XML's own line and column; for packages (ODT, EPUB) and PDF
the reader writes a *source* too — a paragraph or a printed line a line — and the
characters point into it.  What the reader adds for the extractors (a heading's "#", a
note's number, a link's address) are *marks*: they point where they stand.

The text is shaped as the Word reader shapes it (``ingest/docx.py``): paragraphs parted by
blank lines, headings written with Markdown's "#", note calls as superscript numbers and
the notes in a "Notes" section at the end, a link's address after its text as ``<URL>``,
italic titles between ``*``, a table's cells as a pipe-table row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citecheck.ingest.xmltext import Chars, Node
from citecheck.model import GivenCall, GivenEntry, Markup

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_TOKENS = re.compile(r"\s+|\S+")


@dataclass
class Builder:
    """Text, offsets and (when ``own_source``) the source the offsets count in."""

    own_source: bool = False
    text: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    size: int = 0
    """Characters of text written so far."""
    source_size: int = 0
    last: int = 0
    """Where the last real character points: where a mark points."""
    space: bool = False
    """White space is pending: written as one space before the next word."""

    def put(self, piece: str, at: int = 0, verbatim: bool = True) -> None:
        """Real text: ``at`` is its place in the file (ignored with ``own_source``)."""
        if not piece:
            return
        if self.own_source:
            at, verbatim = self.source_size, True
            self.source.append(piece)
            self.source_size += len(piece)
        self.text.append(piece)
        self.offsets.extend(range(at, at + len(piece)) if verbatim else [at] * len(piece))
        self.size += len(piece)
        self.last = at + len(piece) - 1 if verbatim else at

    def mark(self, piece: str) -> None:
        """Text for the extractors only: it points where it stands."""
        self.text.append(piece)
        self.offsets.extend([self.last] * len(piece))
        self.size += len(piece)

    def chars(self, run: Chars) -> None:
        """Character data, its white space collapsed as a browser collapses it."""
        for token in _TOKENS.finditer(run.text):
            word = token.group()
            if word.isspace():
                self.space = True
                continue
            if self.space and self.size and not self._at_break():
                self.put(" ", run.at + token.start() - 1 if run.verbatim else run.at, run.verbatim)
            self.space = False
            start = run.at + token.start() if run.verbatim else run.at
            self.put(word, start, run.verbatim)

    def gap(self) -> None:
        """The white space pending before a mark, written first (" *Drosophila*")."""
        if self.space and self.size and not self._at_break():
            if self.own_source:
                self.put(" ")  # a space of the document's own, in its source too
            else:
                self.mark(" ")
        self.space = False

    def _at_break(self) -> bool:
        tail = self.text[-1] if self.text else "\n"
        return tail.endswith(("\n", " ", "(", "[", "“", "«\u00a0"))

    def end_paragraph(self) -> None:
        self.space = False
        if not self.size or "".join(self.text[-2:]).endswith("\n\n"):
            return
        if self.own_source:
            self.source.append("\n")
            self.source_size += 1
        self.mark("\n\n")

    def result(self) -> tuple[str, tuple[int, ...], str]:
        return "".join(self.text), tuple(self.offsets), "".join(self.source)


@dataclass
class Walker:
    """The reading common to the XML formats: paragraphs, inline text, notes, calls and
    entries; each format says which elements are which."""

    out: Builder
    note_numbers: dict[str, int] = field(default_factory=dict)
    """Id of each note called → its number, in calling order."""
    notes: dict[str, Node] = field(default_factory=dict)
    calls: list[GivenCall] = field(default_factory=list)
    entries: list[GivenEntry] = field(default_factory=list)
    bibliography: tuple[int, int] | None = None
    own_data: list[tuple[int, int]] = field(default_factory=list)

    def inline(self, node: Node) -> None:
        for child in node.children:
            if isinstance(child, Chars):
                self.out.chars(child)
            else:
                self.element(child)

    def element(self, node: Node) -> None:
        """An inline element: formats override this for the ones they know."""
        self.inline(node)

    def paragraph(self, node: Node) -> None:
        self.inline(node)
        self.out.end_paragraph()

    def heading(self, node: Node, level: int) -> None:
        self.out.end_paragraph()
        if self.out.size:
            self.out.mark("\n")  # a heading stands apart, as in a text file
        self.out.mark("#" * max(1, min(level, 6)) + " ")
        self.inline(node)
        self.out.end_paragraph()

    def italic(self, node: Node) -> None:
        if node.plain():
            self.out.gap()
            self.out.mark("*")
            self.inline(node)
            self.out.mark("*")

    def link(self, node: Node, target: str) -> None:
        """A link: its text, then its address when the text does not show it."""
        self.inline(node)
        shown = node.plain()
        if target.startswith(("http://", "https://")) and target.rstrip("/") != shown.rstrip("/"):
            self.out.mark(f" <{target}>")

    def call(self, node: Node, target: str) -> None:
        """A citation linked to its entry: the text a reader sees, recorded as a call."""
        start = self.out.size
        self.inline(node)
        if self.out.size > start:
            self.calls.append(GivenCall(start, self.out.size, target))

    def note_call(self, note_id: str) -> None:
        number = self.note_numbers.setdefault(note_id, len(self.note_numbers) + 1)
        self.out.mark(str(number).translate(SUPERSCRIPT))
        self.out.space = False

    def note_section(self, title: str = "Notes") -> None:
        """The notes called, in calling order, as a reader finds them at the end."""
        if not self.note_numbers:
            return
        self.out.end_paragraph()
        self.out.mark(f"\n# {title}\n\n")
        for note_id, number in sorted(self.note_numbers.items(), key=lambda item: item[1]):
            note = self.notes.get(note_id)
            if note is None:
                continue  # called but not there: the footnote check says so
            self.out.mark(f"{number}. ")
            self.note_body(note)
            self.out.end_paragraph()

    def note_body(self, note: Node) -> None:
        """A note's paragraphs on one line (its own number, if it writes one, left out);
        a note of bare text, as it is."""
        parts = [p for p in note.children if isinstance(p, Node) and p.tag != "label"]
        if not parts:
            self.inline(note)
        for index, part in enumerate(parts):
            if index:
                self.out.space = True
            self.inline(part)

    def markup(self) -> Markup:
        return Markup(tuple(self.entries), tuple(self.calls), self.bibliography,
                      tuple(self.own_data))


def figure(walker: Walker, node: Node, captions: list[list[Node]]) -> None:
    """A figure's or a table's captions (each a list of parts: a label, a title, its
    text), one table row each, then the table it holds: labels, not claims."""
    for parts in captions:
        walker.out.mark("| ")
        for part in parts:
            walker.inline(part)
            walker.out.space = True
        walker.out.space = False
        walker.out.mark(" |")
        walker.out.end_paragraph()
    for grid in node.iter("table"):
        table(walker, grid)


def table(walker: Walker, node: Node) -> None:
    """A table's rows as pipe-table rows: data, not claims."""
    for row in node.iter("tr") or node.iter("table-row") or node.iter("row"):
        cells = [c for c in row.elements() if c.tag in {"td", "th", "table-cell", "cell"}]
        if not cells:
            continue
        walker.out.mark("| ")
        for index, cell in enumerate(cells):
            if index:
                walker.out.mark(" | ")
            walker.inline(cell)
            walker.out.space = False
        walker.out.mark(" |")
        walker.out.end_paragraph()
