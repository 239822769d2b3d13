"""Compare bibliography entries with what the registries hold.

Findings: ``doi-not-found`` (no agency knows the DOI), ``metadata-mismatch``
(title, authors, year, container, volume, issue, pages), ``retracted``,
``published-version``, ``doi-suggested`` and ``reference-not-found``.
Normalisation makes case, accents, punctuation, « » quotes, subtitles and
bracketed translations not count; thresholds are stated where they are set.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from citecheck.model import (
    Doi,
    Extraction,
    Finding,
    Found,
    Lookup,
    NotFound,
    Reference,
    Severity,
    Unchecked,
    Work,
)
from citecheck.text import fold, fold_words

if TYPE_CHECKING:
    from citecheck.resolve.registries import Resolver

TITLE_SAME = 90
"""rapidfuzz ratio at or above which two normalised titles are the same work.
Measured on bench/data/refs_humanities.jsonl: every parsed title scores >= 94.3
against its true title, and no two of the 64 distinct titles (2,016 pairs) score
above 68.2 against each other."""
TITLE_MAIN_SAME = 92
"""The same, for titles cut at their first colon (one side may omit a subtitle)."""
SEARCH_SCORE = 0.4
"""Crossref relevance divided by the query's length, as Crossref's own matcher does
(SERVICES.md); below it a candidate is not considered."""

RETRACTION_TYPES = {"retraction", "withdrawal", "removal", "partial_retraction"}
CONCERN_TYPES = {"expression_of_concern", "expression-of-concern"}
PUBLISHED_RELATIONS = {"is-preprint-of", "ispreprintof", "ispreviousversionof"}


def normalise_title(title: str) -> str:
    title = re.sub(r"\[[^\]]*\]", " ", title)  # translated-title notes
    return fold_words(title.replace("«", " ").replace("»", " "))


def _main(title: str) -> str:
    return normalise_title(re.split(r"\s[:–—]\s|:\s|\?\s|\.\s", title, maxsplit=1)[0])


def titles_agree(cited: str, registered: str) -> bool:
    a, b = normalise_title(cited), normalise_title(registered)
    if not a or not b:
        return True
    if fuzz.ratio(a, b) >= TITLE_SAME:
        return True
    main_a, main_b = _main(cited), _main(registered)
    return fuzz.ratio(main_a, main_b) >= TITLE_MAIN_SAME or main_a == b or main_b == a


def _family(name: str) -> str:
    return fold(name).replace("-", " ").strip()


def authors_agree(cited: tuple[str, ...], registered: tuple[str, ...]) -> bool:
    if not cited or not registered:
        return True
    first = _family(cited[0])
    for name in registered[:3]:
        other = _family(name)
        if first == other or first.endswith(" " + other) or other.endswith(" " + first):
            return True
        if fuzz.ratio(first, other) >= 90:  # transliteration, a missing accent mark
            return True
    return False


def normalise_pages(pages: str) -> str:
    """``239-40`` → ``239-240``; en dashes and spaces removed."""
    pages = re.sub(r"\s", "", pages.replace("–", "-").replace("—", "-"))
    match = re.fullmatch(r"([A-Za-z]?)(\d+)-([A-Za-z]?)(\d+)", pages)
    if not match:
        return pages
    prefix, start, _, end = match.groups()
    if len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return f"{prefix}{start}-{end}"


def _mismatch(ref: Reference, field: str, cited: str, registered: str, severity: Severity,
              message: str, suggestion: str | None = None) -> Finding:
    return Finding("metadata-mismatch", severity, ref.span, message, ref.raw[:120], suggestion,
                   {"field": field, "cited": cited, "registered": registered, "doi": ref.doi})


def compare(ref: Reference, work: Work) -> list[Finding]:
    """Where the entry and the registry's record disagree."""
    out: list[Finding] = []
    label = f"{ref.authors[0] if ref.authors else '?'} {ref.year or ''}".strip()
    if ref.title and work.title and not titles_agree(ref.title, work.title):
        out.append(_mismatch(ref, "title", ref.title, work.title, Severity.WARNING,
                             f"{label}: the title registered for {work.doi} is « {work.title} »",
                             work.title))
    if ref.authors and work.authors and not authors_agree(ref.authors, work.authors):
        registered = ", ".join(work.authors[:3]) + (" et al." if len(work.authors) > 3 else "")
        out.append(_mismatch(ref, "authors", ", ".join(ref.authors[:3]), registered,
                             Severity.WARNING,
                             f"{label}: {work.doi} is registered to {registered}", registered))
    cited_year = ref.year_digits
    # Citing the print issue's year of a work first published online earlier is correct
    # practice: nothing to change, so nothing said.
    if cited_year and work.year and cited_year != work.year \
            and cited_year not in {work.print_year, work.online_year}:
        out.append(_mismatch(ref, "year", cited_year, work.year, Severity.WARNING,
                             f"{label}: {work.doi} was published in {work.year}", work.year))
    if ref.container and work.container:
        a, b = fold_words(ref.container), fold_words(work.container)
        if a and b and fuzz.ratio(a, b) < 60 and fuzz.token_set_ratio(a, b) < 80 \
                and not _abbreviation_of(a, b):
            out.append(_mismatch(ref, "container", ref.container, work.container, Severity.INFO,
                                 f"{label}: {work.doi} appeared in « {work.container} »",
                                 work.container))
    for field in ("volume", "issue"):
        cited = getattr(ref, field)
        registered = getattr(work, field)
        if cited and registered and fold(cited) != fold(registered):
            out.append(_mismatch(ref, field, cited, registered, Severity.WARNING,
                                 f"{label}: the registered {field} is {registered}, not {cited}",
                                 registered))
    if ref.pages and work.pages:
        cited_pages, registered_pages = normalise_pages(ref.pages), normalise_pages(work.pages)
        if cited_pages != registered_pages:
            out.append(_mismatch(ref, "pages", ref.pages, work.pages, Severity.WARNING,
                                 f"{label}: the registered pages are {work.pages}", work.pages))
    return out


