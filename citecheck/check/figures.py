"""Where does this number come from?  Figures and attributions, per sentence.

A figure is sourced when its sentence, or the last sentence of its paragraph,
holds a citation, a footnote call, a link or a DOI (a footnote text with one
of these sources all its figures).  What is left is ``attribution-vague``
(nobody in particular: "d'autres études montrent"), ``attribution-unlinked``
(someone named, nothing to find: "selon l'OCDE") or ``figure-unsourced``.
Sentences with vague or named attributions and no figure are reported too,
at a lower severity.  Word lists: ``data/attribution.toml``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from citecheck.extract.figures import (
    Figure,
    Folded,
    fewest_anchors,
    figure_anchors,
    figure_spans,
    fold_in_place,
    make_figure,
    phrase_anchor,
)
from citecheck.extract.footnotes import NOTE_MARKS
from citecheck.extract.identifiers import reference_link_uses
from citecheck.lexicon import common_words, folded_set, load
from citecheck.model import Document, Extraction, Finding, Severity
from citecheck.text import Ranges, fold, guess_language, merge_spans

_SENTENCE_END = re.compile(
    r"[.!?…][»”\"')\]]*"
    r"(?P<note>(?:\[\^[^\]\s]{1,30}\]|\[\d{1,3}(?:[,–-]\d{1,3})*\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^\d{1,3}\^)+)?"
    r"\s+(?=[«“\"(\[]?\s?[A-ZÀ-ÝĀ-Ž0-9])")
"""The end of a sentence: the match starts at its final punctuation mark (a pattern that
opens with a character class lets the regex engine skip ahead fast).  A note called
after the full stop (Chicago's "survives.[^6] Some", "survives.¹ Some") ends the
sentence too, and belongs to it."""
_ABBREVIATIONS = re.compile(r"(?:\b(?:M|Mme|Dr|Pr|St|etc|cf|p|pp|vol|n°|No|Fig|art|al|ex|e\.g|i\.e|"
                            r"U\.S|Inc|Ltd|Jr|Sr|vs|env|av|apr|J\.-C)\.|\b[A-Z]\.)$")

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
    breaker = re.compile(r"\n" if unwrapped else r"\n[ \t]*\n")
    paragraph = 0
    pos = start
    for block in [*breaker.finditer(text, start, end), None]:
        block_end = block.start() if block else end
        sentence_start = pos
        for match in _SENTENCE_END.finditer(text, pos, block_end):
            stop = match.start() + 1
            if text[match.start()] == "." and _ABBREVIATIONS.search(
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


class _Pattern(NamedTuple):
    regex: re.Pattern[str]
    reach: int
    """The longest text it can match: how far around an anchor it must look."""
    anchors: tuple[str, ...]
    """Folded words one of which every match holds (``phrase_anchor``)."""


Hits = Callable[[tuple[str, ...]], list[tuple[int, int]]]
"""Where the words of an anchor list are in a sentence (relative offsets)."""


def _alternation(items: list[str]) -> str:
    """The phrases, longest first; a space in one matches any space (French typography
    puts a no-break space before a colon: "Source\u00a0: …")."""
    return "|".join(re.escape(i).replace(r"\ ", r"\s") for i in sorted(items, key=len, reverse=True))


def _bounded(items: list[str], after: str = "", extra: int = 0) -> _Pattern:
    return _Pattern(re.compile(rf"(?<!\w)(?:{_alternation(items)}){after}(?!\w)"),
                    max(map(len, items)) + extra,
                    fewest_anchors({phrase_anchor(i) for i in items}))


@functools.cache
def _vague() -> tuple[_Pattern, _Pattern, _Pattern]:
    data = load("attribution")
    phrases = [fold(p) for p in data["vague_fr"] + data["vague_en"]]
    verbs = [fold(v) for v in data["reporting_verbs"]]
    with_verb = [p for p in phrases if any(re.search(rf"\b{re.escape(v)}\b", p) for v in verbs)
                 or p.startswith(("on ", "il ", "it ", "selon", "d'apres", "according", "tout ",
                                  "beaucoup", "nombreux", "some say", "many believe"))]
    subjects = [p for p in phrases if p not in with_verb]
    return _bounded(with_verb), _bounded(subjects), _bounded(verbs)


def _matches(pattern: _Pattern, folded: str, hits: Hits | None) -> list[re.Match[str]]:
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


def vague_phrase(sentence: str, folded: str | None = None, hits: Hits | None = None) -> str | None:
    """The phrase that attributes the sentence's claim to nobody in particular.

    ``hits``: where anchor words are in the sentence, when the caller knows; the
    phrases are then looked for around them only."""
    folded = fold_in_place(sentence) if folded is None else folded
    standalone, subject, verb = _vague()
    first_word = _FIRST_WORD.match(sentence)
    opening = first_word.start(1) if first_word else 0

    def in_a_name(match: re.Match[str]) -> bool:
        """"the Bureau of Labor Statistics show": capitalised inside the sentence, the
        phrase is the end of a proper name, not a vague source."""
        return match.start() != opening and sentence[match.start()].isupper()

    def named_before(match: re.Match[str]) -> bool:
        """"Environmental Protection Agency scientists say": named by their institution."""
        by = _NAME_RIGHT_BEFORE.search(sentence, max(0, match.start() - 40), match.start())
        return by is not None and fold(by.group(1)) not in common_words()

    found = [match for match in _matches(standalone, folded, hits)
             if not in_a_name(match) and not named_before(match)]
    if found:
        return sentence[found[0].start():found[0].end()]
    for match in _matches(subject, folded, hits):
        if in_a_name(match) or _RELATIVE_AFTER.match(folded, match.end()) or named_before(match):
            continue  # "scientists who find …", "a scientist named Dr. Spence", "Agency
            # scientists": the topic of a clause, or people named by their institution
        # "des experts estiment …", or "selon une étude récente, …": a reporting verb
        # after the vague subject, or a cue just before it.
        if verb.regex.search(folded, match.end(), match.end() + 80) or _cue_before().search(
                folded, max(0, match.start() - 24), match.start()):
            return sentence[match.start():match.end()]
    return None


@functools.cache
def _cue_before() -> re.Pattern[str]:
    """A cue ("selon", "according to") ending just where a phrase starts."""
    data = load("attribution")
    cues = list({fold(c) for c in data["cues_fr"] + data["cues_en"]})
    return re.compile(rf"(?<![\w'’])(?:{_alternation(cues)})\s+$")


_LOOSE_CITATION = re.compile(
    r"\[\d{1,4}(?:\s*[,–-]\s*\d{1,4})*\]"
    r"|\((?:voir |see |cf\. )?[A-ZÀ-ÝĀ-Ž][^()\d\n]{0,60}?,?\s(?:1[5-9]\d\d|20\d\d)[a-z]?"
    r"(?:,\s*(?:p\.|pp\.)?\s*\d+(?:[-–]\d+)?)?\)")
"""A numbered call ``[3]`` or an author–date parenthesis the citation reader did not
parse (``(Cour des comptes 2023)``): either sources a figure."""

_RELATIVE_AFTER = re.compile(
    r"\s*(?:who|whom|which|that|named|called|qui|que|qu['’]|dont|nomme|nommee|appele|appelee)\b")
"""After a vague subject, what makes it the topic of a clause, not a source: "scientists
who find that…", "a scientist named Dr. Riley Spence", "les chercheurs qui…"."""
_NAME_RIGHT_BEFORE = re.compile(r"(?<![\w'’])([A-ZÀ-ÝĀ-Ž][\w&'’.-]+)[ \t]+$")
_CAPITAL_NEXT = re.compile(r"[ \t]+[A-ZÀ-ÝĀ-Ž]")
_NOUN_USE = re.compile(r"\b(?:a|an|the|this|that|its|their|our|his|her)\s+(?:[a-z][\w-]*\s+)?$")
"""An English determiner, and perhaps an adjective, before a word that is also a verb
("a biased estimate", "the report"): the word is a noun there ("the IMF noted" is not)."""
_OWN_BEFORE = re.compile(r"\b(?:our|my|this|these|notre|nos|mon|ma|mes|cette|ces)\s+"
                         r"(?:[\w*-]+\s+){0,3}$", re.I)
"""The document's own work: "our a priori DAG analysis", "cette enquête"."""
_FIRST_WORD = re.compile(r"\s*[«“\"(]?\s*(\S+)")
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
_LIST_ITEM = re.compile(r"\s*(?:[-*•]|\d+[.)])\s")
_CAPITAL = re.compile(r"(?<![\w'’])(?:l['’]|d['’])?([A-ZÀ-ÝĀ-Ž][\w&'’.-]+)")
_CAPITAL_WORD = re.compile(r"([A-ZÀ-ÝĀ-Ž][\w&'’.-]+)")
_GAP = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"
"""The space between two words of a name: a line break of wrapped text, not a blank line."""
_NAME_HEAD = re.compile(
    rf"(?<![\w'’])(?:[A-ZÀ-ÝĀ-Ž][\w&'’.-]+{_GAP}(?:(?:of|for|on|de|du|des|la|le|les|and|et|&)"
    rf"{_GAP})*){{1,5}}$")
"""The capitalised words (and the small words of a name) right before a name's last
word: "World " before "Bank", "Bureau of Labor " before "Statistics"."""
_AUTHOR_OF_DOCUMENT = re.compile(
    r"\s+(?:by|from|of|de|du|des|d['’]|de\s+la|de\s+l['’])\s*(?:the\s+|l['’]|la\s+|le\s+)?"
    r"[A-ZÀ-ÝĀ-Ž][\w&'’.-]+")
"""Who wrote the document a vague phrase names, right after it: "study by Stanford"."""
_PARTICIPLE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|usually|commonly|often|typically|generally|"
    r"frequently|sometimes|rarely|also|widely)\s+$", re.I)
