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
from dataclasses import dataclass

from citecheck.extract.figures import (
    Figure,
    Folded,
    fewest_anchors,
    fold_in_place,
    phrase_anchor,
)
from citecheck.lexicon import folded_set, load
from citecheck.model import Document, Extraction, Finding, Severity
from citecheck.text import fold

_SENTENCE_END = re.compile(r"[.!?…][»”\"')\]]*\s+(?=[«“\"(\[]?\s?[A-ZÀ-Ý0-9])")
"""The end of a sentence: the match starts at its final punctuation mark (a pattern that
opens with a character class lets the regex engine skip ahead fast)."""
_ABBREVIATIONS = re.compile(r"(?:\b(?:M|Mme|Dr|Pr|St|etc|cf|p|pp|vol|n°|No|Fig|art|al|ex|e\.g|i\.e|"
                            r"U\.S|Inc|Ltd|Jr|Sr|vs|env|av|apr|J\.-C)\.|\b[A-Z]\.)$")


@dataclass(frozen=True, slots=True)
class Sentence:
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
            if _ABBREVIATIONS.search(text[max(sentence_start, stop - 8):stop]):
                continue
            if text[sentence_start:stop].strip():
                out.append(Sentence(sentence_start, stop, paragraph))
            sentence_start = match.end()
        if text[sentence_start:block_end].strip():
            out.append(Sentence(sentence_start, block_end, paragraph))
        paragraph += 1
        pos = block.end() if block else end
    return out


@functools.cache
def _vague() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = load("attribution")
    phrases = [fold(p) for p in data["vague_fr"] + data["vague_en"]]
    verbs = [fold(v) for v in data["reporting_verbs"]]
    verb_alt = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    with_verb = [p for p in phrases if any(re.search(rf"\b{re.escape(v)}\b", p) for v in verbs)
                 or p.startswith(("on ", "il ", "it ", "selon", "d'apres", "according", "tout ",
                                  "beaucoup", "nombreux", "some say", "many believe"))]
    subjects = [p for p in phrases if p not in with_verb]

    def alternation(items: list[str]) -> str:
        return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))

    standalone = re.compile(rf"(?<!\w)(?:{alternation(with_verb)})(?!\w)")
    subject = re.compile(rf"(?<!\w)(?:{alternation(subjects)})(?!\w)")
    verb = re.compile(rf"(?<!\w)(?:{verb_alt})(?!\w)")
    return standalone, subject, verb


def vague_phrase(sentence: str, folded: str | None = None) -> str | None:
    """The phrase that attributes the sentence's claim to nobody in particular.

    (``check_figures`` calls it only on sentences that hold a trigger word: every
    vague phrase has one.)"""
    folded = fold_in_place(sentence) if folded is None else folded
    standalone, subject, verb = _vague()
    match = standalone.search(folded)
    if match:
        return sentence[match.start():match.end()]
    for match in subject.finditer(folded):
        if verb.search(folded, match.end(), match.end() + 80):
            return sentence[match.start():match.end()]
    return None


_LOOSE_CITATION = re.compile(
    r"\[\d{1,4}(?:\s*[,–-]\s*\d{1,4})*\]"
    r"|\((?:voir |see |cf\. )?[A-ZÀ-Ý][^()\d\n]{0,60}?,?\s(?:1[5-9]\d\d|20\d\d)[a-z]?"
    r"(?:,\s*(?:p\.|pp\.)?\s*\d+(?:[-–]\d+)?)?\)")
"""A numbered call ``[3]`` or an author–date parenthesis the citation reader did not
parse (``(Cour des comptes 2023)``): either sources a figure."""

_CAPITAL = re.compile(r"(?<![\w'’])(?:l['’]|d['’])?([A-ZÀ-Ý][\w&'’.-]+)")


