"""The one prose sentence splitter: sentences with their paragraph number.

A sentence ends at ".", "!", "?" or "…" (and closing quotes or brackets) before a
capital, a digit or an opening quote, not after an abbreviation or an initial
(data/abbreviations.toml); a note called after its stop belongs to it.  The
bibliography's entries are cut otherwise (``extract.references.segments``: an entry's
segments are not sentences).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from citecheck.lexicon import load

_SENTENCE_END = re.compile(
    r"[.!?…][»”\"')\]]*"
    r"(?P<note>(?:\[\^[^\]\s]{1,30}\]|\[\d{1,3}(?:[,–-]\d{1,3})*\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^\d{1,3}\^)+)?"
    r"\s+(?=[«“\"(\[]?\s?[A-ZÀ-ÝĀ-Ž0-9])")
"""The end of a sentence: the match starts at its final punctuation mark (a pattern that
opens with a character class lets the regex engine skip ahead fast).  A note called
after the full stop (Chicago's "survives.[^6] Some", "survives.¹ Some") ends the
sentence too, and belongs to it."""


@functools.cache
def _abbreviation() -> re.Pattern[str]:
    """A stop that ends an abbreviation, not a sentence ("M.", "p.", "e.g.", "J.-C."), or
    an initial (data/abbreviations.toml)."""
    words = "|".join(re.escape(w) for w in load("abbreviations")["prose"])
    return re.compile(rf"(?:\b(?:{words})\.|\b[A-Z]\.)$")

_NON_BLANK = re.compile(r"\S")


class Sentence(NamedTuple):
    """(A named tuple: a large document has tens of thousands, made fast.)"""

    start: int
    end: int
    paragraph: int


def split_sentences(text: str, start: int, end: int, unwrapped: bool) -> list[Sentence]:
    """Sentences with their paragraph number; paragraphs end at blank lines (or at every
    line in unwrapped text, where one line is one paragraph)."""
    out: list[Sentence] = []
    abbreviation = _abbreviation()
    breaker = re.compile(r"\n" if unwrapped else r"\n[ \t]*\n")
    paragraph = 0
    pos = start
    for block in [*breaker.finditer(text, start, end), None]:
        block_end = block.start() if block else end
        sentence_start = pos
        for match in _SENTENCE_END.finditer(text, pos, block_end):
            stop = match.start() + 1
            if text[match.start()] == "." and abbreviation.search(
                    text[max(sentence_start, stop - 8):stop]):
                continue
            if match.group("note"):
                stop = match.end("note")
            if _NON_BLANK.search(text, sentence_start, stop):
                out.append(Sentence(sentence_start, stop, paragraph))
            sentence_start = match.end()
        if _NON_BLANK.search(text, sentence_start, block_end):
            out.append(Sentence(sentence_start, block_end, paragraph))
        paragraph += 1
        pos = block.end() if block else end
    return out


_STOP_BEFORE_CAPITAL = re.compile(r"[.!?][)\]»”\"']*\s+(?=[A-ZÀ-ÝĀ-Ž«“\"(])|\n\s*\n")
_CLAUSE_STOP = re.compile(r"[.!?](?:\s|$)|\n\s*\n")
_LINE_OR_SENTENCE_STOP = re.compile(r"[.!?](?:\s|$)|\n")


def sentence_start(text: str, pos: int, reach: int = 300) -> int:
    """Where the sentence holding ``pos`` starts: after the last stop before a capital
    (or the last blank line) in the ``reach`` characters before it."""
    start = max(0, pos - reach)
    stops = list(_STOP_BEFORE_CAPITAL.finditer(text, start, pos))
    return stops[-1].end() if stops else start


def clause_end(text: str, pos: int, reach: int = 120) -> int | None:
    """Where the sentence after ``pos`` ends, capital or not after the stop, within
    ``reach`` characters; ``None`` when it runs on."""
    stop = _CLAUSE_STOP.search(text, pos, pos + reach)
    return stop.start() if stop else None


def line_or_sentence_end(text: str, pos: int) -> int:
    """Where the sentence or the line after ``pos`` ends (an enumeration's items stand
    there: "Two aims: (1) mood and (2) sleep.")."""
    stop = _LINE_OR_SENTENCE_STOP.search(text, pos)
    return stop.start() if stop else len(text)
