"""The sources a sentence names without a reference: "selon l'OCDE", "a McKinsey
report", "the World Bank estimates", "a study by Stanford", ", a indiqué Bercy".

``named_source`` reads one sentence, folded, around the anchor words found in one pass
over the document; ``check.sourcing`` decides what is sourced.  Word lists:
``data/attribution.toml``."""


from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from citecheck.extract.folded import fold_in_place
from citecheck.extract.phrases import FIRST_WORD, NOUN_USE, PARTICIPLE_BEFORE, Hits, Pattern, bounded, matches
from citecheck.lexicon import common_words, folded_set, load
from citecheck.text import fold

_CAPITAL_NEXT = re.compile(r"[ \t]+[A-ZÀ-ÝĀ-Ž]")


_LABEL_NUMBER = re.compile(r"[ \t]+(?!(?:1[5-9]|20)\d\d\b)\d")
"""A number after a capitalised word that is not a year: "Level 5", "Table 2", "Model
3" label a thing of the document's own; "Smith 2010" may still be a name."""


_SUBJECT_GAP = re.compile(r"\b(?:is|are|was|were|be|been|could|would|may|might|can|will|"
                          r"should|must|est|sont|était|étaient|pourrait|pourraient)\b")
"""A copula or a modal between a name and a reporting verb: the name is not its subject
("Levels 1 and 2 are the most common predicted outcomes", "the crackdown on NGOs could
predict")."""


_NEXT_WORD = re.compile(r"\s*([^\W\d_]+['’]?)")


_PARENTHESES = re.compile(r"\([^()]*\)")


_VERB_AFTER = re.compile(r"\s+(?:are|is|were|was|remain|remains|can|could|will|would|may|"
                         r"might|should|must|have|has|had)\b")
"""A verb right after a word that is also a verb ("estimates are unit-typed"): that word
is the subject, a noun."""


_OWN_BEFORE = re.compile(r"\b(?:our|my|this|these|notre|nos|mon|ma|mes|cette|ces)\s+"
                         r"(?:[\w*-]+\s+){0,3}$", re.I)
"""The document's own work: "our a priori DAG analysis", "cette enquête"."""


_INVERTED_SOURCE = re.compile(
    r"\s+(?:l['’]|le\s+|la\s+|les\s+|the\s+)?"
    # ", a indiqué le ministère de l'Économie": a common noun, then whose it is.
    r"(?:[a-zà-ÿ]+\s+(?:de\s+(?:l['’]|la\s+)?|du\s+|des\s+|d['’]|of\s+(?:the\s+)?))?"
    r"([A-ZÀ-ÝĀ-Ž][\w&.-]+)")


_CLAUSE_BREAK = re.compile(r"[,;]\s*[»”\"’']?\s*$")  # also after a quote: `growth," said`


_AS_BEFORE = re.compile(r"(?<![\w'’])(?:comme|ainsi que|as)\s+(?:l['’]|le\s+|la\s+)?$", re.I)
"""The source after its verb, French style: "comme l'a montré Thomas Piketty"."""


_POPULATION = re.compile(r"(?:\b(?:un|une|one|two|deux|des|of|les)|\d\s?%?)\s+$", re.I)


_COUNTED = re.compile(r"(?:Un|Une|One|Two|Deux)\s")
"""A population counted in the name itself: "Un Français sur deux déclare"."""


_YEAR_BEFORE = re.compile(r"(?<![\d,.])(?:1[89]|20)\d\d\s+$")


_NAME_BEFORE = re.compile(r"(?<![\w'’])([A-ZÀ-ÝĀ-Ž][\w&'’.-]+)\s+$")


CAPITAL = re.compile(r"(?<![\w'’])(?:l['’]|d['’])?([A-ZÀ-ÝĀ-Ž][\w&'’.-]+)")


_CAPITAL_WORD = re.compile(r"([A-ZÀ-ÝĀ-Ž][\w&'’.-]+)")


