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
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from citecheck.ingest.textbuild import SUPERSCRIPT

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_CALL_CHARS = set("0123456789*†‡§")
_LABEL = re.compile(r"\s*(?:\[\d{1,4}\]|\d{1,3}[.)]\s(?=[A-ZÀ-Ý«“\"(\[])|[•▪◦–-]\s)")
"""A list item's label ("[12]", "12.", a bullet); not a year ("2025. « Titre »")."""
_NOTE_START = re.compile(r"\s*(?:\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}|\*|†)(?:[.)]?\s|(?=[A-ZÀ-Ýa-z«“\"(]))")
_PAGE_NUMBER = re.compile(r"\W*(?:page|p\.)?\s*\d{1,4}(?:\s*(?:/|of|sur|de)\s*\d{1,4})?\W*", re.I)
_SENTENCE_END = tuple(".!?:»”\")")
_ADDRESS_SHOWN = re.compile(r"://|^www\.|^<?https?|\.(?:org|com|net|fr)\b")
"""Link text that is itself an address (perhaps cut at the line's end)."""


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    size: float
    generated: bool = False
    hyphen: bool = False
    """A hyphen that may be one the line's end made (PDFium's reading): dropped there."""
    weight: int = 400
    """The font's weight (700: bold), or -1 when the PDF does not say."""


@dataclass(slots=True)
class Page:
    number: int
    width: float
    height: float
    chars: list[Char]
    links: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)


@dataclass(slots=True)
class Line:
    chars: list[Char]
    page: Page
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    base: float = 0.0
    size: float = 0.0
    start: int = 0
    """Offset of the line in the source."""
    spacing: float = 0.0
    """The usual distance between the baselines of its page's lines."""
    hanging: bool = False
    """Its neighbours are set with hanging indents (a reference list)."""
    column_right: float = 0.0
    """Where the lines of its column end (the longest of them)."""
    role: str = "body"
    """``body``, ``furniture`` (header, footer, page number) or ``note``."""

    def settle(self) -> None:
        shown = [c for c in self.chars if c.text.strip()]
        self.text = "".join(c.text for c in self.chars).rstrip()
        self.x0 = min((c.x0 for c in shown), default=0.0)
        self.x1 = max((c.x1 for c in shown), default=0.0)
        self.base = statistics.median([c.bottom for c in shown]) if shown else 0.0
        self.size = max((c.size for c in shown), default=0.0)


def _runs(page: Page) -> list[list[Char]]:
    """The page's characters cut where PDFium starts a new line."""
    runs: list[list[Char]] = [[]]
    last: Char | None = None
    for char in page.chars:
        if char.text == "\n":
            if runs[-1]:
                runs.append([])
            continue
        if (last is not None and runs[-1] and char.size and char.x0 < last.x0 - 2 * char.size
                and char.bottom < last.bottom - 0.5 * char.size):
            runs.append([])  # back to the left, lower down: a line PDFium did not end
        runs[-1].append(char)
        if char.size:
            last = char
    return [run for run in runs if any(c.text.strip() for c in run)]


def _is_call(run: list[Char], line: Line) -> bool:
    """A short run of small digits set above ``line``'s baseline: a note call."""
    shown = [c for c in run if c.text.strip()]
    if not shown or len(shown) > 4 or not all(c.text in _CALL_CHARS for c in shown):
        return False
    small = max(c.size for c in shown) < 0.85 * line.size
    raised = min(c.bottom for c in shown) > line.base + 0.15 * line.size
    return small and raised and min(c.bottom for c in shown) < line.base + line.size


_ACCENTS = {"¨": "\u0308", "´": "\u0301", "`": "\u0300", "ˆ": "\u0302", "^": "\u0302",
            "˜": "\u0303", "¸": "\u0327", "ˇ": "\u030c", "˚": "\u030a", "¯": "\u0304",
            "˘": "\u0306", "˙": "\u0307", "˝": "\u030b"}
"""Accents TeX draws apart, over or under their letter ("Lud¨ascher", "Kami ´ nski"),
and the combining mark each is."""


