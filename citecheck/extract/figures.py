"""Figures in running text: percentages, amounts, counts with scale words, measured
quantities and multiplied quantities, in French and English.

Not figures: years and dates, times, ages, page/chapter/article/law numbers,
footnote calls, list numbering, versions, and rhetorical 100 %.  Word lists
are in ``data/figures.toml``.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from typing import NamedTuple

from citecheck.extract.folded import Folded, anchored_matches, fewest_anchors, phrase_anchor
from citecheck.lexicon import folded_set, load
from citecheck.model import Document, Span
from citecheck.text import Ranges, fold

_SPACE = "[ \u00a0\u202f\u2009]"
_NUMBER = re.compile(
    rf"(?<![\w.,/-])(?:\d{{1,3}}(?:{_SPACE}\d{{3}})+|\d{{1,3}}(?:,\d{{3}})+(?![\d])|\d+)"
    r"(?:[.,]\d+)?(?:(?![\w/])|(?=(?:bn|mn|m|k)\b))"  # "£3.2bn", "€5m": a glued scale
)
_WORD = re.compile(r"[\w'’€$£¥%°]+|[€$£¥%]")
_NEXT_WORD = re.compile(r"[ \u00a0\u202f\u2009]?([\w'’€$£¥%°]+|[€$£¥%])")


@functools.cache
def _after_year_words() -> frozenset[str]:
    """Words after a year-like number that still make it a figure ("2000 euros")."""
    return (folded_set("figures", "scale_words") | folded_set("figures", "currency_words")
            | folded_set("figures", "unit_words") | {"pour", "percent", "per", "points"})


_FUNCTION_WORDS = {"de", "du", "des", "of", "in", "to", "and", "et", "for", "pour", "par", "en",
                   "dans", "sur", "a", "à", "au", "aux", "the", "le", "la", "les", "un", "une",
                   "is", "are", "was", "were", "est", "sont", "ont", "have", "has", "that", "que",
                   "qui", "which", "on", "by", "with", "avec", "from", "puis", "then"}


@dataclass(frozen=True, slots=True)
class Figure:
    span: Span
    text: str
    kind: str
    """``percent``, ``money``, ``count``, ``quantity`` or ``multiplier``."""


@functools.cache
def _multiplier_pattern() -> re.Pattern[str]:
    data = load("figures")
    phrases = sorted(data["multipliers_fr"] + data["multipliers_en"], key=len, reverse=True)
    fixed = "|".join(re.escape(fold(p)) for p in phrases)
    one = "|".join(re.escape(w) for w in data["proportion_one"] + data["proportion_divisors"])
    link = "|".join(re.escape(w) for w in data["proportion_link"])
    divisor = "|".join(re.escape(w) for w in data["proportion_divisors"])
    proportion = rf"(?:{one})\s+(?:[\w'-]+\s+){{0,2}}?(?:{link})\s+(?:{divisor})"
    digits = rf"(?<![\d.,])\d{{1,2}}\s+(?:{link})\s+[1-9]\d{{0,2}}(?![\d.,]\d)"  # "1 in 5"
    return re.compile(rf"(?<!\w)(?:{fixed}|{proportion}|{digits})(?!\w)")


















@functools.cache
def _statistical_level_after() -> re.Pattern[str]:
    """Right after a percentage, a word that makes it a method's setting ("95% CI",
    "80 % power"; data/figures.toml)."""
    words = "|".join(re.escape(w) for w in load("figures")["percent_levels_after"])
    return re.compile(rf"[^\S\n]*(?:{words})\b", re.I)


_STAT_LEVEL_BEFORE = re.compile(
    r"(?:(?:(?-i:\b(?:IC|CI))|intervalle de confiance|confidence (?:interval|level)|niveau "
    r"de confiance|seuil(?: de signification)?|alpha(?: level)?|α|significance level|"
    r"(?:type (?:1|I|one) )?error rate|risque (?:alpha|de première espèce))"
    r"\s*(?:à|a|at|of|de|du|=|:)?\s*|(?-i:\b(?:CI|IC|CrI)\b)[^()\n]{0,40})$",
    re.I)
"""The French order, "IC à 95 %", "au seuil de 5 %"; a test's level, "an alpha level of
5%", "a Type 1 error rate at 5%"; and an interval's bounds, "(95% CI 12–24%)"."""