_GAP = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"
"""The space between two words of a name: a line break of wrapped text, not a blank line."""


_NAME_HEAD = re.compile(
    rf"(?<![\w'’])(?:[A-ZÀ-ÝĀ-Ž][\w&'’.-]+{_GAP}(?:(?:of|for|on|de|du|des|la|le|les|and|et|&)"
    rf"{_GAP})*){{1,5}}$")
"""The capitalised words (and the small words of a name) right before a name's last
word: "World " before "Bank", "Bureau of Labor " before "Statistics"."""


_AUTHOR_LINK = re.compile(
    r"[^\S\n]*\n?[^\S\n]*(?:[«“\"*_]|\\emph\{|\\textit\{)[^\S\n]*(?=[A-ZÀ-ÝĀ-Ž])"
    r"|(?:[^\S\n]+[a-zà-ÿ0-9][\w'’-]*,?){0,3}?"
    r"[^\S\n]+(?:by|from|at|of[^\S\n]+the|de|du|des|d['’]|de[^\S\n]+la|de[^\S\n]+l['’]|par)"
    r"(?:[^\S\n]+|(?<=['’]))(?:(?:the|la|le|les)[^\S\n]+|l['’])?(?=[A-ZÀ-ÝĀ-Ž])")
"""Between a document noun and the name of its author or its title: a title in quotes
or italics right after it ("note « Reclaiming… »"), or a few lowercase words
("comparative", "menée en 2016", "published in 2020") then "by", "de", "of the"…
("study by Stanford", "étude comparative de l'OCDE"); "a study of lattice cryptography
(PQC)" and "their analysis as a more accessible *Bristlecone* example" have none."""


_NAME_TAIL = re.compile(
    rf"(?:{_GAP}(?:(?:of|for|the|on|de|du|des|la|le|les|and|et|&){_GAP}|[dl]['’])*"
    r"[A-ZÀ-ÝĀ-Ž][\w&'’.-]+){0,5}")
"""The rest of a multi-word name: capitalised words, joined by the small words of
organisation names."""


@functools.cache
def named_patterns() -> tuple[Pattern, Pattern, Pattern]:
    data = load("attribution")
    return (bounded([fold(c) for c in data["cues_fr"] + data["cues_en"]]),
            bounded([fold(n) for n in data["document_nouns"]]),
            bounded([fold(v) for v in data["verbs_fr"] + data["verbs_en"]],
                     r"(?:\s+par|\s+by)?", 8))


def named_source(sentence: str, folded: str | None = None, hits: Hits | None = None,
                 lang: str | None = None) -> str | None:
    """A specific source the sentence names ("selon l'OCDE", "une étude de Stanford",
    "annoncés par Macron", "the World Bank estimates"), or ``None``; on one line,
    though a name may run over a line break of wrapped text.

    ``hits``: where anchor words are in the sentence, when the caller knows; the
    patterns then look around them only, and not at all when there are none.
    ``lang``: the document's language, when known ("fr" or "en"): a word that is a
    cue or a verb only in the other language is then read as what it is here ("a
    note" is no French "a noté")."""
    found = source_named(sentence, folded, hits, lang)
    return found.name if found else None


class Named(NamedTuple):
    """A source a sentence names, and whether the sentence reports something from it
    (a cue such as "according to", or a reporting verb) rather than just naming it."""

    name: str
    reported: bool


def source_named(sentence: str, folded: str | None = None, hits: Hits | None = None,
                 lang: str | None = None, lowered: Callable[[str], bool] | None = None
                 ) -> Named | None:
    """``named_source``, with how the source is named.  ``lowered``: whether the
    document writes a word in lower case somewhere (then, capitalised at a sentence's
    start, it is no name)."""
    found = _named_source(sentence, folded, hits, lang, lowered)
    return Named(" ".join(found[0].split()), found[1]) if found else None