@functools.cache
def _named_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = load("attribution")
    cues = "|".join(re.escape(fold(c)) for c in data["cues_fr"] + data["cues_en"])
    nouns = "|".join(re.escape(fold(n)) for n in data["document_nouns"])
    verbs = "|".join(re.escape(fold(v)) for v in sorted(data["verbs_fr"] + data["verbs_en"],
                                                         key=len, reverse=True))
    return (re.compile(rf"(?<!\w)(?:{cues})(?!\w)"),
            re.compile(rf"(?<!\w)(?:{nouns})(?!\w)"),
            re.compile(rf"(?<!\w)(?:{verbs})(?:\s+par|\s+by)?(?!\w)"))


def named_source(sentence: str, folded: str | None = None, *, cues: bool = True,
                 verbs: bool = True) -> str | None:
    """A specific source the sentence names ("selon l'OCDE", "une étude de Stanford",
    "annoncés par Macron", "the World Bank estimates"), or ``None``.

    ``cues=False`` / ``verbs=False``: the caller knows that the sentence holds no
    trigger word (so no cue and no document noun) / no attribution verb, and the
    search for them is skipped."""
    folded = fold_in_place(sentence) if folded is None else folded
    cue, noun, verb = _named_patterns()
    first_word = re.match(r"\s*[«“\"(]?\s*(\S+)", sentence)
    sentence_initial = first_word.start(1) if first_word else 0
    common = _common_words()

    def proper(match: re.Match[str]) -> bool:
        """Capitalised for being a name, not for opening the sentence."""
        return match.start(1) != sentence_initial or fold(match.group(1)) not in common

    def capital_after(pos: int, span: int) -> str | None:
        for match in _CAPITAL.finditer(sentence, pos, min(len(sentence), pos + span)):
            if proper(match):
                return match.group(1)
        return None

    for pattern, reach in ((cue, 90), (noun, 70)) if cues else ():
        for match in pattern.finditer(folded):
            name = capital_after(match.end(), reach)
            if name:
                return f"{sentence[match.start():match.end()]} … {name}"
    for match in verb.finditer(folded) if verbs else ():
        if folded[match.start():match.end()].endswith((" par", " by")):
            name = capital_after(match.end(), 40)
            if name:
                return f"{sentence[match.start():match.end()]} {name}"
            continue
        # ", a indiqué Bercy", ", estime l'ADEME": the source after the verb.
        inverted = re.match(r"\s+(?:l['’]|le\s+|la\s+|les\s+|the\s+)?([A-ZÀ-Ý][\w&.-]+)",
                            sentence[match.end():])
        if inverted and re.search(r"[,;]\s*$", sentence[max(0, match.start() - 3):match.start()]):
            return f"{sentence[match.start():match.end()]} {inverted.group(1)}"
        base = max(0, match.start() - 40)
        subject = list(_CAPITAL.finditer(sentence, base, match.start()))
        if subject and proper(subject[-1]) and not _quantified(sentence, subject[-1].start(1)):
            return f"{subject[-1].group(1)} {sentence[match.start():match.end()]}"
    return None


@functools.cache
def _common_words() -> frozenset[str]:
    """Words capitalised only for opening a sentence."""
    return folded_set("names", "not_names") | folded_set("languages", "fr") | folded_set(
        "languages", "en")


def _quantified(sentence: str, pos: int) -> bool:
    """"one in two Americans", "60 % des Français": a population, not a source."""
    return bool(re.search(r"(?:\b(?:un|une|one|two|deux|des|of|les)|\d\s?%?)\s+$",
                          sentence[max(0, pos - 12):pos], re.I))


