"""Who a sentence says its claim comes from: nobody in particular.

``vague_phrase`` finds the phrases that credit nobody ("d'autres études montrent",
"some researchers say"); ``named_sources`` reads the sources a sentence names.  Both
read one sentence, folded, around the anchor words found in one pass over the document
(``Folded``; the anchor lists are here); ``check.sourcing`` decides what is sourced.
Word lists: ``data/attribution.toml``.
"""

from __future__ import annotations

import functools
import re

from citecheck.extract.folded import fewest_anchors, fold_in_place, phrase_anchor
from citecheck.extract.named_sources import named_patterns
from citecheck.extract.phrases import (
    FIRST_WORD,
    NOUN_USE,
    PARTICIPLE_BEFORE,
    Hits,
    Pattern,
    alternation,
    bounded,
    matches,
)
from citecheck.lexicon import common_words, load
from citecheck.text import fold


@functools.cache
def _vague() -> tuple[Pattern, Pattern, Pattern]:
    data = load("attribution")
    phrases = [fold(p) for p in data["vague_fr"] + data["vague_en"]]
    verbs = [fold(v) for v in data["reporting_verbs"]]
    with_verb = [p for p in phrases if any(re.search(rf"\b{re.escape(v)}\b", p) for v in verbs)
                 or p.startswith(("on ", "il ", "it ", "selon", "d'apres", "according", "tout ",
                                  "beaucoup", "nombreux", "some say", "many believe"))
                 or p.endswith(" that")]  # "the scientific consensus is that …": said whole
    subjects = [p for p in phrases if p not in with_verb]
    return _adverb_before_verb(with_verb, set(verbs)), bounded(subjects), bounded(verbs)


_ADVERB = r"\s(?:[a-z]+ly\s)?"
"""Room for one adverb before a phrase's verb: "statistics consistently show"."""


def _adverb_before_verb(phrases: list[str], verbs: set[str]) -> Pattern:
    """``bounded`` for phrases that end in a reporting verb ("studies show"), with
    room for one adverb ending in -ly before that verb."""
    def one(phrase: str) -> str:
        head, _, last = phrase.rpartition(" ")
        if head and last in verbs:
            return f"{re.escape(head)}{_ADVERB}{re.escape(last)}".replace(r"\ ", r"\s")
        return re.escape(phrase).replace(r"\ ", r"\s")
    ordered = sorted(phrases, key=len, reverse=True)
    return Pattern(re.compile(rf"(?<!\w)(?:{'|'.join(one(p) for p in ordered)})(?!\w)"),
                    max(map(len, phrases)) + 16,
                    fewest_anchors({phrase_anchor(p) for p in phrases}))


def vague_phrase(sentence: str, folded: str | None = None, hits: Hits | None = None) -> str | None:
    """The phrase that attributes the sentence's claim to nobody in particular.

    ``hits``: where anchor words are in the sentence, when the caller knows; the
    phrases are then looked for around them only."""
    folded = fold_in_place(sentence) if folded is None else folded
    standalone, subject, verb = _vague()
    first_word = FIRST_WORD.match(sentence)
    opening = first_word.start(1) if first_word else 0

    def in_a_name(match: re.Match[str]) -> bool:
        """"the Bureau of Labor Statistics show": capitalised inside the sentence, the
        phrase is the end of a proper name, not a vague source."""
        return match.start() != opening and sentence[match.start()].isupper()

    def named_before(match: re.Match[str]) -> bool:
        """"Environmental Protection Agency scientists say": named by their institution."""
        by = _NAME_RIGHT_BEFORE.search(sentence, max(0, match.start() - 40), match.start())
        return by is not None and fold(by.group(1)) not in common_words()

    found = [match for match in matches(standalone, folded, hits)
             if not in_a_name(match) and not named_before(match)]
    if found:
        return sentence[found[0].start():found[0].end()]
    for match in matches(subject, folded, hits):
        if in_a_name(match) or _RELATIVE_AFTER.match(folded, match.end()) or named_before(match):
            continue  # "scientists who find …", "a scientist named Dr. Spence", "Agency
            # scientists": the topic of a clause, or people named by their institution
        # "des experts estiment …", or "selon une étude récente, …": a reporting verb
        # after the vague subject, or a cue just before it.
        said = verb.regex.search(folded, match.end(), match.end() + 80)
        if said and _not_reported(sentence, folded, match.end(), said.start()):
            continue  # "researchers can say", "mistakenly claim", "make a claim"
        if said or _cue_before().search(folded, max(0, match.start() - 24), match.start()):
            return sentence[match.start():match.end()]
    return None