def _named_source(sentence: str, folded: str | None, hits: Hits | None,
                  lang: str | None, lowered: Callable[[str], bool] | None
                  ) -> tuple[str, bool] | None:
    reader = _SourceReader(sentence, fold_in_place(sentence) if folded is None else folded,
                           hits, lang, lowered)
    return reader.by_cue() or reader.by_noun() or reader.by_verb()


class _SourceReader:
    """One sentence read for the source it names: after a cue ("according to"), by a
    document noun ("a McKinsey report"), or as the subject or object of a reporting verb
    ("the World Bank estimates", ", a indiqué Bercy", "told Reuters")."""

    __slots__ = ("common", "cue", "folded", "foreign", "hits", "lowered", "noun", "parts",
                 "sentence", "sentence_initial", "verb")

    def __init__(self, sentence: str, folded: str, hits: Hits | None, lang: str | None,
                 lowered: Callable[[str], bool] | None) -> None:
        self.sentence, self.folded, self.hits, self.lowered = sentence, folded, hits, lowered
        self.cue, self.noun, self.verb = named_patterns()
        self.foreign = _foreign_words(lang)
        first_word = FIRST_WORD.match(sentence)
        self.sentence_initial = first_word.start(1) if first_word else 0
        self.common = common_words()
        self.parts = folded_set("attribution", "document_parts")

    def proper(self, match: re.Match[str]) -> bool:
        """Capitalised for being a name, not for opening the sentence (or what follows
        a colon): a word the document also writes in lower case ("Results revealed",
        "Table 2: Regression analysis") is no name there."""
        sentence, word = self.sentence, match.group(1)
        if sum(c.isalpha() for c in word) < 2:
            return False  # "chemical X": a variable
        if _LABEL_NUMBER.match(sentence, match.end(1)):
            return False  # "Level 5", "Table 2": a label, not a name
        if fold(word) in self.parts:
            return False  # "Appendix [ref] shows": the document's own part
        if len(word) <= 4 and fold(word) in self.common and not _CAPITAL_NEXT.match(
                sentence, match.end(1)):
            return False  # "Or claims could…": a small word, not "Le Monde", "The Guardian"
        opening = match.start(1) == self.sentence_initial or sentence[:match.start(1)].rstrip(
            " *_").endswith(":")
        return not opening or (fold(word) not in self.common and not (
            self.lowered is not None and self.lowered(word)))

    def capital_after(self, pos: int, span: int, near: int | None = None) -> str | None:
        """The name that starts with the first proper capital after ``pos``, whole ("the
        Office for National Statistics", "Le Monde", "la Banque de France").  ``near``:
        it must start within that many characters ("per the CDC", not "per night … CI")."""
        sentence = self.sentence
        for match in CAPITAL.finditer(sentence, pos, min(len(sentence), pos + span)):
            if near is not None and match.start() - pos > near:
                return None
            if self.proper(match):
                return without_final_stop(match.group(1) + name_rest(sentence, match.end(1)))
        return None

    def by_cue(self) -> tuple[str, bool] | None:
        """"selon l'OCDE", "according to the CDC", "per Reuters"."""
        sentence, folded = self.sentence, self.folded
        adjacent = folded_set("attribution", "cues_adjacent")  # "per" also means "for each"
        for match in matches(self.cue, folded, self.hits):
            if folded[match.start():match.end()] in self.foreign:
                continue
            near = 6 if folded[match.start():match.end()] in adjacent else None
            follower = _NEXT_WORD.match(sentence, match.end())
            if follower and follower.group(1).islower() and fold(follower.group(1)) not in (
                    folded_set("attribution", "cue_followers")):
                continue  # "according to group", "selon leur âge": by what, not by whom
            name = self.capital_after(match.end(), 90, near)
            if name:
                return f"{sentence[match.start():match.end()]} … {name}", True
        return None

    def by_noun(self) -> tuple[str, bool] | None:
        """"a McKinsey report", "une étude de l'OCDE", "leur note « … »"."""
        for match in matches(self.noun, self.folded, self.hits):
            named = _document_named(self.sentence, self.folded, match, self.proper)
            if named:
                return named, False
        return None

    def by_verb(self) -> tuple[str, bool] | None:
        """A reporting verb's source: its object ("told Reuters"), a source after it
        (", a indiqué Bercy") or its subject ("the World Bank estimates")."""
        sentence, folded = self.sentence, self.folded
        after = folded_set("attribution", "verbs_source_after")  # "the company told Reuters"
        for match in matches(self.verb, folded, self.hits):
            said = folded[match.start():match.end()]
            if said in self.foreign or sentence[match.start() - 1:match.start()] in {".", "_"}:
                continue  # "GaussianMixture.predict": a method's name, not a verb
            if sentence[match.start()].isupper() and match.start() != self.sentence_initial:
                continue  # "Registered Reports", "Annual Report": a name's word, not a verb
            if _inside_quotes(sentence, match.start()):
                continue  # “a report published by the Institute”: quoted, not reported
            if said.endswith((" par", " by")) or said in after:  # "told Reuters": the outlet
                if _OWN_BEFORE.search(sentence, max(0, match.start() - 50), match.start()):
                    continue  # "This first report by a Data Editor": the document itself
                name = self.capital_after(match.end(), 40)
                if name:
                    return f"{sentence[match.start():match.end()]} {name}", True
                continue
            found = self._around_verb(match)
            if found:
                return found, True
        return None

    def _around_verb(self, match: re.Match[str]) -> str | None:
        """The source after a verb (", a indiqué Bercy") or its subject ("the World Bank
        estimates"), unless the verb is a noun or a participle there."""
        sentence, folded = self.sentence, self.folded
        if PARTICIPLE_BEFORE.search(sentence, max(0, match.start() - 24), match.start()):
            return None  # "the group usually found in…", "is reported here": no one reports
        if NOUN_USE.search(sentence, max(0, match.start() - 24), match.start()) or (
                _VERB_AFTER.match(sentence, match.end())):
            return None  # "a biased estimate", "parameter estimates are…": a noun, not a verb
        # ", a indiqué Bercy", ", estime l'ADEME": the source after the verb.
        inverted = _INVERTED_SOURCE.match(sentence, match.end())
        if inverted and (_CLAUSE_BREAK.search(sentence, max(0, match.start() - 5), match.start())
                         or _AS_BEFORE.search(sentence, max(0, match.start() - 16), match.start())):
            source = inverted.group(0) + name_rest(sentence, inverted.end())  # "Thomas Piketty"
            return (f"{sentence[match.start():match.end()]} "
                    f"{without_final_stop(source.strip())}")
        base = max(0, match.start() - 40)
        subject = list(CAPITAL.finditer(sentence, base, match.start()))
        if subject and _SUBJECT_GAP.search(_PARENTHESES.sub(
                "", sentence[subject[-1].end(1):match.start()])):
            return None  # "Levels 1 and 2 are … predicted": not the verb's subject
        if subject and self.proper(subject[-1]) and not _INSTRUCTION.match(
                folded, subject[-1].end()):  # "Note that knitr shows": an instruction
            # The whole name that ends there: "the World Bank", "the Bureau of Labor
            # Statistics", not its last word; a population if what comes before the
            # whole name counts it ("60 % of Americans", not "Association of Realtors").
            head = _NAME_HEAD.search(sentence, max(0, subject[-1].start(1) - 60),
                                     subject[-1].start(1))
            start = head.start() if head else subject[-1].start(1)
            if not (_quantified(sentence, start) or _COUNTED.match(sentence, start)):
                name = sentence[start:subject[-1].end(1)]
                return f"{name} {sentence[match.start():match.end()]}"
        return None


