"""Phrase patterns shared by the readers of attribution: a pattern with its reach and
the anchor words that let it be tried only where one of them occurs, and a few shapes
(a noun use, a sentence's first word, a participle) both readers need."""


from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from citecheck.extract.folded import fewest_anchors, phrase_anchor


class Pattern(NamedTuple):
    regex: re.Pattern[str]
    reach: int
    """The longest text it can match: how far around an anchor it must look."""
    anchors: tuple[str, ...]
    """Folded words one of which every match holds (``phrase_anchor``)."""


Hits = Callable[[tuple[str, ...]], list[tuple[int, int]]]
"""Where the words of an anchor list are in a sentence (relative offsets)."""


def alternation(items: list[str]) -> str:
    """The phrases, longest first; a space in one matches any space (French typography
    puts a no-break space before a colon: "Source\u00a0: …")."""
    return "|".join(re.escape(i).replace(r"\ ", r"\s") for i in sorted(items, key=len, reverse=True))


def bounded(items: list[str], after: str = "", extra: int = 0) -> Pattern:
    return Pattern(re.compile(rf"(?<!\w)(?:{alternation(items)}){after}(?!\w)"),
                    max(map(len, items)) + extra,
                    fewest_anchors({phrase_anchor(i) for i in items}))


def matches(pattern: Pattern, folded: str, hits: Hits | None) -> list[re.Match[str]]:
    """Matches of ``pattern`` in ``folded``, in text order: everywhere (``hits`` is
    ``None``) or only those that hold one of the pattern's anchors, looked for in a
    window around each anchor instead of the whole sentence."""
    if hits is None:
        return list(pattern.regex.finditer(folded))
    anchors = hits(pattern.anchors)
    if not anchors:
        return []
    found: dict[int, re.Match[str]] = {}
    for start, end in anchors:
        lo, hi = max(0, start - pattern.reach), min(len(folded), end + pattern.reach + 1)
        for match in pattern.regex.finditer(folded, lo, hi):
            if match.start() > start:
                break
            if start < match.end():
                found.setdefault(match.start(), match)
                break
    return [found[key] for key in sorted(found)]


NOUN_USE = re.compile(r"\b(?i:a|an|the|this|that|its|their|our|his|her)\s+(?:[a-z][\w-]*\s+)?$")
"""An English determiner, and perhaps an adjective, before a word that is also a verb
("a biased estimate", "the report"): the word is a noun there ("the IMF noted" is not)."""


FIRST_WORD = re.compile(r"\s*[«“\"(]?\s*(\S+)")


PARTICIPLE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|usually|commonly|often|typically|generally|"
    r"frequently|sometimes|rarely|also|widely)\s+$", re.I)
"""Before an English participle, what makes it a description ("the group usually found
in theory"), not a report ("Smith found")."""


LIST_ITEM = re.compile(r"\s*(?:[-*•]|\d+[.)])\s")


AUTHOR_OF_DOCUMENT = re.compile(
    r"\s+(?:by|from|of|de|du|des|d['’]|de\s+la|de\s+l['’])\s*(?:the\s+|l['’]|la\s+|le\s+)?"
    r"[A-ZÀ-ÝĀ-Ž][\w&'’.-]+")
"""Who wrote the document a vague phrase names, right after it: "study by Stanford"."""