def _abbreviation_of(a: str, b: str) -> bool:
    """``j am chem soc`` abbreviates ``journal of the american chemical society``."""
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    words = [w for w in long_.split() if w not in {"of", "the", "and", "de", "la", "des", "et"}]
    return all(any(w.startswith(s) for w in words) for s in short.split())


def status_findings(ref: Reference | None, doi: Doi | None, work: Work, span_ref: Reference | Doi,
                    ) -> list[Finding]:
    out: list[Finding] = []
    span = span_ref.span
    text = ref.raw[:120] if ref else (doi.raw if doi else work.doi)
    for kind, notice in work.updates:
        if kind in RETRACTION_TYPES:
            out.append(Finding("retracted", Severity.ERROR, span,
                               f"{work.doi} has been retracted (notice {notice})", text,
                               "remove the citation or cite the retraction notice",
                               {"doi": work.doi, "notice": notice, "type": kind}))
        elif kind in CONCERN_TYPES:
            out.append(Finding("retracted", Severity.WARNING, span,
                               f"{work.doi} carries an expression of concern (notice {notice})",
                               text, "read the notice before relying on this work",
                               {"doi": work.doi, "notice": notice, "type": kind}))
    for relation, target in work.relations:
        if relation.lower() in PUBLISHED_RELATIONS and target and target != work.doi \
                and not (ref is not None and target.lower() in ref.raw.lower()):
            out.append(Finding("published-version", Severity.INFO, span,
                               f"{work.doi} is a preprint; a published version exists: {target}",
                               text, target, {"doi": work.doi, "published": target}))
            break
    return out


def doi_findings(doi: Doi, lookup: Lookup, ref: Reference | None) -> list[Finding]:
    if isinstance(lookup, NotFound):
        return [Finding("doi-not-found", Severity.ERROR, doi.span,
                        f"no registration agency knows the DOI {doi.value} "
                        "(asked Crossref, doi.org and DataCite)", doi.raw,
                        "check the DOI against the publisher's page", {"doi": doi.value})]
    if isinstance(lookup, Found):
        out = compare(ref, lookup.work) if ref is not None else []
        return out + status_findings(ref, doi, lookup.work, ref if ref else doi)
    return []


def looks_scholarly(ref: Reference) -> bool:
    """An entry a registry should hold: a journal with volume or pages."""
    return bool(ref.container and (ref.volume or ref.pages) and not ref.doi)


def search_query(ref: Reference) -> str:
    parts = [", ".join(ref.authors[:3]), ref.title or "", ref.container or "", ref.year or "",
             ref.volume or "", ref.pages or ""]
    return " ".join(p for p in parts if p)