_SETTING_BEFORE = re.compile(
    r"(?:\b(?:set|fixed|chosen)\s+(?:to|at|as)\s*|\bpower\s+(?:of|=|at)\s*|puissance\s+de\s*"
    r"|\b(?:alpha level|significance level|error rate|niveau de signification)\b[^.;!?\n]{0,100})$",
    re.I)
"""A percentage the author chooses: "α is set to 5%", "a power of 80%", and what the
alpha level of the same clause bounds ("based on our chosen alpha level, we will not be
wrong more than 5% of the time")."""
_BARE_NOUN_SCALES = frozenset({"million", "billion", "trillion", "thousand"})
"""Scale words a noun follows directly, in English ("2 million people")."""
_SCALES = ("milliard", "million", "billion", "trillion", "thousand", "millier")
"""Scale words that make a spelled-out number a figure (each may take a plural s)."""


@functools.cache
def _multiplier_anchors() -> tuple[str, ...]:
    """The longest word of each multiplier phrase, and each proportion's link and
    divisor ("sur cinq", "in five", "in 5") with the spaces a wrapped line can put
    between."""
    data = load("figures")
    words = {phrase_anchor(p) for p in data["multipliers_fr"] + data["multipliers_en"]}
    words |= {f"{space}{link}{gap}{divisor}" for link in data["proportion_link"]
              for divisor in [*data["proportion_divisors"], *"123456789"]
              for space in " \n" for gap in (" ", "\n", "\u00a0")}
    return fewest_anchors(words)


def figure_anchors() -> tuple[tuple[str, ...], ...]:
    """The anchor lists ``find_figures`` looks up in a ``Folded`` text."""
    return _SCALES, _multiplier_anchors(), _idioms()


@functools.cache
def _spelled_pattern() -> re.Pattern[str]:
    words = sorted(folded_set("figures", "number_words"), key=len, reverse=True)
    number = "|".join(re.escape(w) for w in words)
    scales = "|".join(f"{w}s?" for w in _SCALES)
    return re.compile(
        rf"(?<!\w)(?:{number})(?:[ -](?:{number}))*"
        rf"\s+(?:{scales})\b(?:\s+(?:de|d'|d’|of)\s*\w+)?"
    )


def _value(token: str) -> float:
    cleaned = _SPACES.sub("", token)
    if _THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    return float(cleaned.replace(",", "."))


def _words_after(text: str, pos: int, count: int = 4) -> list[str]:
    return [m.group(0) for m in itertools.islice(_WORD.finditer(text, pos, pos + 80), count)]


def _word_before(text: str, pos: int) -> str:
    match = _LAST_WORD.search(text, max(0, pos - 30), pos)
    return match.group(1) if match else ""


_SPACES = re.compile(_SPACE)
_NON_BLANK = re.compile(r"\S")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_SAMPLE_SIZE = re.compile(r"(?<![\w])[nN]\s*=\s*$")
_RANGE_TO = re.compile(r"[^\S\n]*(?:à|au|to|-|–|—)[^\S\n]*[€$£]?[^\S\n]*\d")
"""A number that opens a range: "1 200 à 1 320 euros", "$5 to $10", "10–15 %"."""
_CODE_BEFORE = re.compile(r"(?<![\w])[A-Za-z]{3}[ \u00a0\u202f]?$")
"""A currency code right before an amount: "CHF 2,5", "USD 100"."""
_LAST_WORD = re.compile(r"([\w°'’]+)[\s.]*$")
_LIST_NUMBER_END = re.compile(r"[.)]\s")
_DATE_AFTER = re.compile(r"\s?[/:h]\s?\d")
_DATE_BEFORE = re.compile(r"\d\s?[/:]\s?$")
_DECIMAL_AFTER = re.compile(r"\.\d")
_DECIMAL = re.compile(r"\d+\.\d+")
_YEARLIKE = re.compile(r"(?:1[5-9]|20)\d\d")
_DE = re.compile(r"^(?:d'|de)")
_LOWER_START = frozenset("abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ")
_DIGITS = re.compile(r"[0-9][0-9]*")
"""Where numbers can start: written so that the regex engine skips to the next digit
fast (a pattern that opens with a look-behind is tried at every character)."""


