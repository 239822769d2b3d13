"""A PDF page's characters → lines in reading order → the text the extractors read.

Phases, each a general rule of printed pages:

1. **Lines.** Characters drawn on one baseline form a line; a short run of small
   characters raised above a line (a note call) joins it as superscript digits ("¹").
2. **Reading order.** Where a page's lines fall into two columns (each narrower than half
   the page), the left column is read before the right one; lines that span the page
   (a title) keep their place above or below.
3. **Furniture.** A line at a page's top or foot that recurs on most pages once its
   digits are set aside (a running header, "Page 3 of 9") or that is a bare page number
   is not text.
4. **Notes.** A block at a page's foot in a smaller type whose lines open with numbers
   are footnotes: they join a Notes section at the end, as the Word reader writes them.
5. **Paragraphs.** Lines join into a paragraph until a vertical gap, a change of type
   size, an indent (first-line or hanging: each entry of a reference list), a label
   ("[12]", "12.") or a short line ending a sentence.  A word hyphenated at a line's end
   is joined again; ligatures ("ﬁ") are spelt out; a link annotation's address is written
   after its text when the text does not show it.

The *source* holds every line of every page, one per line, so a finding says "p. 4,
l. 12"; the text points into it character by character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citecheck.ingest.pdflines import (
    NOTE_START,
    Char,
    Line,
    Page,
    body_size,
    column_edges,
    furniture,
    line_numbers,
    local_spacing,
    notes,
    read_lines,
    usual_spacing,
)

__all__ = ["Char", "Page", "layout"]

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_LABEL = re.compile(r"\s*(?:\[\d{1,4}\]|\d{1,3}[.)]\s(?=[A-ZÀ-Ý«“\"(\[])|[•▪◦–-]\s)")
"""A list item's label ("[12]", "12.", a bullet); not a year ("2025. « Titre »")."""
_SENTENCE_END = tuple(".!?:»”\")")
_ADDRESS_SHOWN = re.compile(r"://|^www\.|^<?https?|\.(?:org|com|net|fr)\b")
"""Link text that is itself an address (perhaps cut at the line's end)."""


def layout(pages: list[Page]) -> tuple[str, tuple[int, ...], str, tuple[int, ...]]:
    """(text, offsets into the source, source, line each page begins on)."""
    page_lines = [read_lines(page) for page in pages]
    for lines in page_lines:
        line_numbers(lines)
    furniture(page_lines)
    for lines in page_lines:
        column_edges(lines)
    size = body_size(page_lines)
    for lines in page_lines:
        notes(lines, size)
    source: list[str] = []
    starts: list[int] = []
    offset = 0
    for lines in page_lines:
        starts.append(len(source) + 1)
        for line in lines:
            line.start = offset
            source.append(line.text)
            offset += len(line.text) + 1
    spacing = usual_spacing(page_lines)
    for lines in page_lines:
        local_spacing([ln for ln in lines if ln.role == "body"], spacing, size)
    writer = _Writer(size, spacing)
    for lines in page_lines:
        writer.body([ln for ln in lines if ln.role == "body"])
    writer.notes([ln for lines in page_lines for ln in lines if ln.role == "note"])
    return "".join(writer.text), tuple(writer.offsets), "\n".join(source), tuple(starts)