"""Before an English participle, what makes it a description ("the group usually found
in theory"), not a report ("Smith found")."""
_AUTHOR_LINK = re.compile(
    r"(?:[^\S\n]+[a-zà-ÿ0-9][\w'’-]*,?){0,3}?"
    r"(?:[^\S\n]*\n?[^\S\n]*(?:[«“\"*_]|\\emph\{|\\textit\{)[^\S\n]*"
    r"|[^\S\n]+(?:by|from|at|of[^\S\n]+the|de|du|des|d['’]|de[^\S\n]+la|de[^\S\n]+l['’]|par)"
    r"(?:[^\S\n]+|(?<=['’]))(?:(?:the|la|le|les)[^\S\n]+|l['’])?)(?=[A-ZÀ-ÝĀ-Ž])")
"""Between a document noun and the name of its author or its title: a few lowercase
words ("comparative", "menée en 2016", "published in 2020"), then "by", "de", "of the"…
or an opening quote ("study by Stanford", "étude comparative de l'OCDE", "note
« Reclaiming… »"); "a study of lattice cryptography (PQC)" has none."""
_NAME_TAIL = re.compile(
    rf"(?:{_GAP}(?:(?:of|for|the|on|de|du|des|la|le|les|and|et|&){_GAP}|[dl]['’])*"
    r"[A-ZÀ-ÝĀ-Ž][\w&'’.-]+){0,5}")
