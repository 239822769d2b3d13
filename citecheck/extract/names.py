"""Author lists → family names, in order.

Reads inverted lists (``Family, Given``: Chicago's first author, APA, MLA,
Harvard, ISO 690 ``NOM, Prénom``), natural order (``Given Family``: Chicago's
other authors, IEEE, physics ``A. B. Family``), Vancouver (``Family AB``) and
corporate authors (kept whole).  Particles such as "Le", "de", "van" stay with
the family name ("Thomas Le Bonniec" → "Le Bonniec").
"""

from __future__ import annotations

import functools
import re

from citecheck.lexicon import folded_set, load
from citecheck.text import fold, is_upper_word, nice_case

NAME_WORD = r"[A-ZÀ-ÝĀ-Ž][a-zß-ÿā-ž'’]+(?:-[A-ZÀ-ÝĀ-Ž][a-zß-ÿā-ž'’]+)?"
"""A given or family name written in natural case: "Jane", "Marie-Claire", "O'Brien",
"Ricœur", "Dvořák" (Latin Extended-A letters included)."""
_INITIAL = r"(?:[A-Z]|Ch|Th|Ph|Sh)[a-z]?\."
# The last initial may have lost its full stop to the caller's strip(" ."): "J.-P".
_INITIALS_ONLY = re.compile(
    r"^(?:(?:[A-Z]|Ch|Th|Ph|Sh)\.[\s-]*)*(?:[A-Z]|Ch|Th|Ph|Sh)\.?$|^[A-Z]{1,3}$")
_INITIALS_FIRST = re.compile(rf"^(?:{_INITIAL}\s*(?:-\s*)?)+\s*(?P<rest>\S.*)$")
_VANCOUVER = re.compile(
    r"^(?P<family>(?:(?:[Vv]an|[Vv]on|[Dd]e|[Dd]a|[Dd]i|[Dd]el|der|den|[Dd]u|des|ten|ter|[Ll]e|[Ll]a)\s+)*"
    r"[A-ZÀ-ÝĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÝĀ-Ž][\w'’-]+)*)\s+"
    r"(?P<init>Ch|Th|Ph|Sh|[A-ZØÅÆ]{1,3}|[A-Z](?:\s[A-Z]){1,2}|(?:[A-ZØÅÆ]\.\s?-?){0,2}[A-ZØÅÆ]\.?)"
    r"(?:\s+(?P<particle>de|van|von|da|di))?$"
)
_EDITOR = re.compile(
    r"\s*[(\[]?\b(?:eds?|éds?|dirs?|coord|trad|trans|comp|hrsg|Hg)\.?\)?[)\]]?\s*$"
    r"|\s*\((?:eds?|éds?|dir|ed|Ed|Eds|dirs|coord)\.?\)\s*",
    re.I,
)
# A generational suffix, after the name or as a part of its own ("Edwards, Mark U., Jr.").
_SUFFIX = re.compile(r"(?:^|,?\s+)(?:Jr|Sr|II|III|IV|fils|père)\.?$")


@functools.cache
def _et_al_pattern() -> re.Pattern[str]:
    forms = sorted(load("names")["et_al"], key=len, reverse=True)
    alternatives = "|".join(re.escape(form).replace(r"\ ", r"\s*") for form in forms)
    return re.compile(rf",?\s*(?:{alternatives})(?=\W|$)\.?", re.I)


@functools.cache
def _split_pattern() -> re.Pattern[str]:
    conj = "|".join(re.escape(c) for c in load("names")["conjunctions"] if c != "&")
    # The last alternative: "J. C. Name. J. F. Name", a full stop where a comma belongs.
    return re.compile(rf"\s*;\s*|\s*,\s*(?:(?:{conj})\s+|&\s*)|\s+(?:(?:{conj})\s+|&\s*)|\s*,\s*|\s*&\s*"
                      r"|(?<=[a-z]{2})\.\s+(?=[A-Z]\.)")


