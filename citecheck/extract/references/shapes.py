"""Shapes shared by the phases of entry parsing: the year, name particles, initials,
a name segment, a "Place: Publisher" pair, abbreviations, function words, and the
small clean-ups every phase applies to what it cuts out."""

from __future__ import annotations

import functools
import re

from citecheck.lexicon import load

YEAR = r"(?:1[5-9]\d\d|20\d\d)"


YEAR_RE = re.compile(rf"(?<![\d/.-]){YEAR}(?:[a-z](?![a-z]))?(?![\d])")


LOWER_PARTICLES_WORDS = "van|von|de|der|den|da|di|du|le|la"


LOWER_PARTICLES = rf"(?:(?:{LOWER_PARTICLES_WORDS})\s+)*"
"""Particles that may open a family name ("van Meijgaard, E.", "A. de la Peña")."""


ABBREVIATIONS = frozenset(load("abbreviations")["entries"])
"""Abbreviations whose stop does not end an entry's segment ("vol.", "éd.", "et al.")."""


PUBLISHER = re.compile(
    r"(?:^|[.,]\s+)(?P<place>(?!(?:In|Dans)\b)[A-ZÀ-ÝĀ-Ž][\w'’ .-]{1,40}?"
    r"(?:\s*;\s*[A-ZÀ-ÝĀ-Ž][\w'’ .-]{1,30}?)?)\s*:\s*"
    r"(?P<pub>[A-ZÀ-ÝĀ-Ž][^.,;:]{1,60})"
)


INITIAL = r"(?:[A-Z]|Ch|Th)[a-z]?\s?\."
"""One initial of a given name: "J.", "Ch.", "Th.", "Fr."."""


NAME_SEGMENT = re.compile(
    rf"^(?:{INITIAL}\s*(?:-\s*)?)+(?:'t\s+|d'|{LOWER_PARTICLES})[A-ZÀ-ÝĀ-Ž][\w'’]+(?:\s?-\s?[\w'’]+)*"
    r"(?:\s+[A-ZÀ-ÝĀ-Ž][\w'’-]+)?(?:\s+(?:Jr\.?|et al\.?))?(?:\s*\((?:eds?|dir|éds?)\.?\))?$"
    r"|^[A-ZÀ-ÝĀ-Ž][\w'’-]+(?:\s+[A-Z]{1,3})?$|^et al\.?$|^[A-ZÀ-ÝĀ-Ž][\w'’-]+,?\s+(?:[A-Z]\.\s?)+$"
)


STRICT_NAME = re.compile(
    rf"^(?:{INITIAL}\s*(?:-\s*)?)+{LOWER_PARTICLES}[A-ZÀ-ÝĀ-Ž'’][\w'’-]+$|^[A-ZÀ-ÝĀ-Ž][\w'’-]+(?:\s+[A-Z]\.?)*\s+[A-ZÀ-ÝĀ-Ž][\w'’-]+$"
)


FUNCTION_WORDS = re.compile(
    r"\b(?:on|the|of|for|in|with|to|from|by|at|and|sur|les|des|du|dans|pour|avec|une?|la|le|et)\b")
"""Short words that titles have and lists of names or journal abbreviations lack."""


class Quote:
    """A quoted span with ``re.Match``-like accessors (for nested « »)."""

    def __init__(self, start: int, end: int, inner: str) -> None:
        self._start, self._end, self._inner = start, end, inner

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def groups(self) -> tuple[str]:
        return (self._inner,)


def match_text(match: re.Match[str] | Quote) -> str:
    return next(g for g in match.groups() if g is not None)


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\\", "")).strip(" .,;:")


def strip_marks(text: str) -> str:
    return clean(re.sub(r"[*_]{1,2}", "", text))


def no_date(text: str) -> str | None:
    return "n.d." if re.search(r"\b(?:n|s)\.\s?d\.?", text) else None


@functools.cache
def year_statuses() -> str:
    """A pattern of the statuses written where a year would be, "(in press)",
    "(forthcoming)", "(sous presse)" (``year_statuses`` in data/references.toml)."""
    words = sorted(load("references")["year_statuses"], key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words)


def year_status(text: str) -> str | None:
    """The status in ``text``, as written in data/references.toml, or ``None``."""
    found = re.search(rf"(?<!\w)(?:{year_statuses()})(?!\w)", text, re.I)
    return " ".join(found.group(0).lower().split()) if found else None


def publisher_in(tail: str) -> str | None:
    """The publisher of "Place: Publisher" after the title (a number there is no name)."""
    found = PUBLISHER.search(tail)
    return clean(found.group("pub")) if found and not re.search(r"\d", found.group("pub")) else None


def page_range(pages: str) -> str:
    return re.sub(r"\s*[-–]\s*", "-", pages.strip())