@dataclass
class _Writer:
    """Paragraphs of lines, each character pointing at its place in the source."""

    size: float
    spacing: float
    text: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    previous: Line | None = None
    continuing: str | None = None
    carried: str | None = None
    """The address of a link that ran to the end of the line above: the same link going on
    is no new one."""

    def put(self, piece: str, at: int) -> None:
        self.text.append(piece)
        self.offsets.extend([at] * len(piece))

    def line(self, line: Line, following: Line | None = None) -> None:
        link_end: tuple[int, str] | None = None
        self.continuing, self.carried = self.carried, None
        for index, char in enumerate(line.chars[:len(line.text)]):
            at = line.start + index
            spelt = _LIGATURES.get(char.text, char.text)
            last = index == len(line.text) - 1
            if char.text == "\u00ad" or (char.hyphen and last):
                if last and "/" in line.text.rsplit(" ", 1)[-1]:
                    self.put("-", at)  # a hyphen of a web address, kept whole
                continue
            uri = _link_at(line.page, char, line.x0) if char.text.strip() else (
                link_end[1] if link_end else None)
            ends = (uri != link_end[1] and not char.text.isspace()) or (
                char.text.isspace() and _link_at(line.page, char) is None) if link_end else False
            if link_end and ends:
                self._address(line, link_end, index, at - 1)
                link_end = None
            if uri and link_end is None:
                link_end = (index, uri)
            self.text.append(spelt)
            self.offsets.extend([at] * len(spelt))
        if link_end:
            at = line.start + len(line.text) - 1
            self._address(line, link_end, len(line.text), at)
            self.carried = link_end[1]
            first = next((c for c in following.chars if c.text.strip()), None) if following else None
            if first is None or _link_at(following.page, first) != link_end[1]:  # type: ignore[union-attr]
                self._clipped(line, link_end, at)

    def _clipped(self, line: Line, link: tuple[int, str], at: int) -> None:
        """An address cut where its column is clipped, the link's own ending the line:
        the link says how it goes on."""
        written = line.text[link[0]:].strip().lstrip("<([").replace("\u00ad", "-")
        address = link[1]
        if len(written) > 12 and address.startswith(written) and len(address) > len(written) + 1:
            self.put(address[len(written):], at)

    def _address(self, line: Line, link: tuple[int, str], end: int, at: int) -> None:
        if link[0] == 0 and link[1] == self.continuing:
            return  # the rest of a link begun on the line above
        shown = line.text[link[0]:end].strip().rstrip("/.")
        address = link[1]
        if shown and not _ADDRESS_SHOWN.search(shown) and address.rstrip("/") not in shown:
            self.put(f" <{address}>", at)

    def body(self, lines: list[Line]) -> None:
        for index, line in enumerate(lines):
            following = lines[index + 1] if index + 1 < len(lines) else None
            joint = self._joint(self.previous, line) if self.previous is not None else "\n\n"
            if self.previous is not None:
                self.put(joint, self.previous.start + len(
                    self.previous.text) - 1 if self.previous.text else self.previous.start)
            if joint == "\n\n" and _heading(line, self.size) and (following is None or _new_paragraph(
                    line, following, self.size, following.spacing or self.spacing)):
                self.put("# ", line.start)  # written as Markdown writes a heading
            self.line(line, following)
            self.previous = line

    def _joint(self, above: Line, line: Line) -> str:
        """What stands between two lines: nothing (a hyphenated word), a space (the same
        paragraph) or a blank line (a new one)."""
        if _new_paragraph(above, line, self.size, line.spacing or self.spacing):
            return "\n\n"
        tail = above.text.rsplit(" ", 1)[-1]
        if tail.endswith(("-", "\u00ad")) and "/" in tail:
            return ""  # an address cut after one of its hyphens: the hyphen is its own
        if tail.endswith(("-", "\u00ad")) and line.text[:1].islower():
            if self.text and self.text[-1] == "-":
                self.text.pop()
                self.offsets.pop()
            return ""
        if _OPEN_ADDRESS.fullmatch(tail):
            return ""  # "<https://…" goes on up to its ">"
        first = next((c for c in line.chars if c.text.strip()), None)
        if self.carried and first and _link_at(line.page, first) == self.carried and (
                "/" in tail or tail.endswith(".")):
            return ""  # one link over both lines: an address cut by the line's end
        return " "

    def notes(self, lines: list[Line]) -> None:
        if not lines:
            return
        at = lines[0].start
        self.put("\n\n# Notes\n\n", self.offsets[-1] if self.offsets else at)
        self.previous = None
        for line in lines:
            if self.previous is not None:
                self.put("\n\n" if NOTE_START.match(line.text) else " ",
                         self.previous.start + max(len(self.previous.text) - 1, 0))
            self.line(line)
            self.previous = line


