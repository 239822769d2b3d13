"""A PDF page's characters made into lines (the first phases of ``pdflayout``): runs cut
where a line ends, note calls and TeX's accents joined to their line, two columns put
in reading order, margin line numbers taken off, running headers and footers and the
notes at a page's foot told apart, and each line's spacing and indent style read from
its neighbours."""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from citecheck.ingest.textbuild import SUPERSCRIPT

_CALL_CHARS = set("0123456789*†‡§")
NOTE_START = re.compile(r"\s*(?:\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}|\*|†)(?:[.)]?\s|(?=[A-ZÀ-Ýa-z«“\"(]))")
"""How a note's text opens: its number (or mark), then the note."""
_PAGE_NUMBER = re.compile(r"\W*(?:page|p\.)?\s*\d{1,4}(?:\s*(?:/|of|sur|de)\s*\d{1,4})?\W*", re.I)


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


def read_lines(page: Page) -> list[Line]:
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


def column_edges(lines: list[Line]) -> None:
    """Where each line's column ends: the longest line's end, or, on a page read in two
    columns (``_reading_order`` set ``column_right``), its own column's."""
    right = max((ln.x1 for ln in lines), default=0.0)
    for line in lines:
        line.column_right = line.column_right or right


_NUMBERED_LINE = re.compile(r"(\d{1,5})\s")


def line_numbers(lines: list[Line]) -> None:
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


def furniture(pages: list[list[Line]]) -> None:
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


def notes(lines: list[Line], body_size: float) -> None:
    """The block of smaller lines at the page's foot that opens with a note number."""
    body = [ln for ln in lines if ln.role == "body"]
    block: list[Line] = []
    for line in reversed(body):
        if line.size >= 0.92 * body_size or line.base > 0.5 * line.page.height:
            break
        block.insert(0, line)
    while block and not NOTE_START.match(block[0].text):
        block.pop(0)
    for line in block:
        line.role = "note"


def usual_spacing(pages: list[list[Line]]) -> float:
    """The usual distance between the baselines of two lines of a paragraph."""
    gaps = [round(above.base - line.base, 1) for lines in pages
            for above, line in zip(lines, lines[1:], strict=False)
            if above.role == line.role == "body" and above.base - line.base > 0]
    common = Counter(gaps).most_common(1)
    return common[0][0] if common else 12.0


def local_spacing(lines: list[Line], spacing: float, em: float) -> None:
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


def body_size(pages: list[list[Line]]) -> float:
    sizes = Counter(round(ln.size, 1) for lines in pages for ln in lines
                    for _ in range(len(ln.text)))
    return sizes.most_common(1)[0][0] if sizes else 10.0