def find_figures(doc: Document, start: int, end: int, skip: Ranges,
                 folded: Folded | None = None) -> list[Figure]:
    """Figures in ``doc.text[start:end]``, leaving out positions in ``skip``."""
    return [make_figure(doc, s, e, kind)
            for s, e, kind in figure_spans(doc.text, start, end, skip, folded)]


def make_figure(doc: Document, start: int, end: int, kind: str) -> Figure:
    return Figure(doc.span(start, end), " ".join(doc.text[start:end].split()), kind)


class _Words(NamedTuple):
    scale: frozenset[str]
    currency: frozenset[str]
    units: frozenset[str]
    capitalised: frozenset[str]
    before_no: frozenset[str]
    after_no: frozenset[str]


@functools.cache
def _words() -> _Words:
    """The word lists of data/figures.toml that say what a number is."""
    return _Words(*(folded_set("figures", key) for key in (
        "scale_words", "currency_words", "unit_words", "unit_words_capitalised",
        "not_figure_before", "not_figure_after")))


_Span = tuple[int, int, str]


def figure_spans(text: str, start: int, end: int, skip: Ranges,
                 folded: Folded | None = None) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the figures in ``text[start:end]``: what ``find_figures``
    reports, without building spans (a child process sends these back cheaply)."""
    folded = folded if folded is not None else Folded(text)
    words = _words()
    found: list[_Span] = []
    taken = Ranges()
    number_end = start
    for digits in _DIGITS.finditer(text, start, end):
        if digits.start() < number_end:
            continue  # the rest of a number already read ("1 234", "3,5")
        match = _NUMBER.match(text, digits.start(), end)
        if match is None:
            continue
        s, e = match.span()
        number_end = e
        token = match.group(0)
        if s in skip or (_YEARLIKE.fullmatch(token) and _plain_year(text, e)):
            continue  # years are most of the numbers in an essay: dropped first
        figure = _figure_at(text, s, e, token, words)
        if figure is not None:
            _add(found, taken, skip, figure)
    for pattern, anchors, kind in (
            (_spelled_pattern(), _SCALES, "count"),
            (_multiplier_pattern(), _multiplier_anchors(), "multiplier")):
        for s, e in anchored_matches(pattern, folded.text, folded.hits(anchors), start, end, 100, 60):
            if kind == "multiplier" and _SYMBOL_SUBJECT.search(text, max(0, s - 40), s):
                continue  # "(the $ are doubled)": a sign written twice, no quantity
            _add(found, taken, skip, (s, e, kind))
    found.sort()
    idioms = [(s, e) for s, e in folded.hits(_idioms()) if start <= s < end] if found else []
    if idioms:  # "a million reasons", "cent fois": a manner of speaking
        found = [f for f in found if not any(s < f[1] and f[0] < e for s, e in idioms)]
    return found


_SYMBOL_SUBJECT = re.compile(
    r"(?:^|\s)[^\w\s]{1,3}\s+(?:(?:are|is|was|were|be|been|get|gets|got|sont|est|été)\s+)?$")
"""What a multiplier word follows when it multiplies a sign, not a quantity: a symbol
alone ("$", "%", "**"), maybe an auxiliary between."""


def _add(found: list[_Span], taken: Ranges, skip: Ranges, figure: _Span) -> None:
    s, e, _ = figure
    if s in skip or s in taken:
        return
    taken.add((s, e))
    found.append(figure)


def _figure_at(text: str, s: int, e: int, token: str, words: _Words) -> _Span | None:
    """The figure the number ``text[s:e]`` is part of, or ``None`` when it is a year, a
    list number, a date, a label's number, a sample size or the start of a range."""
    if _LIST_NUMBER_END.match(text, e) and not _NON_BLANK.search(
            text, text.rfind("\n", 0, s) + 1, s):
        return None  # list numbering "1. …"
    if _DATE_AFTER.match(text, e, e + 3) or _DATE_BEFORE.search(text, max(0, s - 3), s):
        return None  # dates 23/04, times 10:30, 14h30
    if _DECIMAL_AFTER.match(text, e):
        return None
    prev = fold(_word_before(text, s))
    if _not_a_figure(text, s, e, token, prev, words):
        return None
    try:
        value = _value(token)
    except ValueError:
        return None
    after = _words_after(text, e)
    first = fold(after[0]) if after else ""
    second = fold(after[1]) if len(after) > 1 else ""
    money = _money(text, s, e, first, prev, words)
    if money is not None:
        return money
    if first == "percentage" and second.startswith("point"):
        return s, _end_of(text, e, 2), "percent"
    if first in {"%", "pour", "percent", "per", "pct"} or text[e:e + 2].strip().startswith("%"):
        return _percent(text, s, e, first, second, value)
    if first == "points" or (first == "point" and value <= 1):
        return s, _end_of(text, e, 1), "percent"
    return _counted(text, s, e, token, value, after, (first, second), words)