def _heading(line: Line, size: float) -> bool:
    """A line that stands alone and reads as a heading: in a larger type, in bold, or in
    capitals, and not a sentence."""
    text = line.text.strip()
    letters = [c for c in text if c.isalpha()]
    if not 2 < len(text) < 100 or len(letters) < 3 or text.endswith((".", ",", ";")):
        return False
    shown = [c for c in line.chars if c.text.strip()]
    bold = sum(c.weight >= 600 for c in shown) >= 0.8 * len(shown)
    capitals = all(c.isupper() for c in letters) and len(letters) >= 4
    return line.size >= 1.12 * size or bold or capitals


def _link_at(page: Page, char: Char, line_x0: float | None = None) -> str | None:
    """The address of the link over ``char``; with ``line_x0``, only a link that starts
    on the char's own line (an address overflowing the next column has a link box over
    that column's words too)."""
    if not page.links:
        return None
    x = (char.x0 + char.x1) / 2
    y = (char.bottom + char.top) / 2
    for (left, bottom, right, top), uri in page.links:
        if left <= x <= right and bottom <= y <= top and (
                line_x0 is None or left >= line_x0 - 2):
            return uri
    return None


def _new_paragraph(above: Line, line: Line, size: float, spacing: float) -> bool:
    em = size  # the body's type size, in the page's units
    if _LABEL.match(line.text + " ") and len(above.text) > 6:
        return True  # "[2] …", "2. …": the next entry of a list
    if above.page is not line.page or (line.base > above.base and line.x0 > above.x1):
        # The next page or column: no gap to measure, but indents and sizes still tell.
        if abs(above.size - line.size) > 0.15 * size:
            return True
        if abs(line.x0 - above.x0) < 6 * em and _indented(above, line, em):
            return True
        return _short(above, em) and not _CONTINUED.match(line.text)
    gap = above.base - line.base
    if 0 < gap < 2.5 * spacing and _indented(above, line, em):
        return True
    if gap < 2.5 * spacing and abs(above.size - line.size) <= 0.15 * size and (
            _ADDRESS_LINE.match(line.text) or (above.x1 >= above.column_right - 2 * em
                                                and not above.text.endswith(_SENTENCE_END))):
        # An address too long for the line above, pushed onto its own; or a full line
        # that ends mid-sentence: a taller line below (an overflowing address) is no gap.
        return False
    if gap < 0 or gap > 1.3 * spacing or abs(above.size - line.size) > 0.15 * size:
        return True  # a gap, another type size (a heading)
    return _indented(above, line, em) or (_short(above, em) and not _CONTINUED.match(line.text))


def _indented(above: Line, line: Line, em: float) -> bool:
    """An indent that starts a paragraph: among hanging entries, a line back at the
    margin (the next entry); among indented paragraphs, a line set in (the next one).
    Where the neighbours do not tell, a line above that stops short ends its paragraph."""
    if abs(line.x0 - above.x0) <= 0.6 * em or _LABEL.match(above.text + " ") and (
            line.x0 > above.x0):
        return False
    if line.hanging and above.hanging:
        return line.x0 < above.x0
    if line.x0 < above.x0 and _ENDS_ENTRY.search(above.text):
        return True  # back to the margin after an address or a sentence's end
    return above.x1 < above.column_right - 2 * em


_ENDS_ENTRY = re.compile(r"(?:[.!?»”)]|\S+/\S*)$")
"""How an entry's last line ends, however full: a sentence's end or an address."""
_OPEN_ADDRESS = re.compile(r"<https?://[^\s>]*")
"""An address in angle brackets that the line's end cut before its ">"."""
_ADDRESS_LINE = re.compile(r"[(\[<]?(?:https?://|www\.)")
_CONTINUED = re.compile(r"[a-zà-ÿ<]|https?:|www\.")
"""How a line that carries on a sentence opens: in lower case, or with an address that
did not fit on the line above."""


def _short(line: Line, em: float) -> bool:
    """A line that stops well before its column's right edge, at a sentence's end."""
    return line.x1 < line.column_right - 4 * em and line.text.rstrip().endswith(_SENTENCE_END)
