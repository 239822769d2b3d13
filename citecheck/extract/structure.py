"""The shape of a document: its lines, headings, bibliography and notes sections.

A heading is a short line standing alone (or a Markdown ``#`` line); it is
recognised by its words, after folding case, accents, numbering and Markdown
marks, against the lists in ``data/headings.toml``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from citecheck.ingest.prose import code_fences
from citecheck.lexicon import folded_set
from citecheck.text import Ranges, fold_words


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a text, which it points into rather than copies: the lines of a large
    document held as copies would be a second copy of it (60 MB for a 30 MB text)."""

    start: int
    end: int
    """Offset of the newline (or end of text)."""
    source: str = field(repr=False, compare=False)
    """The whole text the line is in."""

    @property
    def text(self) -> str:
        return self.source[self.start:self.end]

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    end = len(text) if end is None else end
    lines = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        if nl == -1:
            lines.append(Line(pos, end, text))
            break
        lines.append(Line(pos, nl, text))
        pos = nl + 1
    return lines


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBERING = re.compile(
    r"^(?:(?:\d+|[ivxlcIVXLC]+|[A-Z])[.)]\s+|\d+(?:\.\d+)+\.?\s+|\d{1,2}\s+(?=[^\W\d_]))")
""""2. Methods", "II) Results", "2.1 Data", and "3 Results" as R Markdown numbers them."""


def heading_key(text: str) -> str:
    """Folded words of a heading line, without Markdown marks or numbering."""
    text = text.strip()
    match = _MD_HEADING.match(text)
    if match:
        text = match.group(2)
    text = text.strip("*_=#: \t")
    text = _NUMBERING.sub("", text)
    return fold_words(text)


def markdown_level(text: str) -> int | None:
    match = _MD_HEADING.match(text)
    return len(match.group(1)) if match else None


def is_standalone(lines: list[Line], index: int) -> bool:
    """A short line with blank lines (or the text's edges) around it."""
    line = lines[index]
    if len(line.text) > 90 and len(line.text.strip()) > 90:
        return False
    if markdown_level(line.text) is not None:
        return True
    before = index == 0 or lines[index - 1].blank
    after = index + 1 >= len(lines) or lines[index + 1].blank
    return before and after


_YEARISH = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)[a-z]?\b|\bn\.\s?d\.|\bs\.\s?d\.|https?://|doi")


@dataclass(frozen=True, slots=True)
class Section:
    heading: Line | None
    start: int
    """Offset just after the heading line."""
    end: int


def standalone_lines(lines: list[Line]) -> dict[int, str]:
    """Index → ``heading_key`` of every line that could be a heading (``is_standalone``),
    and of every short line after a blank one that names a bibliography or notes section
    with its entries right below ("Sources" then "Office for National Statistics, …", as
    plain-text articles print it).  Computed once, it serves both kinds of section."""
    known = folded_set("headings", "bibliography") | folded_set("headings", "notes")
    found = {}
    for i, line in enumerate(lines):
        if line.blank:
            continue
        if is_standalone(lines, i):
            found[i] = heading_key(line.text)
        elif len(line.text) <= 40 and (i == 0 or lines[i - 1].blank):
            key = heading_key(line.text)
            if key in known:
                found[i] = key
    return found


def find_bibliography(text: str, lines: list[Line] | None = None,
                      standalone: dict[int, str] | None = None) -> Section | None:
    """The last bibliography heading that is followed by entry-like text."""
    sections = bibliography_sections(text, lines, standalone)
    return sections[-1] if sections else None