def best_candidate(ref: Reference, query: str, candidates: list[Work]) -> Work | None:
    """A candidate whose title, first author and year all agree (never a review)."""
    for work in candidates:
        if work.score is not None and work.score / max(len(query), 1) < SEARCH_SCORE:
            continue
        if not work.title or not ref.title or not titles_agree(ref.title, work.title):
            continue
        if re.match(r"(?:book )?review(?:ed)? of\b|^review:", fold(work.title)) or (
                work.type or "") in {"peer-review", "review"}:
            continue
        # The first authors must be the same person, not merely co-authors.
        if not ref.authors or not work.authors or not authors_agree(ref.authors[:1],
                                                                    work.authors[:1]):
            continue
        years = {work.year, work.print_year, work.online_year} - {None}
        if ref.year_digits and ref.year_digits not in years:
            continue
        return work
    return None


def search_findings(ref: Reference, query: str, candidates: list[Work]) -> list[Finding]:
    match = best_candidate(ref, query, candidates)
    if match is not None:
        return [Finding("doi-suggested", Severity.INFO, ref.span,
                        f"{ref.authors[0] if ref.authors else '?'} {ref.year or ''}: Crossref holds "
                        f"this work as {match.doi}; add the DOI", ref.raw[:120], match.doi,
                        {"doi": match.doi, "title": match.title})]
    if looks_scholarly(ref):
        return [Finding("reference-not-found", Severity.WARNING, ref.span,
                        f"Crossref has no work with this title, first author and year "
                        f"(searched: {query[:100]})", ref.raw[:120],
                        "check the reference against the journal's table of contents",
                        {"query": query})]
    return []


def looks_like_book(ref: Reference) -> bool:
    """A book: a publisher, no journal numbers, no DOI, no URL, not a chapter ("In …")."""
    chapter = re.search(r"(?:^|[.,»”\"]\s+)(?:In|Dans|in)\s*:?\s+[*A-ZÀ-ÝĀ-Ž]", ref.raw)
    return bool(ref.publisher and ref.title and ref.authors and not ref.doi
                and not ref.volume and not ref.pages and not ref.url and not chapter)


def book_findings(ref: Reference, candidates: list[Work]) -> list[Finding]:
    """Books are listed by edition: only a missing book is worth a word, and only as info."""
    for work in candidates:
        if work.title and ref.title and titles_agree(ref.title, work.title) and authors_agree(
                ref.authors[:1], work.authors):
            return []
    return [Finding("reference-not-found", Severity.INFO, ref.span,
                    f"Open Library has no book titled « {ref.title} » by {ref.authors[0]}",
                    ref.raw[:120], "check the title and author against the book itself",
                    {"service": "openlibrary"})]


async def registry_findings(
    extraction: Extraction, lookups: Mapping[str, Lookup], resolver: Resolver
) -> tuple[list[Finding], list[Unchecked]]:
    """A document's findings from the registries: its DOIs against ``lookups`` (asked
    for the whole run in one batch), then each entry without a DOI searched (a
    scholarly work) or looked up (a book).  What could not be asked is ``Unchecked``."""
    findings: list[Finding] = []
    unchecked: list[Unchecked] = []
    refs = extraction.references
    seen: set[str] = set()
    for doi in extraction.dois:
        ref = next((r for r in refs if r.span.start <= doi.span.start < r.span.end
                    and r.span.path == doi.span.path), None)
        if ref is not None and ref.doi and ref.doi != doi.value:
            ref = None  # another work the entry names (a published version, a dataset):
            # looked up, but not compared with this entry's title, journal or pages
        if doi.value in seen:
            continue
        seen.add(doi.value)
        lookup = lookups.get(doi.value)
        if isinstance(lookup, Unchecked):
            unchecked.append(lookup)
        elif lookup is not None:
            findings += doi_findings(doi, lookup, ref)
    for ref in refs:
        if ref.doi and ref.doi not in seen:  # from a .bib file
            seen.add(ref.doi)
            lookup = lookups.get(ref.doi)
            fake = Doi(ref.span, ref.doi, ref.doi)
            if isinstance(lookup, Unchecked):
                unchecked.append(lookup)
            elif lookup is not None:
                findings += doi_findings(fake, lookup, ref)
        elif not ref.doi and looks_scholarly(ref) and ref.title:
            query = search_query(ref)
            result = await resolver.search(query, ref.year_digits)
            if isinstance(result, Unchecked):
                unchecked.append(result)
            else:
                findings += search_findings(ref, query, result)
        elif looks_like_book(ref) and ref.title:
            books = await resolver.book(ref.title, ref.authors[0] if ref.authors else None)
            if isinstance(books, Unchecked):
                unchecked.append(books)
            else:
                findings += book_findings(ref, books)
    return findings, unchecked
