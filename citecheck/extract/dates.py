"""The date a document was published, when it says so near the top.

Used to pick the Wayback capture closest to what the author saw.  Reads
"Publié le 07-04-2026", "Published on 7 April 2026", "14 octobre 2025",
"2026-04-07" in the first lines; day-first for numeric dates (French and
most of the world), ISO when the year comes first.
"""

from __future__ import annotations

import re
from datetime import date

from citecheck.lexicon import folded_set, load
from citecheck.text import fold

_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d\d)(?!\d)")
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d{2})-(\d{2})\b")
_WORDS = re.compile(r"\b(\d{1,2})(?:er)?\s+([a-zéû.]+)\s+((?:19|20)\d\d)(?!\d)")
_WORDS_EN = re.compile(r"\b([a-z]+)\.?\s+(\d{1,2}),?\s+((?:19|20)\d\d)(?!\d)")


def _month(name: str) -> int | None:
    key = fold(name).strip(".")
    for index, names in enumerate(load("dates")["months"], start=1):
        if key in names:
            return index
    return None


def _make(year: str, month: int | None, day: str) -> date | None:
    try:
        return date(int(year), int(month or 0), int(day)) if month else None
    except ValueError:
        return None


_FORMS = ((_ISO, 1, 2, 3), (_NUMERIC, 3, 2, 1), (_WORDS, 3, 2, 1), (_WORDS_EN, 3, 1, 2))
"""Each date form, with the groups holding its year, month and day, in order of trust."""


def _parse(line: str) -> date | None:
    folded = fold(line)
    for pattern, year, month, day in _FORMS:
        for match in pattern.finditer(folded):
            name = match.group(month)
            found = _make(match.group(year), int(name) if name.isdigit() else _month(name),
                          match.group(day))
            if found:
                return found
    return None


def publication_date(text: str, lines: int = 40) -> date | None:
    """The first date on a line that announces publication, else the first date at the top."""
    first = re.search(r"\S", text)
    start = first.start() if first else len(text)
    stop = start
    for _ in range(lines):  # the head only: a large document is never split whole
        stop = text.find("\n", stop) + 1
        if stop == 0:
            stop = len(text)
            break
    head = text[start:stop].split("\n")[:lines]
    markers = folded_set("dates", "published")
    for line in head:
        if any(fold(line).startswith(m) or f" {m} " in f" {fold(line)} " for m in markers):
            found = _parse(line)
            if found:
                return found
    return None
