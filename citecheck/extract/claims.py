"""What a document claims, sentence by sentence: its figures and attributions.

``read_claims`` reads each sentence's figures (``extract.figures``), whom it credits
(nobody in particular: ``extract.attribution``; someone named: ``extract.named_sources``)
and the context that changes what they mean: a worked example, a hypothetical, a
source line under a table, an anaphor that refers back to a cited work, the document's
own data sections.  Whether anything sources a claim is decided in ``check.sourcing``
(``figure-unsourced``, ``attribution-vague``, ``attribution-unlinked``).  Word lists:
``data/attribution.toml`` and ``data/figures.toml``.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import NamedTuple

from citecheck.extract.attribution import (
    anaphor_words,
    anaphors,
    attribution_anchors,
    document_noun,
    trigger_words,
    vague_phrase,
    verb_words,
)
from citecheck.extract.figures import figure_anchors, figure_spans
from citecheck.extract.folded import Folded
from citecheck.extract.footnotes import NOTE_MARKS
from citecheck.extract.named_sources import name_rest, named_source, source_named
from citecheck.extract.phrases import AUTHOR_OF_DOCUMENT, LIST_ITEM, Hits, alternation
from citecheck.extract.sentences import Sentence, split_sentences
from citecheck.lexicon import folded_set, load
from citecheck.model import Document
from citecheck.text import Ranges, fold, guess_language

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


EXAMPLE_BEFORE = re.compile(r"\b(?:e\.\s?g\.|for example|for instance|par exemple|par ex\.)"
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
    return _carried_on(text, sentences, opened)


_SHORT_PARAGRAPH = 200
"""Shorter than this, a labelled paragraph after an example's "…the following
hypothesis:" is one of its statements ("H: The new shoe model will improve…")."""


def _carried_on(text: str, sentences: list[Sentence], opened: dict[int, int]) -> dict[int, int]:
    """A scenario that ends its paragraph with a colon ("consider a sports scientist
    testing the following hypothesis:") goes on below: through the statements it
    introduces, and the first paragraph of prose after them ("After performing a
    t-test, the sport scientist finds that power output was 2.4% lower")."""
    paragraphs: dict[int, list[int]] = {}
    for index, sentence in enumerate(sentences):
        paragraphs.setdefault(sentence.paragraph, []).append(index)
    order = sorted(paragraphs)
    place = {paragraph: i for i, paragraph in enumerate(order)}

    def ends_with_colon(paragraph: int) -> bool:
        last = sentences[paragraphs[paragraph][-1]]
        return text[last.start:last.end].rstrip().endswith(":")

    def statement(paragraph: int) -> bool:
        """"H: The new shoe will improve…", "H0: EXP – CON = 0": a short labelled line."""
        members = paragraphs[paragraph]
        start, end = sentences[members[0]].start, sentences[members[-1]].end
        return end - start < _SHORT_PARAGRAPH and ":" in text[start:start + 16]

    carried = dict(opened)
    for paragraph in opened:
        current = paragraph
        while ends_with_colon(current) and place[current] + 1 < len(order):
            following = order[place[current] + 1]
            carried[following] = paragraphs[following][0]  # from its first sentence
            current = following
            while (statement(current) and not ends_with_colon(current)
                   and place[current] + 1 < len(order)):
                current = order[place[current] + 1]  # a statement: on to the next
                carried[current] = paragraphs[current][0]
    return carried


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