def strip_et_al(text: str) -> tuple[str, bool]:
    match = _et_al_pattern().search(text)
    if not match:
        return text, False
    return (text[:match.start()] + text[match.end():]).strip(" ,"), True


def is_corporate(block: str) -> bool:
    """A name to keep whole: no comma, no initials, and organisation words or a single unit."""
    if "," in block or ";" in block or re.search(rf"(?<!\w){_INITIAL}", block):
        return False
    if _VANCOUVER.match(block) and not is_upper_word(block.split()[0]):
        return False  # "Metras H", "Milne Edwards H": a person, Vancouver style
    if re.fullmatch(r"[A-ZÀ-ÝĀ-Ž][\w'’-]+(?:\s+[A-Z]\.?)+\s+[A-ZÀ-ÝĀ-Ž][\w'’-]+", block):
        return False  # "Jacob D Bekenstein": a person with a middle initial
    words = block.split()
    if _upper_vancouver(words):
        return False
    folded = [fold(w).strip(".") for w in words]
    corporate = folded_set("names", "corporate_words")
    if any(w in corporate for w in folded):
        return True
    upper = _leading_upper(words)
    if upper and 1 <= len(words) - len(upper) <= 2 and all(
            re.fullmatch(rf"{NAME_WORD}|[A-Z]\.?", w)
            for w in words[len(upper):]):
        # ISO 690 "DUPONT Jean", "CASILLI Antonio A.", "LE GALL Marie-Claire", GB/T 7714
        # "WANG Jun"
        return False
    particles = folded_set("names", "particles")
    conj = folded_set("names", "conjunctions")
    # "Southern District of New York": lower-case words that are not particles.
    if any(w[:1].islower() and fold(w) not in particles | conj for w in words):
        return True
    # With a conjunction it is a list of people ("Smith and Jones").
    return not any(f in conj for f in folded)


def _natural_family(words: list[str], after_initials: bool = False) -> str:
    """The family name of a name in natural order.  ``after_initials``: the given names
    were initials, already cut off, so "Gomez de la Fuente" and "van Beethoven" are
    family names whole (not "de la Fuente", not "Beethoven")."""
    while len(words) > 1 and re.fullmatch(r"(?:Jr|Sr|II|III|IV)\.?,?", words[-1]):
        words = words[:-1]
    particles = folded_set("names", "particles")
    for index in range(0 if after_initials else 1, len(words) - 1):
        if fold(words[index]) in particles:
            return " ".join(words[index - 1 if after_initials and index else index:])
    return words[-1]


def person_family(name: str) -> str | None:
    """The family name of a byline in natural order ("Jane Smith" → "Smith", "Jean de La
    Fontaine" → "de La Fontaine"), or ``None`` when ``name`` may be an organisation
    (an organisation word, more than four words, or a single one)."""
    words = name.split()
    particles = folded_set("names", "particles")
    if not 2 <= len(words) <= 4 or not words[0][:1].isupper():
        return None
    if any(fold(w).strip(".") in folded_set("names", "corporate_words") for w in words):
        return None
    if not all(re.fullmatch(NAME_WORD, w) or fold(w) in particles for w in words):
        return None
    return _natural_family(words)


def _is_given(part: str) -> bool:
    if _INITIALS_ONLY.match(part):
        return True
    words = part.split()
    return 1 <= len(words) <= 3 and all(
        re.fullmatch(r"[A-ZÀ-ÝĀ-Ž][\w'’.-]*|[A-Z]\.(?:-?[A-Z]\.)*", w) for w in words
    ) and not any(is_upper_word(w) and len(w) > 3 for w in words)


def _upper_vancouver(words: list[str]) -> bool:
    """Vancouver in capitals, "SMITH AB", "MARTIN-LEE J": initials after the name."""
    return (len(words) >= 2 and len(words[0]) >= 4 and bool(re.fullmatch(r"[A-Z]{1,2}", words[-1]))
            and all(is_upper_word(w) or fold(w) in folded_set("names", "particles")
                    for w in words[:-1]))