def _accented(chars: list[Char]) -> list[Char]:
    """An accent drawn over (or under) a letter, made one with it: "ä", "ń"."""
    if not any(c.text in _ACCENTS for c in chars):
        return chars
    out: list[Char] = []
    pending: Char | None = None
    for char in chars:
        if char.text in _ACCENTS and char.size:
            pending = char
            continue
        if pending is not None and not char.text.strip():
            continue  # the space PDFium put between an accent and its letter
        if pending is not None:
            middle = (pending.x0 + pending.x1) / 2
            if char.text.isalpha() and char.x0 - 0.3 * char.size <= middle <= char.x1 + 0.3 * char.size:
                char.text = unicodedata.normalize("NFC", char.text + _ACCENTS[pending.text])
            else:
                out.append(pending)
            pending = None
        out.append(char)
    if pending is not None:
        out.append(pending)
    return out


def _superscripts(chars: list[Char], size: float, base: float) -> None:
    """Small raised digits inside a line written as superscript digits."""
    for char in chars:
        if (char.text.isdigit() and char.size and char.size < 0.85 * size
                and char.bottom > base + 0.15 * size):
            char.text = char.text.translate(SUPERSCRIPT)


def _lines(page: Page) -> list[Line]:
    lines: list[Line] = []
    for run in _runs(page):
        if lines and _is_call(run, lines[-1]):
            for char in run:
                char.text = char.text.translate(SUPERSCRIPT)
            lines[-1].chars += run
            continue
        candidate = Line(run, page)
        candidate.settle()
        last = lines[-1] if lines else None
        if last and abs(candidate.base - last.base) < 0.3 * max(last.size, 1) and (
                candidate.x0 >= last.x1 - 1):
            last.chars += run  # the rest of a line a superscript interrupted
            last.settle()
            continue
        lines.append(candidate)
    for line in lines:
        line.chars = _accented(line.chars)
        line.settle()
        _superscripts(line.chars, line.size, line.base)
        line.settle()
    return _reading_order(lines, page)


def _reading_order(lines: list[Line], page: Page) -> list[Line]:
    """Two columns read one after the other; otherwise the order the page draws."""
    middle = page.width / 2
    # A line of the left column may run past the middle (an address too long to break).
    left = [ln for ln in lines if ln.x0 < middle - 0.02 * page.width and ln.x1 < 0.7 * page.width]
    right = [ln for ln in lines if ln.x0 >= middle - 0.02 * page.width]
    narrow = [ln for ln in left if ln.x1 <= middle + 0.02 * page.width]
    if len(narrow) < 5 or len(right) < 5 or len(left) + len(right) < 0.6 * len(lines):
        return lines
    columns = {id(ln) for ln in left} | {id(ln) for ln in right}
    spanning = [ln for ln in lines if id(ln) not in columns]
    for column in (narrow, right):
        edge = max(ln.x1 for ln in column)
        for line in column:
            line.column_right = edge
    for line in left:
        line.column_right = line.column_right or max(ln.x1 for ln in narrow)
    top = max((ln.base for ln in left + right), default=0.0)
    above = [ln for ln in spanning if ln.base > top]
    below = [ln for ln in spanning if ln.base <= top]
    by_height = sorted  # top of the page first: larger y first in PDF space
    return (by_height(above, key=lambda ln: -ln.base) + by_height(left, key=lambda ln: -ln.base)
            + by_height(right, key=lambda ln: -ln.base) + by_height(below, key=lambda ln: -ln.base))


def _column_edges(lines: list[Line]) -> None:
    """Where each line's column ends: the longest line's end, or, on a page read in two
    columns (``_reading_order`` set ``column_right``), its own column's."""
    right = max((ln.x1 for ln in lines), default=0.0)
    for line in lines:
        line.column_right = line.column_right or right


_NUMBERED_LINE = re.compile(r"(\d{1,5})\s")


