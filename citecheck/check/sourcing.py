"""Whether anything sources a claim: the second half of the figures check.

``check.figures`` reads each sentence's figures and attributions (``read_claims``);
here each claim is matched with what sources it — a citation, a footnote call, a link
or a DOI in its sentence, in the last sentence of its paragraph, or in its footnote —
and what is left becomes ``figure-unsourced``, ``attribution-vague`` or
``attribution-unlinked``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable

from citecheck.extract.claims import EXAMPLE_BEFORE, Claim, Claims
from citecheck.extract.figures import Figure, make_figure
from citecheck.extract.identifiers import reference_link_uses
from citecheck.extract.named_sources import CAPITAL
from citecheck.lexicon import common_words, folded_set
from citecheck.model import Document, Extraction, Finding, Reference, Severity
from citecheck.text import Ranges, fold, merge_spans


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
        if claim.named and claim.document_noun and claim.start != claim.last[0]:
            works = cited_works(*claim.last)
            if works is not None and not any(_same_source(claim.named, w) for w in works):
                return False  # "Human Rights Watch's World Report" is not what is cited
        return not (claim.named and other and claim.start != claim.last[0]
                    and not _same_source(claim.named, other))

    note_text = {note.label: note.text for note in extraction.notes}
    cited = sorted([*_cited_entries(extraction),
                    *((m.span.start, note_text.get(m.label, "")) for m in extraction.markers)])
    other_sources = sorted(
        [link.span.start for link in extraction.links if link.span.path == doc.path]
        + [d.span.start for d in extraction.dois])

    def cited_works(start: int, end: int) -> list[str] | None:
        """The entries cited and the notes called between ``start`` and ``end``, when
        those are all that sources that sentence (``None`` for a link or a DOI there,
        whose work cannot be told, or a citation of no entry)."""
        index = bisect.bisect_left(other_sources, start)
        if index < len(other_sources) and other_sources[index] < end:
            return None
        low = bisect.bisect_left(cited, (start, ""))
        works = [raw for pos, raw in cited[low:] if pos < end]
        return works if works and all(works) else None

    findings: list[Finding] = []
    not_prose = Ranges(merge_spans([*extraction.code, *extraction.not_claims]))
    # Figures the document reports as its own (in its Results, Methods…): the same figure
    # elsewhere (the Discussion, the Conclusion) restates them.
    own_data = Ranges(list(extraction.own_data))
    own = {_figure_key(text[s:e]) for claim in claims.claims if claim.start in own_data
           for s, e, _ in claim.figures}
    hosts = _host_labels(link.url for link in extraction.links)
    names = _link_names(text, [link.span.start for link in extraction.links
                               if link.span.path == doc.path])
    for claim in claims.claims:
        if bibliography and bibliography[0] <= claim.start < bibliography[1]:
            continue
        if claim.start in not_prose:
            continue  # a heading, code, a study's own results: nothing to attribute
        # In the document's own Results or Methods, figures are its own; a claim there
        # may still rest on "recent literature".
        figures = [] if claim.hypothetical or claim.start in own_data else [
            make_figure(doc, s, e, kind) for s, e, kind in claim.figures
            if s not in skip and _figure_key(text[s:e]) not in own
            and not EXAMPLE_BEFORE.search(text, max(0, s - 24), s)]
        if not figures and not claim.triggered:
            continue
        in_note = note_of(claim.start)
        if (has_source(claim.start, claim.end) or covered_by_last(claim)
                or (claim.refers_back >= 0
                    and has_source(claim.paragraph_start, claim.refers_back))
                or (in_note is not None and has_source(*in_note))):
            continue
        vague, named = claim.vague, claim.named
        if named and not vague and _linked_elsewhere(named, hosts, names):
            continue  # "Source: Stack Overflow survey", linked above: a reader finds it
        findings.extend(_figure_finding(figure, vague, named, doc.path) for figure in figures)
        if figures or claim.list_item or not (
                vague or named and claim.document_noun and claim.reported):
            continue
        body = text[claim.start:claim.end]
        start, end = _phrase_span(body, vague or named or "")
        span = doc.span(claim.start + start, claim.start + end)
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


def _phrase_span(sentence: str, phrase: str) -> tuple[int, int]:
    """Where ``phrase`` stands in ``sentence``: the vague phrase itself, or a named source
    as the reader sees it ("selon … l'ADEME": from the cue to the name's end).  The whole
    sentence, blanks left out, where it cannot be found."""
    first, _, last = phrase.partition(" … ")
    at = sentence.find(first) if first else -1
    if at >= 0:
        end = sentence.find(last, at + len(first)) if last else at
        if end >= 0:
            return at, (end + len(last)) if last else at + len(first)
    stripped = sentence.strip()
    lead = len(sentence) - len(sentence.lstrip())
    return lead, lead + len(stripped)


def _cited_entries(extraction: Extraction) -> list[tuple[int, str]]:
    """Where each citation is, and the text of the entry it cites: by its key, or by its
    first author and year ("(Smith 2010)"); "" when no entry is found for it."""
    def described(ref: Reference) -> str:
        return " ".join(filter(None, (
            ref.raw, *ref.authors, ref.title, ref.container, ref.publisher,
            ref.field("institution"), ref.field("organization"))))

    by_key = {ref.key: described(ref) for ref in extraction.references if ref.key}
    by_author: dict[tuple[str, str], str] = {}
    for ref in extraction.references:
        if ref.authors and ref.year:
            by_author.setdefault((fold(ref.authors[0]), ref.year), described(ref))
    found = []
    for citation in extraction.citations:
        raw = by_key.get(citation.key) if citation.key else None
        if raw is None and citation.authors and citation.year:
            raw = by_author.get((fold(citation.authors[0]), citation.year))
        found.append((citation.span.start, raw or ""))  # "": an entry not found
    return found


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


def _link_names(text: str, starts: list[int]) -> frozenset[str]:
    """The names Markdown links are written as ("[OCDE](https://www.oecd.org/…)": ocde),
    a name of one to four words run together: a source called by that name elsewhere
    is the site the link leads to, whatever its address is called."""
    names: set[str] = set()
    for start in starts:
        if text[start - 2:start] != "](":
            continue
        opening = text.rfind("[", max(0, start - 80), start - 2)
        label = text[opening + 1:start - 2] if opening >= 0 else ""
        words = [fold(w) for w in _NAME_WORDS.findall(label)]
        if 1 <= len(words) <= 4 and "]" not in label and "\n" not in label:
            names.add("".join(words))
    return frozenset(names)


_NAME_WORDS = re.compile(r"[^\W\d_]+")


def _linked_elsewhere(named: str, hosts: frozenset[str], names: frozenset[str]) -> bool:
    """The source a sentence names is the site of a link elsewhere in the document: its
    name, or two or three of its words run together, or its initials, are a label of
    that link's host ("Gartner": gartner.com; "Stack Overflow": stackoverflow.co; "Le
    Monde": lemonde.fr; "Office for National Statistics": ons.gov.uk), or its whole name
    is what a link is written as ("[OCDE](https://www.oecd.org/…)").  Common words
    alone ("Survey", "Office") do not count against a host."""
    name = named.rpartition("…")[2] if "…" in named else named
    words = [fold(w) for w in _NAME_WORDS.findall(name)]
    if words and "".join(words) in names:
        return True
    if not hosts:
        return False
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