def bibliography_sections(text: str, lines: list[Line] | None = None,
                          standalone: dict[int, str] | None = None) -> list[Section]:
    """Every section under a bibliography heading that holds entry-like text, in order
    (a "References" list, then a "Further reading" one)."""
    lines = split_lines(text) if lines is None else lines
    standalone = standalone_lines(lines) if standalone is None else standalone
    names = folded_set("headings", "bibliography")
    stops = folded_set("headings", "after_bibliography") - folded_set("headings", "bibliography")
    found = []
    for index in [i for i, key in standalone.items() if key in names]:
        level = markdown_level(lines[index].text)
        end = len(text)
        for j in range(index + 1, len(lines)):
            line = lines[j]
            if line.blank:
                continue
            other_level = markdown_level(line.text)
            if (j in standalone and (standalone[j] in stops or standalone[j] in names)) or (
                level is not None and other_level is not None and other_level <= level
            ):
                end = line.start
                break
        body = text[lines[index].end:end]
        if _YEARISH.search(body):
            found.append(Section(lines[index], lines[index].end + 1
                                 if lines[index].end < len(text) else lines[index].end, end))
    return found


def find_notes_sections(text: str, lines: list[Line],
                        standalone: dict[int, str] | None = None) -> list[Section]:
    """Sections headed "Notes" and the like, up to the next standalone heading."""
    standalone = standalone_lines(lines) if standalone is None else standalone
    names = folded_set("headings", "notes")
    sections = []
    order = list(standalone)  # the keys are in line order
    for i, key in standalone.items():
        if key not in names:
            continue
        line = lines[i]
        end = len(text)
        for j in itertools.islice(order, bisect.bisect_right(order, i), None):  # those after
            if re.match(r"^\s*(?:\[\^?\w+\]|\d+[.)]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)", lines[j].text):
                continue
            end = lines[j].start
            break
        sections.append(Section(line, min(line.end + 1, len(text)), end))
    return sections


_SENTENCE_END = (".", "!", "?", "…", ":", ";", ")", "»", '"', "”")


def _reads_as_heading(line: Line) -> bool:
    """A Markdown ``#`` line, or a line that does not end as a sentence does."""
    return markdown_level(line.text) is not None or not line.text.rstrip().endswith(
        _SENTENCE_END)


def headings(lines: list[Line], standalone: dict[int, str]) -> list[tuple[int, int]]:
    """Spans of the heading lines: Markdown ``#`` lines, and standalone lines that do not
    end as a sentence does (a title, an HTML page's ``<h1>``)."""
    return [(lines[i].start, lines[i].end) for i in standalone if _reads_as_heading(lines[i])]


def find_sections(lines: list[Line], standalone: dict[int, str], names: frozenset[str],
                  text_end: int, words: frozenset[str] = frozenset()) -> list[Section]:
    """Sections whose heading is one of ``names`` or holds one of ``words`` ("Marginal
    results", "Results and analysis"), each up to the next heading: in Markdown one of
    the same level or higher; elsewhere a standalone line that reads as a heading (no
    closing punctuation) rather than as a one-line paragraph."""
    sections = []
    order = list(standalone)  # the keys are in line order
    for i, key in standalone.items():
        if key not in names and not (
                words.intersection(key.split()) and (
                    _reads_as_heading(lines[i]))):
            continue  # "… les résultats ont chuté.": a one-line paragraph, no heading
        level = markdown_level(lines[i].text)
        end = text_end
        for j in itertools.islice(order, bisect.bisect_right(order, i), None):  # those after
            other = markdown_level(lines[j].text)
            if level is not None:
                if other is not None and other <= level:
                    end = lines[j].start
                    break
            elif _reads_as_heading(lines[j]):
                end = lines[j].start
                break
        sections.append(Section(lines[i], min(lines[i].end + 1, text_end), end))
    return sections


_INLINE_CODE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)[^\n]+?(?<!`)(?P=ticks)(?!`)")


def code_spans(text: str) -> list[tuple[int, int]]:
    """Markdown code: fenced blocks (an unclosed fence runs to the end, as CommonMark
    has it) and inline code spans.  What is in them is code, not prose: no figures,
    citations or footnote calls are read there."""
    if "`" not in text and "~~~" not in text:
        return []
    spans = code_fences(text)
    blocks = Ranges(sorted(spans))  # fenced blocks never overlap
    spans.extend(match.span() for match in _INLINE_CODE.finditer(text) if match.start() not in blocks)
    return sorted(spans)