def _document_named(sentence: str, folded: str, match: re.Match[str],
                    proper: Callable[[re.Match[str]], bool]) -> str | None:
    """The document a noun names, by whom it is ("a McKinsey report", "une étude
    comparative de l'OCDE", "a study by Stanford") or by its title ("leur note
    « Reclaiming Digital Sovereignty »").  What follows "study of", "analysis in" is
    its subject, not its author; "a French paper" says where it is from, not whose."""
    if _not_a_document(folded, match):
        return None
    noun = sentence[match.start():match.end()]
    if _OWN_BEFORE.search(sentence, max(0, match.start() - 50), match.start()):
        return None  # "our analysis", "cette étude": the document's own work
    if _inside_quotes(sentence, match.start()):
        return None  # “a report published by the Institute”: a phrase quoted, not a source
    before = _NAME_BEFORE.search(sentence, max(0, match.start() - 40), match.start())
    if before and proper(before) and fold(before.group(1)) not in folded_set(
            "attribution", "not_source_names"):
        return f"{before.group(1)} {noun}"
    link = _AUTHOR_LINK.match(sentence, match.end())
    if link is None:
        return None
    name = _CAPITAL_WORD.match(sentence, link.end())
    if name is None or not proper(name):
        return None
    return f"{noun} … {without_final_stop(name.group(1) + name_rest(sentence, name.end(1)))}"


