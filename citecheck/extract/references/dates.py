"""Phase 5 of entry parsing, where nothing before placed the year: the likeliest year
anywhere in the entry (not a page range, a volume, an arXiv number)."""

from __future__ import annotations

import re

from citecheck.extract.references.shapes import YEAR_RE, no_date


def year_anywhere(rest: str, avoid: list[tuple[int, int]], title: str | None) -> str | None:
    candidates = []
    for match in YEAR_RE.finditer(rest):
        if any(s <= match.start() < e for s, e in avoid):
            continue
        before = rest[max(0, match.start() - 6):match.start()]
        after = rest[match.end():match.end() + 2]
        if re.search(r"(?<![^\W\d_])(?:pp?\.|vol\.|no\.|n°)\s*$", before, re.I):
            continue  # "p. 1999", but not "Sleep. 2020" (Vancouver: the journal, then the year)
        if (re.search(r"\d\s*[-–]\s*$", before) or re.match(r"\s*[-–]\s*\d", after)) and not re.match(
                r"-[01]\d(?:-[0-3]\d)?\b", rest[match.end():]):
            continue  # a page range such as 1877–1901 (but "2023-02-28" is a date)
        if re.match(r"\s?\.+\s?\d", rest[match.end():match.end() + 4]) or re.search(
                r"(?:arXiv|Preprint)\s*:?\s*$", rest[max(0, match.start() - 10):match.start()], re.I):
            continue  # an arXiv number: "1606.08030", "Preprint 1505. 03756"
        in_parens = before.endswith("(") or bool(re.search(r"\(\w*\s*$", before))
        candidates.append((in_parens, match.group(0)))
    if not candidates:
        return no_date(rest)
    parenthesised = [year for in_parens, year in candidates if in_parens]
    if parenthesised:
        return parenthesised[-1]
    return candidates[-1][1]