def check_figures(doc: Document, extraction: Extraction, figures: list[Figure],
                  folded: Folded | None = None) -> list[Finding]:
    text = doc.text
    start, end = 0, len(text)
    bibliography = extraction.bibliography
    unwrapped = doc.kind == "text" and _has_long_lines(text, 300, 3)
    sentences = split_sentences(text, start, end, unwrapped)
    sources = sorted(
        [c.span.start for c in extraction.citations]
        + [m.span.start for m in extraction.markers]
        + [link.span.start for link in extraction.links]
        + [d.span.start for d in extraction.dois]
    )
    sources += [m.start() for m in _LOOSE_CITATION.finditer(text)]
    sources.sort()
    notes = sorted((n.span.start, n.span.end) for n in extraction.notes)
    note_starts = [start for start, _ in notes]

    def note_of(pos: int) -> tuple[int, int] | None:
        index = bisect.bisect_right(note_starts, pos) - 1
        return notes[index] if index >= 0 and notes[index][0] <= pos < notes[index][1] else None

    def has_source(s: int, e: int) -> bool:
        index = bisect.bisect_left(sources, s)
        return index < len(sources) and sources[index] < e

    folded = Folded(text) if folded is None else folded
    # Sentences worth a closer look: those with a figure, and those with a word that
    # can start an attribution (all found in one pass: fast on a large document).
    starts = [sentence.start for sentence in sentences]
    candidates = {bisect.bisect_right(starts, pos) - 1
                  for pos, _ in folded.hits(_trigger_words())}
    with_verb = {bisect.bisect_right(starts, pos) - 1 for pos, _ in folded.hits(_verb_words())}
    last_of_paragraph: dict[int, Sentence] = {}
    for sentence in sentences:
        last_of_paragraph[sentence.paragraph] = sentence
    findings: list[Finding] = []
    by_sentence: dict[int, list[Figure]] = {}
    sentence_index = 0
    for figure in figures:
        while sentence_index < len(sentences) and sentences[sentence_index].end <= figure.span.start:
            sentence_index += 1
        if sentence_index < len(sentences):
            by_sentence.setdefault(sentence_index, []).append(figure)
    for index, sentence in enumerate(sentences):
        if index not in by_sentence and index not in candidates:
            continue
        if bibliography and bibliography[0] <= sentence.start < bibliography[1]:
            continue
        body = text[sentence.start:sentence.end]
        in_note = note_of(sentence.start)
        last = last_of_paragraph[sentence.paragraph]
        sourced = (has_source(sentence.start, sentence.end)
                   or has_source(last.start, last.end)
                   or (in_note is not None and has_source(*in_note)))
        if sourced:
            continue
        if index not in candidates and index not in with_verb:
            findings.extend(_figure_finding(figure, None, None, doc.path)
                            for figure in by_sentence[index])
            continue  # nothing in it can attribute the figure
        folded_body = folded.text[sentence.start:sentence.end]
        triggered = index in candidates
        vague = vague_phrase(body, folded_body) if triggered else None
        named = None if vague else named_source(body, folded_body, cues=triggered,
                                                verbs=index in with_verb)
        findings.extend(_figure_finding(figure, vague, named, doc.path)
                        for figure in by_sentence.get(index, []))
        line_start = text.rfind("\n", 0, sentence.start) + 1
        list_item = re.match(r"\s*(?:[-*•]|\d+[.)])\s", text[line_start:sentence.end])
        if not by_sentence.get(index) and not list_item and (
                vague or named and _document_noun(folded_body)):
            offset = sentence.start + (body.find(vague) if vague else 0)
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


@functools.cache
def _trigger_words() -> tuple[str, ...]:
    """The most distinctive word of every vague phrase, cue and document noun, folded
    (see ``phrase_anchor``).  A word that contains another trigger adds nothing
    ("etudes" once "etude" is there)."""
    data = load("attribution")
    phrases = data["vague_fr"] + data["vague_en"] + data["cues_fr"] + data["cues_en"] + data[
        "document_nouns"]
    words = {phrase_anchor(p) for p in phrases}
    return fewest_anchors(words)


@functools.cache
def _verb_words() -> tuple[str, ...]:
    """Anchors of the verbs that attribute a figure to the sentence's subject."""
    data = load("attribution")
    return fewest_anchors({phrase_anchor(v) for v in data["verbs_fr"] + data["verbs_en"]})


def attribution_anchors() -> tuple[tuple[str, ...], ...]:
    """The anchor lists ``check_figures`` looks up in a ``Folded`` text."""
    return _trigger_words(), _verb_words()


def _document_noun(folded_sentence: str) -> bool:
    return _named_patterns()[1].search(folded_sentence) is not None


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