@functools.cache
def _cue_before() -> re.Pattern[str]:
    """A cue ("selon", "according to") ending just where a phrase starts."""
    data = load("attribution")
    cues = list({fold(c) for c in data["cues_fr"] + data["cues_en"] + data["cues_passive"]})
    return re.compile(rf"(?<![\w'’])(?:{alternation(cues)})\s+$")


def _not_reported(sentence: str, folded: str, subject_end: int, verb_start: int) -> bool:
    """Whether the reporting word after a vague subject reports nothing: a modal or an
    adverb of dispute or a negation between them ("researchers can say", "scientists
    mistakenly claim", "scientists do not report"), a noun ("make a claim", "an
    unsubstantiated claim"), an infinitive ("allowing researchers to claim"), a passive
    ("are not expected")."""
    before = max(subject_end, verb_start - 24)
    return bool(
        _MODAL.search(folded, subject_end, verb_start)
        or _NEGATED.search(folded, subject_end, verb_start)
        or _disputed().search(folded, subject_end, verb_start)
        or NOUN_USE.search(sentence, before, verb_start)
        or _TO_BEFORE.search(folded, before, verb_start)
        or PARTICIPLE_BEFORE.search(sentence, before, verb_start)
        or _NOT_PARTICIPLE.search(folded, before, verb_start))


@functools.cache
def _disputed() -> re.Pattern[str]:
    """Adverbs by which the author disputes the claim reported (data/attribution.toml)."""
    words = [fold(w) for w in load("attribution")["disputed_adverbs"]]
    return re.compile(rf"\b(?:{alternation(words)})\b")


@functools.cache
def trigger_words() -> tuple[str, ...]:
    """The anchors of every vague phrase, cue and document noun: a sentence with none
    of them and no figure needs no closer look."""
    standalone, subject, _ = _vague()
    cue, noun, _ = named_patterns()
    return fewest_anchors({*standalone.anchors, *subject.anchors, *cue.anchors, *noun.anchors})


def verb_words() -> tuple[str, ...]:
    """Anchors of the verbs that attribute a figure to the sentence's subject."""
    return named_patterns()[2].anchors


def attribution_anchors() -> tuple[tuple[str, ...], ...]:
    """The anchor lists ``read_claims`` looks up in a ``Folded`` text."""
    standalone, subject, _ = _vague()
    cue, noun, verb = named_patterns()
    return (trigger_words(), standalone.anchors, subject.anchors, cue.anchors, noun.anchors,
            verb.anchors)


@functools.cache
def anaphor_words() -> tuple[str, ...]:
    """The anaphors, folded, as anchors for one pass over the document."""
    return tuple(dict.fromkeys(fold(w) for w in load("attribution")["anaphors"]))


@functools.cache
def anaphors() -> re.Pattern[str]:
    """The words that refer back to a work cited earlier (data/attribution.toml)."""
    words = sorted((fold(w) for w in load("attribution")["anaphors"]), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\b")


def document_noun(folded_sentence: str) -> bool:
    return named_patterns()[1].regex.search(folded_sentence) is not None


_RELATIVE_AFTER = re.compile(
    r"\s*(?:who|whom|which|that|named|called|qui|que|qu['’]|dont|nomme|nommee|appele|appelee)\b")
"""After a vague subject, what makes it the topic of a clause, not a source: "scientists
who find that…", "a scientist named Dr. Riley Spence", "les chercheurs qui…"."""


_NAME_RIGHT_BEFORE = re.compile(r"(?<![\w'’])([A-ZÀ-ÝĀ-Ž][\w&'’.-]+)[ \t]+$")


_TO_BEFORE = re.compile(r"\bto\s+$")


_NOT_PARTICIPLE = re.compile(r"\b(?:is|are|was|were|be|been)\s+not\s+$")
_NEGATED = re.compile(r"\b(?:do|does|did)\s+not\b|\b(?:don't|doesn't|didn't|don’t|doesn’t|"
                      r"didn’t|never|rarely|seldom|fail to|fails to|failed to)\b|\bne\b|\bn['’]")
"""A reporting verb denied ("scientists often do not report …"): nothing is reported."""


_MODAL = re.compile(r"\b(?:can|cannot|could|may|might|should|must|would|need to|ought to|"
                    r"peut|peuvent|pourrait|pourraient|doit|doivent|devrait|devraient)\b")