def _leading_upper(words: list[str]) -> list[str] | None:
    """ISO 690 ``DUPONT Jean`` / ``LE GALL Marie``: the capitalised family first."""
    upper: list[str] = []
    for word in words:
        if is_upper_word(word) or (upper and fold(word) in folded_set("names", "particles")):
            upper.append(word)
        else:
            break
    return upper if upper and len(upper) < len(words) else None


_GIVEN_IN_BRACKETS = re.compile(
    r"(?<=[A-ZÀ-ÝĀ-Ž'’-]{2})\s*\((?:[A-ZÀ-ÝĀ-Ž][\w'’.-]*\.?(?:[\s-]+[A-ZÀ-ÝĀ-Ž][\w'’.-]*\.?)*)\)")
"""A given name in brackets after a family name in capitals: "NORA (Pierre)"."""


def parse_authors(block: str) -> tuple[tuple[str, ...], bool]:
    """Family names in order, and whether the list ends with "et al."."""
    block = _EDITOR.sub(" ", block).strip(" .,;:")
    # "M. Ackermann et al. (Fermi-LAT)": the collaboration after "et al." is not a person.
    block = re.sub(r"(\bet\.?\s*al\.?)\s*\([^()]{2,60}\)$", r"\1", block)
    block, et_al = strip_et_al(block)
    # "NORA (Pierre)", "DUPUY (J.-P.)": the French ISO 690 given name in brackets.
    block = _GIVEN_IN_BRACKETS.sub("", block).strip(" .,;:")
    if not block:
        return (), et_al
    if is_corporate(block):
        return (block,), et_al
    parts = [p.strip(" .") for p in _split_pattern().split(block)]
    parts = [p for p in parts if p]
    families: list[str] = []
    expect_given = False
    for index, part in enumerate(parts):
        part = _SUFFIX.sub("", part)
        if not part:
            continue
        if expect_given and _is_given(part):
            expect_given = False
            continue
        expect_given = False
        initials = _INITIALS_FIRST.match(part)
        if initials and not _INITIALS_ONLY.match(part):
            families.append(_natural_family(initials.group("rest").split(), after_initials=True))
            continue
        vancouver = _VANCOUVER.match(part)
        # Not "CASILLI Antonio A": a capitalised family name first is ISO 690.
        if vancouver and not is_upper_word(vancouver.group("family").split()[0]):
            family = vancouver.group("family")
            if vancouver.group("particle"):
                family = f"{vancouver.group('particle')} {family}"
            families.append(family)
            continue
        if _INITIALS_ONLY.match(part):
            continue  # stray initials
        words = part.split()
        if _upper_vancouver(words):
            families.append(" ".join(words[:-1]))
            continue
        upper = _leading_upper(words)
        if upper:
            families.append(" ".join(upper))
            continue
        particles = folded_set("names", "particles")
        nxt = parts[index + 1] if index + 1 < len(parts) else ""
        if (
            len(words) == 1
            or (fold(words[0]) in particles and words[0][:1].islower())
            or (index == 0 and nxt and len(nxt.split()) == 1)
            # "…, Méndez Turrubiates, R.F., …": initials next, so this is a whole family name.
            or (nxt and _INITIALS_ONLY.match(nxt))
        ):
            families.append(part)
            expect_given = True
            continue
        families.append(_natural_family(words))
    return tuple(nice_case_name(f) for f in families), et_al


def acronym(name: str) -> str | None:
    """The acronym a corporate name is cited by: "World Health Organization" → "WHO",
    "Organisation mondiale de la santé" → "OMS"; ``None`` for a single word.  The
    initials of every word but the small ones (``acronym_skip`` in data/names.toml)."""
    skip = folded_set("names", "acronym_skip")
    letters = [fold(word)[:1] for word in name.split() if fold(word) not in skip]
    initials = "".join(letter for letter in letters if letter.isalpha())
    return initials.upper() if len(initials) >= 2 and len(letters) >= 2 else None


def nice_case_name(name: str) -> str:
    return " ".join(nice_case(word) for word in name.split())