"""The rest of a multi-word name: capitalised words, joined by the small words of
organisation names."""


@functools.cache
def _named_patterns() -> tuple[_Pattern, _Pattern, _Pattern]:
    data = load("attribution")
    return (_bounded([fold(c) for c in data["cues_fr"] + data["cues_en"]]),
            _bounded([fold(n) for n in data["document_nouns"]]),
            _bounded([fold(v) for v in data["verbs_fr"] + data["verbs_en"]],
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
    folded = fold_in_place(sentence) if folded is None else folded
    cue, noun, verb = _named_patterns()
    foreign = _foreign_words(lang)
    first_word = _FIRST_WORD.match(sentence)
    sentence_initial = first_word.start(1) if first_word else 0
    common = common_words()

    def proper(match: re.Match[str]) -> bool:
        """Capitalised for being a name, not for opening the sentence (or what follows
        a colon): a word the document also writes in lower case ("Results revealed",
        "Table 2: Regression analysis") is no name there."""
        word = match.group(1)
        if sum(c.isalpha() for c in word) < 2:
            return False  # "chemical X": a variable
        if len(word) <= 4 and fold(word) in common and not _CAPITAL_NEXT.match(
                sentence, match.end(1)):
            return False  # "Or claims could…": a small word, not "Le Monde", "The Guardian"
        opening = match.start(1) == sentence_initial or sentence[:match.start(1)].rstrip(
            " *_").endswith(":")
        return not opening or (fold(word) not in common and not (
            lowered is not None and lowered(word)))

    def capital_after(pos: int, span: int, near: int | None = None) -> str | None:
        """The name that starts with the first proper capital after ``pos``, whole ("the
        Office for National Statistics", "Le Monde", "la Banque de France").  ``near``:
        it must start within that many characters ("per the CDC", not "per night … CI")."""
        for match in _CAPITAL.finditer(sentence, pos, min(len(sentence), pos + span)):
            if near is not None and match.start() - pos > near:
                return None
            if proper(match):
                return _without_final_stop(match.group(1) + _name_rest(sentence, match.end(1)))
        return None

    adjacent = folded_set("attribution", "cues_adjacent")  # "per" also means "for each"
    for match in _matches(cue, folded, hits):
        if folded[match.start():match.end()] in foreign:
            continue
        near = 6 if folded[match.start():match.end()] in adjacent else None
        name = capital_after(match.end(), 90, near)
        if name:
            return f"{sentence[match.start():match.end()]} … {name}", True
    for match in _matches(noun, folded, hits):
        named = _document_named(sentence, folded, match, proper)
        if named:
            return named, False
    after = folded_set("attribution", "verbs_source_after")  # "the company told Reuters"
    for match in _matches(verb, folded, hits):
        said = folded[match.start():match.end()]
        if said in foreign or sentence[match.start() - 1:match.start()] in {".", "_"}:
            continue  # "GaussianMixture.predict": a method's name, not a verb
        if _inside_quotes(sentence, match.start()):
            continue  # “a report published by the Institute”: quoted, not reported
        if said.endswith((" par", " by")) or said in after:  # "told Reuters": the outlet
            name = capital_after(match.end(), 40)
            if name:
                return f"{sentence[match.start():match.end()]} {name}", True
            continue
        if _PARTICIPLE_BEFORE.search(sentence, max(0, match.start() - 24), match.start()):
            continue  # "the group usually found in…", "is reported here": no one reports
        if _NOUN_USE.search(sentence, max(0, match.start() - 24), match.start()):
            continue  # "a biased estimate", "the report": a noun, not a verb
        # ", a indiqué Bercy", ", estime l'ADEME": the source after the verb.
        inverted = _INVERTED_SOURCE.match(sentence, match.end())
        if inverted and (_CLAUSE_BREAK.search(sentence, max(0, match.start() - 5), match.start())
                         or _AS_BEFORE.search(sentence, max(0, match.start() - 16), match.start())):
            source = inverted.group(0) + _name_rest(sentence, inverted.end())  # "Thomas Piketty"
            return (f"{sentence[match.start():match.end()]} "
                    f"{_without_final_stop(source.strip())}", True)
        base = max(0, match.start() - 40)
        subject = list(_CAPITAL.finditer(sentence, base, match.start()))
        if subject and proper(subject[-1]):
            # The whole name that ends there: "the World Bank", "the Bureau of Labor
            # Statistics", not its last word; a population if what comes before the
            # whole name counts it ("60 % of Americans", not "Association of Realtors").
            head = _NAME_HEAD.search(sentence, max(0, subject[-1].start(1) - 60),
                                     subject[-1].start(1))
            start = head.start() if head else subject[-1].start(1)
            if not (_quantified(sentence, start) or _COUNTED.match(sentence, start)):
                name = sentence[start:subject[-1].end(1)]
                return f"{name} {sentence[match.start():match.end()]}", True
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
    return f"{noun} … {_without_final_stop(name.group(1) + _name_rest(sentence, name.end(1)))}"


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
    if _INSTRUCTION.match(folded, match.end()):
        return True
    return folded[match.start():match.end()].strip() == "note" and not _DETERMINER.search(
        folded, max(0, match.start() - 12), match.start())


def _name_rest(sentence: str, pos: int) -> str:
    """The rest of the name whose first word ends at ``pos`` ("for National Statistics")."""
    rest = _NAME_TAIL.match(sentence, pos)
    return rest.group(0) if rest else ""


def _quantified(sentence: str, pos: int) -> bool:
    """"one in two Americans", "60 % des Français": a population, not a source ("A 2023
    McKinsey report": a year, not a population)."""
    return bool(_POPULATION.search(sentence, max(0, pos - 12), pos)) and not _YEAR_BEFORE.search(
        sentence, max(0, pos - 12), pos)


class Claim(NamedTuple):
    """A sentence worth a closer look: it holds a figure, or a word that can start an
    attribution.  What it says is read from the text alone; whether it is sourced is
    decided later, against the extraction (``check_claims``).  A named tuple of plain
    values: a child process sends thousands of them back, and these pickle fast."""

    start: int
    end: int
    last: tuple[int, int]
    """The last sentence of its paragraph: a source there covers the whole paragraph."""
    figures: tuple[tuple[int, int, str], ...]
    """(start, end, kind) of each figure in it (``figure_spans``)."""
    triggered: bool
    """It holds a trigger word (a vague phrase, a cue or a document noun can be in it)."""
    vague: str | None
    named: str | None
    list_item: bool
    document_noun: bool
    reported: bool
    """The sentence reports something from the source it names (a cue such as
    "selon", or a reporting verb), rather than only naming it."""
    paragraph_start: int
    refers_back: int
    """Where the sentence that refers back to a work cited earlier in its paragraph
    ("their study", "cette étude") starts, this one or the one before; -1 if none: a
    citation in the paragraph before that sentence sources this one."""


class Claims(NamedTuple):
    claims: tuple[Claim, ...]
    loose_sources: tuple[int, ...]
    """Where a citation the citation reader did not parse starts (``_LOOSE_CITATION``)."""


def read_claims(doc: Document, folded: Folded | None = None) -> Claims:
    """Figures and attributions, sentence by sentence, from the text alone.

    Needs nothing from the extraction, so that on a large document it can run on
    another core while the extraction does (``citecheck.fork``); figures inside
    links, DOIs and footnote calls are left out afterwards, by ``check_claims``.
    """
    text = doc.text
    folded = Folded(text) if folded is None else folded
    folded.prefetch(*figure_anchors(), *attribution_anchors(), _anaphor_words())
    figures = figure_spans(text, 0, len(text), Ranges(), folded)
    unwrapped = doc.kind == "text" and _has_long_lines(text, 300, 3)
    sentences = split_sentences(text, 0, len(text), unwrapped)
    lang = guess_language(text, folded_set("languages", "fr"), folded_set("languages", "en"))

    @functools.cache
    def lowered(word: str) -> bool:
        low = word.lower()
        return low != word and re.search(rf"(?<!\w){re.escape(low)}(?!\w)", text) is not None
    # Sentences worth a closer look: those with a figure, and those with a word that
    # can start an attribution (all found in one pass: fast on a large document).
    starts = [sentence.start for sentence in sentences]
    candidates = {bisect.bisect_right(starts, pos) - 1
                  for pos, _ in folded.hits(_trigger_words())}
    with_verb = {bisect.bisect_right(starts, pos) - 1 for pos, _ in folded.hits(_verb_words())}
    anaphoric = {bisect.bisect_right(starts, pos) - 1 for pos, _ in folded.hits(_anaphor_words())
                 if _anaphors().match(folded.text, pos)}
    last_of_paragraph: dict[int, Sentence] = {}
    first_of_paragraph: dict[int, Sentence] = {}
    for sentence in sentences:
        last_of_paragraph[sentence.paragraph] = sentence
        first_of_paragraph.setdefault(sentence.paragraph, sentence)
    source_line_pattern = _source_line()
    # In plain text "* Source : …" is a note called by an asterisk, not a line under the
    # paragraph above it (in Markdown, "* " opens a list item).
    star_note = None if doc.kind == "markdown" else _STAR_NOTE

    @functools.cache
    def source_line(paragraph: int) -> tuple[int, int, str | None] | None:
        """The paragraph after this one, when it is a source line ("*Source: Eurostat,
        2024.*" under a table or a list): it sources this one.  With the source it
        names, read once for all the claims above it."""
        following = first_of_paragraph.get(paragraph + 1)
        if following is None or not source_line_pattern.match(folded.text, following.start,
                                                                following.end):
            return None
        if star_note is not None and star_note.match(text, following.start, following.end):
            return None
        end = last_of_paragraph[paragraph + 1].end
        return following.start, end, named_source(text[following.start:end])
    by_sentence: dict[int, list[tuple[int, int, str]]] = {}
    sentence_index = 0
    for figure in figures:
        while sentence_index < len(sentences) and sentences[sentence_index].end <= figure[0]:
            sentence_index += 1
        if sentence_index < len(sentences):
            by_sentence.setdefault(sentence_index, []).append(figure)
    loose = tuple(m.start() for m in _LOOSE_CITATION.finditer(text))

    def loosely_sourced(start: int, end: int) -> bool:
        index = bisect.bisect_left(loose, start)
        return index < len(loose) and loose[index] < end

    # Every anchor hit of every attribution pattern, in text order: each sentence takes
    # its own with one pair of bisections.
    groups = list(dict.fromkeys(attribution_anchors()[1:]))
    merged = sorted((start, end, group) for group, words in enumerate(groups)
                    for start, end in folded.hits(words))
    merged_starts = [start for start, _, _ in merged]

    def within(start: int, end: int) -> Hits:
        per_group: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        for s, e, group in merged[bisect.bisect_left(merged_starts, start):
                                  bisect.bisect_left(merged_starts, end)]:
            per_group.setdefault(groups[group], []).append((s - start, min(e, end) - start))
        return lambda words: per_group.get(words, [])

    claims = []
    for index in sorted(i for i in candidates | by_sentence.keys() if i >= 0):
        sentence = sentences[index]
        triggered = index in candidates
        last_sentence = last_of_paragraph[sentence.paragraph]
        below = source_line(sentence.paragraph)
        # Where a source for the whole paragraph may be: its last sentence, and a source
        # line under it.
        last = (last_sentence.start, below[1] if below else last_sentence.end)
        if loosely_sourced(sentence.start, sentence.end) or loosely_sourced(*last):
            continue  # sourced whatever the extraction finds: nothing to read
        body = text[sentence.start:sentence.end]
        folded_body = folded.text[sentence.start:sentence.end]
        vague = named = None
        reported = index in with_verb
        if triggered or index in with_verb:  # otherwise nothing in it can attribute
            hits = within(sentence.start, sentence.end)
            vague = vague_phrase(body, folded_body, hits) if triggered else None
            found = None if vague else source_named(body, folded_body, hits, lang, lowered)
            named = found.name if found else None
            reported = reported or bool(found and found.reported)
            if vague and _document_noun(fold(vague)):
                # "a recent study by Stanford", "une étude récente de l'Inserm": the
                # document is vague, its author, named right after it, is not.
                author = _AUTHOR_OF_DOCUMENT.match(body, body.find(vague) + len(vague))
                if author:
                    phrase = vague + author.group(0) + _name_rest(body, author.end())
                    vague, named = None, " ".join(phrase.split())
        if below and not vague and not named:
            named = below[2]
        line_start = text.rfind("\n", 0, sentence.start) + 1
        list_item = _LIST_ITEM.match(text, line_start, sentence.end)
        claims.append(Claim(
            sentence.start, sentence.end, last,
            tuple(by_sentence.get(index, ())), triggered, vague, named, list_item is not None,
            bool(named) and _document_noun(folded_body), reported,
            first_of_paragraph[sentence.paragraph].start,
            _refers_back(anaphoric, sentences, index)))
    return Claims(tuple(claims), loose)


def check_claims(doc: Document, extraction: Extraction, claims: Claims,
                 skip: Ranges) -> list[Finding]:
    """The claims that nothing sources: a citation, footnote call, link or DOI in the
    sentence or the last one of its paragraph, or anywhere in its footnote's text."""
    text = doc.text
    bibliography = extraction.bibliography
    sources = sorted(
        [c.span.start for c in extraction.citations]
        + [m.span.start for m in extraction.markers]
        + [link.span.start for link in extraction.links if link.span.path == doc.path]
        + [d.span.start for d in extraction.dois]
        + list(claims.loose_sources)
        + (reference_link_uses(text) if doc.kind == "markdown" else [])
    )
    notes = sorted((n.span.start, n.span.end) for n in extraction.notes)
    note_starts = [start for start, _ in notes]

    def note_of(pos: int) -> tuple[int, int] | None:
        index = bisect.bisect_right(note_starts, pos) - 1
        return notes[index] if index >= 0 and notes[index][0] <= pos < notes[index][1] else None

    def has_source(s: int, e: int) -> bool:
        index = bisect.bisect_left(sources, s)
        return index < len(sources) and sources[index] < e

    named_at = {claim.start: claim.named for claim in claims.claims if claim.named}

    def covered_by_last(claim: Claim) -> bool:
        """A source in the paragraph's last sentence covers the paragraph, but not a
        sentence that names a source of its own when the last one names another
        ("Selon l'Ademe, … . …, d'après le baromètre de Vélo & Territoires (lien).")."""
        if not has_source(*claim.last):
            return False
        other = named_at.get(claim.last[0])
        return not (claim.named and other and claim.start != claim.last[0]
                    and not _same_source(claim.named, other))

    findings: list[Finding] = []
    not_prose = Ranges(merge_spans([*extraction.code, *extraction.not_claims]))
    # Figures the document reports as its own (in its Results, Methods…): the same figure
    # elsewhere (the Discussion, the Conclusion) restates them.
    own_data = Ranges(list(extraction.own_data))
    own = {_figure_key(text[s:e]) for claim in claims.claims if claim.start in own_data
           for s, e, _ in claim.figures}
    hosts = _host_labels(link.url for link in extraction.links)
    for claim in claims.claims:
        if bibliography and bibliography[0] <= claim.start < bibliography[1]:
            continue
        if claim.start in not_prose:
            continue  # a heading, code, a study's own results: nothing to attribute
        figures = [make_figure(doc, s, e, kind) for s, e, kind in claim.figures
                   if s not in skip and _figure_key(text[s:e]) not in own]
        if not figures and not claim.triggered:
            continue
        in_note = note_of(claim.start)
        if (has_source(claim.start, claim.end) or covered_by_last(claim)
                or (claim.refers_back >= 0
                    and has_source(claim.paragraph_start, claim.refers_back))
                or (in_note is not None and has_source(*in_note))):
            continue
        vague, named = claim.vague, claim.named
        if named and not vague and _linked_elsewhere(named, hosts):
            continue  # "Source: Stack Overflow survey", linked above: a reader finds it
        findings.extend(_figure_finding(figure, vague, named, doc.path) for figure in figures)
        if figures or claim.list_item or not (
                vague or named and claim.document_noun and claim.reported):
            continue
        body = text[claim.start:claim.end]
        offset = claim.start + (body.find(vague) if vague else 0)
        span = doc.span(offset, offset + len(vague or body.strip()[:40]))
        if vague:
            findings.append(Finding(
                "attribution-vague", Severity.INFO, span,
                f"« {vague} »: a claim attributed to nobody in particular", body.strip()[:120],
                "name the study or the people, and cite them", {"phrase": vague}))
        else:
            findings.append(Finding(
                "attribution-unlinked", Severity.INFO, span,
                f"the sentence names a source ({named}) that nothing lets a reader find",
                body.strip()[:120], "add a reference, a footnote or a link to that source",
                {"source": named}))
    return findings


def _figure_key(figure: str) -> str:
    """A figure as written, without spaces and case ("95 %", "95%")."""
    return "".join(figure.split()).lower()


def _host_labels(urls: Iterable[str]) -> frozenset[str]:
    """The labels of the hosts a document links to ("survey.stackoverflow.co": survey,
    stackoverflow, co), without "www"."""
    labels: set[str] = set()
    for url in urls:
        host = url.partition("//")[2].split("/", 1)[0].split("@")[-1].split(":")[0].lower()
        labels.update(label for label in host.split(".") if label != "www")
    return frozenset(labels)


_NAME_WORDS = re.compile(r"[^\W\d_]+")


def _linked_elsewhere(named: str, hosts: frozenset[str]) -> bool:
    """The source a sentence names is the site of a link elsewhere in the document: its
    name, or two or three of its words run together, or its initials, are a label of
    that link's host ("Gartner": gartner.com; "Stack Overflow": stackoverflow.co; "Le
    Monde": lemonde.fr; "Office for National Statistics": ons.gov.uk).  Common words
    alone ("Survey", "Office") do not count."""
    if not hosts:
        return False
    name = named.rpartition("…")[2] if "…" in named else named
    words = [fold(w) for w in _NAME_WORDS.findall(name)]
    generic = _generic_source_words()
    for index, word in enumerate(words):
        if len(word) >= 3 and word not in generic and word in hosts:
            return True
        for size in (2, 3):
            if index + size <= len(words) and "".join(words[index:index + size]) in hosts:
                return True
    capitals = [w for w in _NAME_WORDS.findall(name) if w[:1].isupper()]
    initials = "".join(w[0] for w in capitals).lower()
    return len(initials) >= 3 and initials in hosts


@functools.cache
def _generic_source_words() -> frozenset[str]:
    """Words too common to identify a source by themselves."""
    return (folded_set("attribution", "document_nouns") | folded_set("names", "corporate_words")
            | common_words())


def _same_source(one: str, other: str) -> bool:
    """Two named sources share a name ("selon l'Insee" and "l'Insee estime")."""
    def names(source: str) -> set[str]:
        return {fold(m.group(1)) for m in _CAPITAL.finditer(source)}
    return bool(names(one) & names(other))


def _has_long_lines(text: str, length: int, enough: int) -> bool:
    """At least ``enough`` lines longer than ``length`` (one paragraph per line), found
    without splitting a large document into a list of lines."""
    count = 0
    pos = 0
    while True:
        newline = text.find("\n", pos)
        stop = len(text) if newline == -1 else newline
        if stop - pos > length:
            count += 1
            if count >= enough:
                return True
        if newline == -1:
            return False
        pos = newline + 1


def _without_final_stop(name: str) -> str:
    """"Reuters." ends a sentence, "U.S." keeps its stops."""
    return name[:-1] if name.endswith(".") and name.count(".") == 1 else name


_STAR_NOTE = re.compile(rf"[ \t]{{0,3}}(?:{NOTE_MARKS})[ \t]+\S")
"""A note marked with asterisks or daggers, "* Source : Insee, 2024." (plain text)."""


@functools.cache
def _source_line() -> re.Pattern[str]:
    """A line that opens with a source label (data/attribution.toml), after emphasis,
    a quote mark or a bullet; matched on folded text."""
    labels = [fold(label) for label in load("attribution")["source_labels"]]
    return re.compile(rf"[\s*_>•-]*(?:{_alternation(labels)})\s*:")


@functools.cache
def _trigger_words() -> tuple[str, ...]:
    """The anchors of every vague phrase, cue and document noun: a sentence with none
    of them and no figure needs no closer look."""
    standalone, subject, _ = _vague()
    cue, noun, _ = _named_patterns()
    return fewest_anchors({*standalone.anchors, *subject.anchors, *cue.anchors, *noun.anchors})


def _verb_words() -> tuple[str, ...]:
    """Anchors of the verbs that attribute a figure to the sentence's subject."""
    return _named_patterns()[2].anchors


def attribution_anchors() -> tuple[tuple[str, ...], ...]:
    """The anchor lists ``read_claims`` looks up in a ``Folded`` text."""
    standalone, subject, _ = _vague()
    cue, noun, verb = _named_patterns()
    return (_trigger_words(), standalone.anchors, subject.anchors, cue.anchors, noun.anchors,
            verb.anchors)


def _refers_back(anaphoric: set[int], sentences: list[Sentence], index: int) -> int:
    """Where the sentence starts that refers back to a work cited earlier: this one, or
    the one before it in its paragraph ("…, their study reached a similar value.
    However, …, with an 87 %…"); -1 if neither does.  ``anaphoric``: the indexes of the
    sentences that hold such words."""
    if index in anaphoric:
        return sentences[index].start
    if index - 1 in anaphoric and sentences[index - 1].paragraph == sentences[index].paragraph:
        return sentences[index - 1].start
    return -1


@functools.cache
def _anaphor_words() -> tuple[str, ...]:
    """The anaphors, folded, as anchors for one pass over the document."""
    return tuple(dict.fromkeys(fold(w) for w in load("attribution")["anaphors"]))


@functools.cache
def _anaphors() -> re.Pattern[str]:
    """The words that refer back to a work cited earlier (data/attribution.toml)."""
    words = sorted((fold(w) for w in load("attribution")["anaphors"]), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\b")


def _document_noun(folded_sentence: str) -> bool:
    return _named_patterns()[1].regex.search(folded_sentence) is not None


_KIND_WORDS = {"percent": "percentage", "money": "amount", "count": "count",
               "quantity": "quantity", "multiplier": "comparison"}


def _figure_finding(figure: Figure, vague: str | None, named: str | None, path: str) -> Finding:
    kind = _KIND_WORDS[figure.kind]
    evidence = {"figure": figure.text, "figure_kind": figure.kind}
    if vague:
        return Finding(
            "attribution-vague", Severity.WARNING, figure.span,
            f"the {kind} « {figure.text} » is credited to « {vague} », nobody in particular",
            figure.text, "name and cite the study or people the figure comes from",
            {**evidence, "phrase": vague})
    if named:
        return Finding(
            "attribution-unlinked", Severity.WARNING, figure.span,
            f"the {kind} « {figure.text} » comes from a named source ({named}) that nothing "
            "lets a reader find", figure.text,
            "add a reference, a footnote or a link to that source", {**evidence, "source": named})
    return Finding(
        "figure-unsourced", Severity.WARNING, figure.span,
        f"the {kind} « {figure.text} » has no source in its sentence or paragraph",
        figure.text, "cite where the figure comes from (a reference, a footnote or a link)",
        evidence)