def _line_numbers(lines: list[Line]) -> None:
    """A manuscript's line numbers in the margin ("426 References"), taken off: most of
    the page's lines open with a number ending at the same place, counting up."""
    numbered = []
    for line in lines:
        found = _NUMBERED_LINE.match(line.text)
        if found:
            digits = len(found.group(1))
            numbered.append((line, int(found.group(1)), line.chars[digits - 1].x1, digits))
    if len(numbered) < max(5, len(lines) // 2):
        return
    edges = sorted(edge for _, _, edge, _ in numbered)
    middle = edges[len(edges) // 2]
    margin = [item for item in numbered if abs(item[2] - middle) < 2]
    counts = [number for _, number, _, _ in margin]
    if len(margin) < max(5, len(lines) // 2) or counts != sorted(counts):
        return
    for line, _, _, digits in margin:
        rest = line.chars[digits:]
        while rest and not rest[0].text.strip():
            rest = rest[1:]
        line.chars = rest
        line.settle()


def _furniture(pages: list[list[Line]]) -> None:
    """Running headers, footers and page numbers, marked as such."""
    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", line.text.strip().lower())

    def edges(lines: list[Line]) -> list[Line]:
        if not lines:
            return []
        height = lines[0].page.height
        return [ln for ln in lines if ln.base > 0.9 * height or ln.base < 0.1 * height]

    counts = Counter(key(ln) for lines in pages for ln in edges(lines))
    # A third of the pages: journals set one header on even pages and another on odd
    # ones, and none on the first.
    recurring = max(2, len(pages) // 3)
    for lines in pages:
        for line in edges(lines):
            numbered = re.search(rf"(?<!\d){line.page.number}(?!\d)", line.text)
            if counts[key(line)] >= recurring or _PAGE_NUMBER.fullmatch(line.text.strip()) or (
                    numbered and counts[key(line)] >= 2):
                line.role = "furniture"


def _notes(lines: list[Line], body_size: float) -> None:
    """The block of smaller lines at the page's foot that opens with a note number."""
    body = [ln for ln in lines if ln.role == "body"]
    block: list[Line] = []
    for line in reversed(body):
        if line.size >= 0.92 * body_size or line.base > 0.5 * line.page.height:
            break
        block.insert(0, line)
    while block and not _NOTE_START.match(block[0].text):
        block.pop(0)
    for line in block:
        line.role = "note"


def _spacing(pages: list[list[Line]]) -> float:
    """The usual distance between the baselines of two lines of a paragraph."""
    gaps = [round(above.base - line.base, 1) for lines in pages
            for above, line in zip(lines, lines[1:], strict=False)
            if above.role == line.role == "body" and above.base - line.base > 0]
    common = Counter(gaps).most_common(1)
    return common[0][0] if common else 12.0


def _local_spacing(lines: list[Line], spacing: float, em: float) -> None:
    """Each line's spacing and indent style, from its neighbours: a manuscript may set
    its body at 1.5 with first-line indents and its reference list double-spaced with
    hanging indents, on the same page."""
    gaps = [above.base - line.base for above, line in zip(lines, lines[1:], strict=False)]
    for index, line in enumerate(lines):
        near = sorted(g for g in gaps[max(0, index - 5):index + 4] if 0 < g < 3 * spacing)
        line.spacing = near[len(near) // 2] if len(near) >= 3 else spacing
        window = [ln for ln in lines[max(0, index - 6):index + 7] if ln.page is line.page
                  and abs(ln.x0 - line.x0) < 6 * em]
        margin = min((ln.x0 for ln in window), default=line.x0)
        indented = sum(ln.x0 > margin + 0.6 * em for ln in window)
        # Hanging entries have as many indented lines as not, or more; indented
        # paragraphs one in several.
        line.hanging = indented >= 2 and indented >= 0.6 * (len(window) - indented)


def _body_size(pages: list[list[Line]]) -> float:
    sizes = Counter(round(ln.size, 1) for lines in pages for ln in lines
                    for _ in range(len(ln.text)))
    return sizes.most_common(1)[0][0] if sizes else 10.0


def layout(pages: list[Page]) -> tuple[str, tuple[int, ...], str, tuple[int, ...]]:
    """(text, offsets into the source, source, line each page begins on)."""
    page_lines = [_lines(page) for page in pages]
    for lines in page_lines:
        _line_numbers(lines)
    _furniture(page_lines)
    for lines in page_lines:
        _column_edges(lines)
    size = _body_size(page_lines)
    for lines in page_lines:
        _notes(lines, size)
    source: list[str] = []
    starts: list[int] = []
    offset = 0
    for lines in page_lines:
        starts.append(len(source) + 1)
        for line in lines:
            line.start = offset
            source.append(line.text)
            offset += len(line.text) + 1
    spacing = _spacing(page_lines)
    for lines in page_lines:
        _local_spacing([ln for ln in lines if ln.role == "body"], spacing, size)
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
                self.put("\n\n" if _NOTE_START.match(line.text) else " ",
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