def _plain_year(text: str, e: int) -> bool:
    """A year-like number with no %, currency, scale or unit word after it: a year."""
    nxt = _NEXT_WORD.match(text, e)
    word = fold(nxt.group(1)) if nxt else ""
    return not word or not (word[:1] in "%€$£" or word in _after_year_words())


def _not_a_figure(text: str, s: int, e: int, token: str, prev: str, words: _Words) -> bool:
    """A label's number ("n° 3", a word of data/figures.toml before it), a sample size
    or the start of a range; ``prev``: the word before, folded."""
    if _DECIMAL.fullmatch(token) and prev in words.before_no:
        return True
    if prev in words.before_no or prev in {"n°", "nº", "no"}:
        return True
    if _SAMPLE_SIZE.search(text, max(0, s - 6), s):
        return True  # "(n = 1,024)": a sample's size, said with the figure it qualifies
    return bool(_RANGE_TO.match(text, e))  # "de 1 200 à 1 320 euros": read at its second number


def _money(text: str, s: int, e: int, first: str, prev: str, words: _Words) -> _Span | None:
    """An amount with its currency before ("$125 billion", "CHF 2,5 milliards") or glued
    to its scale ("80 Md€")."""
    symbol_before = text[max(0, s - 2):s].strip()
    if symbol_before and symbol_before[-1] in "€$£¥":  # "$125 billion", "£3.2bn"
        taken = 1 if first in words.scale else 0
        return (s - 1 - (1 if text[s - 2:s - 1] == " " and text[s - 1] == " " else 0),
                _end_of(text, e, taken), "money")
    if prev in words.currency and prev.isalpha() and (
            code := _CODE_BEFORE.search(text, max(0, s - 5), s)):
        return code.start(), _end_of(text, e, 1 if first in words.scale else 0), "money"
    if first.endswith(("€", "$", "£")) and first.rstrip("€$£") in words.scale:
        return s, _end_of(text, e, 1), "money"  # "80 Md€"
    return None


def _percent(text: str, s: int, e: int, first: str, second: str, value: float) -> _Span | None:
    """A percentage, unless rhetoric ("100 % automatisée"), a setting ("at 85 % of the
    radius") or a method's level ("95% CI", "80 % power")."""
    if first == "pour" and second not in {"cent", "cents"}:
        return None
    if first == "per" and second != "cent":
        return None
    if value in {0, 100}:
        return None  # "100 % automatisée": rhetoric, not a statistic
    pct_end = _end_of(text, e, 2 if first in {"pour", "per"} else 1)
    if _of_a_setting(text, pct_end):
        return None  # "at 85 % of the radius", "87% of posterior samples", "50% of 10"
    if _statistical_level_after().match(text, pct_end) or _STAT_LEVEL_BEFORE.search(
            text, max(0, s - 40), s) or _SETTING_BEFORE.search(text, max(0, s - 120), s):
        # "95% CI", "80 % power", "IC à 95 %", and the bounds of an interval
        # ("(95% CI 12–24%)"): a method's setting, not a claim of its own.
        return None
    return s, pct_end, "percent"


