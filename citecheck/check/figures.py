"""Where does this number come from?  Figures and attributions, per sentence.

A figure is sourced when its sentence, or the last sentence of its paragraph,
holds a citation, a footnote call, a link or a DOI (a footnote text with one
of these sources all its figures).  What is left is ``attribution-vague``
(nobody in particular: "d'autres études montrent"), ``attribution-unlinked``
(someone named, nothing to find: "selon l'OCDE") or ``figure-unsourced``.
Sentences with vague or named attributions and no figure are reported too,
at a lower severity.  Who a sentence credits is read by ``check.attribution``; here,
sentence by sentence, what is claimed and whether anything sources it.  Word lists:
``data/attribution.toml``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from typing import NamedTuple

from citecheck.check.attribution import (
    AUTHOR_OF_DOCUMENT,
    CAPITAL,
    LIST_ITEM,
    Hits,
    alternation,
    anaphor_words,
    anaphors,
    attribution_anchors,
    document_noun,
    name_rest,
    named_source,
    source_named,
    trigger_words,
    vague_phrase,
    verb_words,
)
from citecheck.extract.figures import (
    Figure,
    Folded,
    figure_anchors,
    figure_spans,
    make_figure,
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


_LOOSE_CITATION = re.compile(
    r"\[\d{1,4}(?:\s*[,–-]\s*\d{1,4})*\]"
    r"|\((?:voir |see |cf\. )?[A-ZÀ-ÝĀ-Ž][^()\d\n]{0,60}?,?\s(?:1[5-9]\d\d|20\d\d)[a-z]?"
    r"(?:,\s*(?:p\.|pp\.)?\s*\d+(?:[-–]\d+)?)?\)")
"""A numbered call ``[3]`` or an author–date parenthesis the citation reader did not
parse (``(Cour des comptes 2023)``): either sources a figure."""

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


_EXAMPLE_BEFORE = re.compile(r"\b(?:e\.\s?g\.|for example|for instance|par exemple|par ex\.)"
                             r"[,:]?\s+(?:\S+\s+){0,2}$", re.I)
"""Right before a figure, what makes it an example ("(e.g. 0.5 points on a 7-point
scale)")."""
_COUNTERFACTUAL = re.compile(r"(?:if|si)\b[^.;]{0,80}\b(?:were|etait|etaient)\b")


def _hypothetical_paragraphs(folded: Folded, sentences: list[Sentence],
                             starts: list[int]) -> dict[int, int]:
    """Paragraph → index of its first sentence that opens a hypothetical scenario or a
    worked example (data/figures.toml ``hypothetical``, or a counterfactual "if … were"),
    found from the anchor pass over the document, not by a search per sentence."""
    text = folded.text
    positions = [pos for pos, end in folded.hits(_hypothetical_words())
                 if _at_word_edges(text, pos, end)]
    positions += [pos for pos, end in folded.hits(("if ", "si "))
                  if _at_word_edges(text, pos, end - 1) and _COUNTERFACTUAL.match(text, pos)]
    opened: dict[int, int] = {}
    for pos in sorted(positions):
        index = bisect.bisect_right(starts, pos) - 1
        if index >= 0:
            opened.setdefault(sentences[index].paragraph, index)
    return opened


def _at_word_edges(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (
        end >= len(text) or not text[end].isalnum())


@functools.cache
def _hypothetical_words() -> tuple[str, ...]:
    return tuple(dict.fromkeys(fold(w) for w in load("figures")["hypothetical"]))


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
    hypothetical: bool
    """It is part of a hypothetical scenario or a worked example ("Imagine a researcher
    who…", "If grades were set at…"), opened in it or earlier in its paragraph."""
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
    folded.prefetch(*figure_anchors(), *attribution_anchors(), anaphor_words(),
                    _hypothetical_words(), ("if ", "si "))
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
                  for pos, _ in folded.hits(trigger_words())}
    with_verb = {bisect.bisect_right(starts, pos) - 1 for pos, _ in folded.hits(verb_words())}
    anaphoric = {bisect.bisect_right(starts, pos) - 1 for pos, _ in folded.hits(anaphor_words())
                 if anaphors().match(folded.text, pos)}
    hypothetical = _hypothetical_paragraphs(folded, sentences, starts)
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
            if vague and document_noun(fold(vague)):
                # "a recent study by Stanford", "une étude récente de l'Inserm": the
                # document is vague, its author, named right after it, is not.
                author = AUTHOR_OF_DOCUMENT.match(body, body.find(vague) + len(vague))
                if author:
                    phrase = vague + author.group(0) + name_rest(body, author.end())
                    vague, named = None, " ".join(phrase.split())
        if below and not vague and not named:
            named = below[2]
        line_start = text.rfind("\n", 0, sentence.start) + 1
        list_item = LIST_ITEM.match(text, line_start, sentence.end)
        claims.append(Claim(
            sentence.start, sentence.end, last,
            tuple(by_sentence.get(index, ())), triggered, vague, named, list_item is not None,
            bool(named) and document_noun(folded_body), reported,
            first_of_paragraph[sentence.paragraph].start,
            _refers_back(anaphoric, sentences, index),
            sentence.paragraph in hypothetical and index >= hypothetical[sentence.paragraph]))
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
        figures = [] if claim.hypothetical else [
            make_figure(doc, s, e, kind) for s, e, kind in claim.figures
            if s not in skip and _figure_key(text[s:e]) not in own
            and not _EXAMPLE_BEFORE.search(text, max(0, s - 24), s)]
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
        return {fold(m.group(1)) for m in CAPITAL.finditer(source)}
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


_STAR_NOTE = re.compile(rf"[ \t]{{0,3}}(?:{NOTE_MARKS})[ \t]+\S")
"""A note marked with asterisks or daggers, "* Source : Insee, 2024." (plain text)."""


@functools.cache
def _source_line() -> re.Pattern[str]:
    """A line that opens with a source label (data/attribution.toml), after emphasis,
    a quote mark or a bullet; matched on folded text."""
    labels = [fold(label) for label in load("attribution")["source_labels"]]
    return re.compile(rf"[\s*_>•-]*(?:{alternation(labels)})\s*:")


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