def _inside_quotes(sentence: str, pos: int) -> bool:
    """``pos`` is inside a quotation opened before it in the sentence."""
    before = sentence[:pos]
    curly = before.count("“") + before.count("«") > before.count("”") + before.count("»")
    return curly or before.count('"') % 2 == 1


@functools.cache
def _foreign_words(lang: str | None) -> frozenset[str]:
    """Cues and verbs of the other language whose first word is a common word of this
    one, folded: in an English text "a note" is not the French "a noté" (a quoted
    "Valérie Roux promet" is still French)."""
    data = load("attribution")
    words = {"fr": data["cues_fr"] + data["verbs_fr"], "en": data["cues_en"] + data["verbs_en"]}
    if lang not in words:
        return frozenset()
    own = {fold(w) for w in words[lang]}
    common = common_words()
    return frozenset(word for other, listed in words.items() if other != lang
                     for word in (fold(w) for w in listed)
                     if word not in own and " " in word and word.split()[0] in common)


_DETERMINER = re.compile(r"\b(?:a|an|the|this|that|its|their|our|une|la|cette|sa|leur|notre)"
                         r"\s+(?:\w+\s+)?$")


_INSTRUCTION = re.compile(r"\s*(?:that\b|que\b|qu[’']|:|,)")


def _not_a_document(folded: str, match: re.Match[str]) -> bool:
    """"Note that JSS prefers…", "(note the AE spelling)": the reader is told
    something; no note, study or report is named.  A note that is a document has a
    determiner ("a note by", "la note de")."""
    noun = folded[match.start():match.end()].strip()
    if re.match(r"\s*:", folded[match.end():match.end() + 3]) or (
            noun == "note" and _INSTRUCTION.match(folded, match.end())):
        return True  # "Note that…", "Report:" as a label; "the 2016 World Report, …" names one
    return noun == "note" and not _DETERMINER.search(
        folded, max(0, match.start() - 12), match.start())


def name_rest(sentence: str, pos: int) -> str:
    """The rest of the name whose first word ends at ``pos`` ("for National Statistics")."""
    rest = _NAME_TAIL.match(sentence, pos)
    return rest.group(0) if rest else ""


def _quantified(sentence: str, pos: int) -> bool:
    """"one in two Americans", "60 % des Français": a population, not a source ("A 2023
    McKinsey report": a year, not a population)."""
    return bool(_POPULATION.search(sentence, max(0, pos - 12), pos)) and not _YEAR_BEFORE.search(
        sentence, max(0, pos - 12), pos)


def without_final_stop(name: str) -> str:
    """"Reuters." ends a sentence, "U.S." keeps its stops."""
    return name[:-1] if name.endswith(".") and name.count(".") == 1 else name