def _counted(text: str, s: int, e: int, token: str, value: float, after: list[str],
             first_two: tuple[str, str], words: _Words) -> _Span | None:
    """A scaled amount or count ("109 milliards d'euros", "2 million people"), an amount
    with its currency after, a quantity with its unit, a large count of things."""
    first, second = first_two
    if first in words.scale and first not in {"m", "k"} or (
            first in {"m", "k", "md", "mds"} and second in words.currency):
        return _scaled(text, s, e, first, second, after, words)
    if first in words.currency or (after and after[0][:1] in "€$£¥"):
        return s, _end_of(text, e, 1), "money"
    if _YEARLIKE.fullmatch(token):
        return None
    if first in words.after_no or first.rstrip(".") in words.after_no:
        return None
    if first in words.units and (first not in words.capitalised or after[0][:1].isupper()):
        return s, _end_of(text, e, 1), "quantity"
    if value >= 1000 and after and after[0][:1] in _LOWER_START and not (
            _IDENTIFIER.fullmatch(token) or _CODE_WORD.fullmatch(_word_before(text, s))):
        return s, _end_of(text, e, 1), "count"  # "200 000 ouvrages"
    return None


def _scaled(text: str, s: int, e: int, first: str, second: str, after: list[str],
            words: _Words) -> _Span:
    """"109 milliards d'euros", "300 millions d'emplois", "80 Md€", "2 million people"."""
    rest = [_DE.sub("", fold(w)) for w in after[1:4]]
    if any(w in words.currency for w in rest[:3]) or (first.endswith(("€", "$"))):
        take = 1 + next(i for i, w in enumerate(rest) if w in words.currency) + 1 if any(
            w in words.currency for w in rest) else 1
        return s, _end_of(text, e, take), "money"
    # "2 million people": English puts the noun right after the scale word; French joins
    # it with "de" ("3 millions de personnes"), so the word after "milliards" is not its
    # noun ("20 milliards consacrés à la route").
    noun = second.isalpha() and second not in _FUNCTION_WORDS and first in _BARE_NOUN_SCALES
    take = 3 if second in {"de", "d'", "of"} else 2 if (second.startswith("d'") or noun) else 1
    return s, _end_of(text, e, take), "count"


@functools.cache
def _idioms() -> tuple[str, ...]:
    """Idioms with a number in them (data/figures.toml), folded: anchors found in the one
    pass over the document."""
    return tuple(dict.fromkeys(fold(p) for p in load("figures")["idioms"]))


_OF_THE = re.compile(r"[\\%]*\s+(?:of|du|de|d['’])\s*(?:(?:the|its|their|a|la|le|l['’])\s*)?"
                     r"(?P<words>(?:[^\W\d_]+\s*){1,3})")


def _of_a_setting(text: str, pos: int) -> bool:
    """"% of the (planetary) radius", "% de la largeur" (a proportion of a length), "% of
    posterior samples" (the paper's own computation), "% of 10" (arithmetic)."""
    if _OF_NUMBER.match(text, pos):
        return True
    match = _OF_THE.match(text, pos, pos + 60)
    return match is not None and any(
        fold(word) in _setting_words() for word in match.group("words").split())


@functools.cache
def _setting_words() -> frozenset[str]:
    """What a percentage "of the …" is a setting of: a length, the paper's own runs."""
    return folded_set("figures", "dimension_words") | folded_set("figures", "computed_words")


_OF_NUMBER = re.compile(r"[\\%]*\s+(?:of|de)\s+\d")


_IDENTIFIER = re.compile(r"\d{5,}")
"""Five digits or more with no separator: a grant, catalogue or specimen number ("grant
DEB 1354224 to…"), which a count would write "1,354,224" or "1 354 224"."""
_CODE_WORD = re.compile(r"[A-Z]{2,6}")
"""A code before a number ("DEB 1354224", "FKZ 50"): the number is part of a name."""


def _end_of(text: str, pos: int, words: int) -> int:
    """Offset after ``words`` more words from ``pos`` (keeping "d'euros" whole)."""
    end = pos
    for match in _WORD.finditer(text, pos, min(len(text), pos + 80)):
        if words <= 0 or text[end:match.start()].strip():
            break  # out of words, or punctuation between: the figure ends here
        end = match.end()
        words -= 1
    return end
