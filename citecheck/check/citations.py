"""Cross-check citations against the bibliography.

A citation resolves to an entry when its first author and year agree (and its
other authors, when it names several); a near miss (misspelt name, wrong
year) becomes the finding's suggestion.  Entries that nothing resolves to are
"uncited".  Rules are about names and years only, never about a document.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict

from rapidfuzz import fuzz

from citecheck.check.keys import (
    anchor_citation,
    keys_without_bibliography,
    label_citation,
    pandoc_key,
    printed_key,
    titled_entry,
    unmatched,
    year_matches,
)
from citecheck.check.local import same_work, unreadable
from citecheck.extract.mentions import CAPITALISED_NEXT
from citecheck.extract.names import acronym
from citecheck.extract.references import YEAR
from citecheck.extract.sentences import clause_end, sentence_start
from citecheck.lexicon import load
from citecheck.model import Citation, Extraction, Finding, Reference, Severity
from citecheck.text import fold

_NEAR_NAME = 80
"""rapidfuzz ratio at or above which two family names are one misspelling apart
(Sadowski/Sabowski 87.5, Sadowski/Sadowki 93.3; Smith/Smythe 72.7 stays apart)."""


def author_matches(cited: str, family: str) -> bool:
    """``Sadowski`` or ``Jathan Sadowski`` cite the family name ``Sadowski``."""
    c, f = fold(cited), fold(family)
    return c == f or c.endswith(" " + f) or c.replace("-", " ") == f.replace("-", " ")


def _label(ref: Reference) -> str:
    if not ref.authors and ref.number:
        return f"[{ref.number}]"  # a numbered entry with no author: its number
    first = ref.authors[0] if ref.authors else "?"
    return f"{first} {ref.year or 'n.d.'}"


def _short_title(ref: Reference) -> str:
    if not ref.title:
        return ""
    title = ref.title if len(ref.title) <= 60 else ref.title[:57].rstrip() + "…"
    return f" (« {title} »)"


class Matcher:
    """Resolves citations to references and says why when it cannot."""

    def __init__(self, references: tuple[Reference, ...]) -> None:
        self.references = references
        self.by_folded: dict[str, list[Reference]] = defaultdict(list)
        for ref in references:
            if ref.authors:
                self.by_folded[fold(ref.authors[0]).replace("-", " ")].append(ref)
        # "(WHO 2018)" cites "World Health Organization (2018)", and the other way round.
        self.by_acronym: dict[str, list[Reference]] = defaultdict(list)
        for ref in references:
            short = acronym(ref.authors[0]) if ref.authors else None
            if short:
                self.by_acronym[short].append(ref)
        self.by_key: dict[str, Reference] = {}
        for ref in references:  # a key entered twice: BibTeX and Pandoc take the first
            if ref.key:
                self.by_key.setdefault(ref.key, ref)
        self.by_number = {ref.number: ref for ref in references if ref.number}

    def _by_name(self, name: str) -> list[Reference]:
        """Entries whose first author is ``name`` or the end of it ("Jathan Sadowski")."""
        words = fold(name).replace("-", " ").split()
        found: list[Reference] = []
        for index in range(len(words)):
            found.extend(self.by_folded.get(" ".join(words[index:]), ()))
        if not found and name.isupper() and name.isalpha():
            found.extend(self.by_acronym.get(name, ()))
        if not found and (short := acronym(name)):
            found.extend(self.by_folded.get(fold(short), ()))
        return found

    def candidates(self, citation: Citation) -> list[Reference]:
        if not citation.authors:
            return []
        found = [ref for ref in self._by_name(citation.authors[0])
                 if year_matches(citation.year, ref.year)]
        if len(found) > 1:
            # "(Bloom 2015)" is Bloom alone, not Bloom & Roberts; "et al." is three or more.
            if citation.et_al:
                sized = [r for r in found if len(r.authors) >= 3 or r.et_al]
            else:
                sized = [r for r in found if len(r.authors) == len(citation.authors)]
            found = sized or found
        if len(found) > 1 and len(citation.authors) > 1:
            narrowed = [r for r in found if len(r.authors) > 1 and author_matches(
                citation.authors[1], r.authors[1])]
            found = narrowed or found
        if len(found) > 1:
            exact = [r for r in found if r.year == citation.year]
            found = exact or found
        if len(found) > 1:
            found = _by_initials(citation, found) or found
        return found

    def refs_of_author(self, name: str) -> list[Reference]:
        return self._by_name(name)

    def near_authors(self, name: str) -> list[Reference]:
        """Entries whose first author is one misspelling away from ``name``."""
        folded = fold(name).split()[-1] if fold(name) else ""
        out = []
        for ref in self.references:
            if not ref.authors:
                continue
            family = fold(ref.authors[0])
            if family != folded and fuzz.ratio(family, folded) >= _NEAR_NAME:
                out.append(ref)
        return out


def _years_phrase(refs: list[Reference]) -> str:
    first = refs[0].authors[0]
    years = sorted({r.year or "n.d." for r in refs})
    if len(years) == 1:
        return f"{first} {years[0]}"
    return f"{first} ({' or '.join(years)})"


_INITIALS = re.compile(r"\(?((?:[A-Z]\.[\s-]?){1,3})\s*([A-ZÀ-Ý][\w'’-]+)")


def _by_initials(citation: Citation, found: list[Reference]) -> list[Reference]:
    """APA's "(S. L. Murphy et al., 2025)": first authors sharing a family name are told
    apart by their initials, which the entry writes after the name ("Murphy, S. L.")."""
    written = _INITIALS.match(citation.text)
    if not written:
        return []
    initials = re.sub(r"\s+", " ", written.group(1)).strip()
    name = written.group(2)
    return [r for r in found if re.search(rf"{re.escape(name)},\s*{re.escape(initials)}", r.raw)]


def check_citations(
    extraction: Extraction, text: str
) -> tuple[list[Finding], list[str | None], set[str]]:
    """Findings, the entry id each citation resolves to, and the ids cited at all."""
    matcher = Matcher(extraction.references)
    findings: list[Finding] = []
    resolved: list[str | None] = []
    cited: set[str] = set()
    has_bibliography = bool(extraction.references)
    unknown_keys: list[Citation] = []
    for index, citation in enumerate(extraction.citations):
        ref_id: str | None = None
        if citation.form in {"pandoc", "liquid", "myst"}:
            ref_id = pandoc_key(citation, matcher, extraction, findings, unknown_keys)
        elif citation.form == "anchor":
            ref_id = anchor_citation(citation, matcher, findings)
        elif citation.form == "label":
            ref_id = label_citation(citation, matcher, findings)
        elif citation.form == "title":
            ref_id = _by_title(citation, extraction, findings)
        elif citation.form in {"unresolved", "printed-key"}:
            findings.append(printed_key(citation))
        elif citation.form == "numbered":
            ref = matcher.by_number.get(citation.number or "")
            if ref:
                ref_id = ref.id
            else:
                findings.append(unmatched(citation, f"[{citation.number}] is not a number of the "
                                           "bibliography", None, Severity.WARNING))
        elif citation.form == "author-page":
            ref_id = _author_page(citation, matcher, text, findings, cited)
        elif citation.form == "mention":
            refs = matcher.refs_of_author(citation.authors[0])
            if refs:
                ref_id = refs[0].id if len(refs) == 1 else None
                cited.update(r.id for r in refs)
            else:
                near = matcher.near_authors(citation.authors[0])
                if near and _stands_as_citation(citation, extraction, text):
                    findings.append(_near_miss(citation, near, years_near(extraction, text, index)))
        else:
            candidates = matcher.candidates(citation)
            if len(candidates) == 1 or (candidates and same_work(candidates)):
                # One entry, or one work entered twice (reported as reference-duplicate).
                cited.update(r.id for r in candidates)
                ref_id = candidates[0].id
                spelt = _spelt_otherwise(citation, candidates[0])
                if spelt:
                    findings.append(spelt)
            elif len(candidates) > 1:
                cited.update(r.id for r in candidates)
                labels = ", ".join(f"{_label(r)}{_short_title(r)}" for r in candidates)
                findings.append(Finding(
                    "citation-ambiguous", Severity.WARNING, citation.span,
                    f"« {citation.text} » fits {len(candidates)} entries: {labels}",
                    citation.text,
                    "add a/b to the years of these entries and of their citations",
                    {"candidates": [r.id for r in candidates]},
                ))
            elif citation.form == "note":
                findings.append(_note_unlisted(citation))
            elif (titled := titled_entry(citation, extraction.references)) is not None:
                ref_id = titled.id  # "… 64-bit Offset Format (2011)": an entry by its title
            else:
                findings.append(_unresolved(citation, matcher, has_bibliography))
        if ref_id:
            cited.add(ref_id)
        resolved.append(ref_id)
    if unknown_keys:
        findings.append(keys_without_bibliography(unknown_keys, extraction))
    return findings, resolved, cited


def _author_page(citation: Citation, matcher: Matcher, text: str, findings: list[Finding],
                 cited: set[str]) -> str | None:
    """An author–page citation ("(Hirsch, *Generation* 5)") resolves by its author, and,
    when the bibliography holds several works of that author, by the short title it
    gives or a title named just before it; else it fits them all, which MLA asks to
    tell apart with a short title."""
    name = citation.authors[0]
    refs = matcher.refs_of_author(name)
    if not refs:
        near = matcher.near_authors(name)
        findings.append(_near_miss(citation, near, set()) if near else Finding(
            "citation-unmatched", Severity.WARNING, citation.span,
            f"« {citation.text} »: {name} has no entry in the bibliography", citation.text,
            "add the entry, or correct the author", {}))
        return None
    if len(refs) > 1:
        short = fold(citation.inline_work or "")
        if short:
            titled = [r for r in refs if r.title and _names_title(short, fold(r.title))]
        else:  # the title named last before the citation in its sentence
            before = fold(text[sentence_start(text, citation.span.start):citation.span.start])
            where = {r.id: before.rfind(_main_title(fold(r.title))) for r in refs if r.title}
            last = max(where.values(), default=-1)
            titled = [r for r in refs if last >= 0 and where.get(r.id) == last]
        if len(titled) == 1 or (titled and same_work(titled)):
            refs = titled
    cited.update(r.id for r in refs)
    if len(refs) == 1 or same_work(refs):
        return refs[0].id
    labels = ", ".join(f"{_label(r)}{_short_title(r)}" for r in refs)
    findings.append(Finding(
        "citation-ambiguous", Severity.WARNING, citation.span,
        f"« {citation.text} » fits {len(refs)} works of {name}: {labels}", citation.text,
        "give a short title in the citation: (Author, Short Title page)",
        {"candidates": [r.id for r in refs]}))
    return None


_ARTICLE = re.compile(r"^(?:the|a|an|le|la|les|l'|un|une|der|die|das)\s*")


def _main_title(title: str) -> str:
    """A folded title without its subtitle and opening article: "generation of postmemory"."""
    return _ARTICLE.sub("", re.split(r"\s*[:.?!]\s", title + " ")[0]).strip()


def _names_title(short: str, title: str) -> bool:
    """MLA's short title: the title's first words, its article dropped ("Generation" for
    "The Generation of Postmemory"), or a word of it on its own."""
    short = _ARTICLE.sub("", short).strip(" .,")
    return bool(short) and (_ARTICLE.sub("", title).startswith(short)
                            or fuzz.partial_ratio(short, title) >= 90)


def _near_miss(citation: Citation, near: list[Reference], years: set[str]) -> Finding:
    preferred = [r for r in near if r.year in years] or near
    suggestion = _years_phrase(preferred)
    title = _short_title(preferred[0]) if len(preferred) == 1 else ""
    return Finding(
        "citation-unmatched", Severity.WARNING, citation.span,
        f"« {citation.text} » is not in the bibliography; did you mean "
        f"{suggestion}{title}?",
        citation.text, suggestion, {"candidates": [r.id for r in preferred]},
    )


_TITLE_NEAR = 80
"""rapidfuzz ratio from which a title cited is the entry's, written a little apart."""


def _by_title(citation: Citation, extraction: Extraction, findings: list[Finding]) -> str | None:
    """The entry a title-and-year citation names: one of that year whose title starts
    the same way (the citation may shorten it)."""
    cited = fold(citation.inline_work or "")
    for ref in extraction.references:
        title = fold(ref.title or "")
        if title and (title.startswith(cited) or fuzz.ratio(title, cited) >= _TITLE_NEAR) and (
                (ref.year or "")[:4] == (citation.year or "")[:4]):
            return ref.id
    findings.append(unmatched(
        citation, f"« {citation.text} »: no entry of the bibliography has this title and year",
        None, Severity.WARNING))
    return None


def _spelt_otherwise(citation: Citation, ref: Reference) -> Finding | None:
    """The author's name written with other accents or letters than the entry's
    ("Ricoeur (2000)" for the entry "Ricœur, Paul", "Godel" for "Gödel"): the reader
    meets two spellings of one name.  Case alone ("NORA" in a French bibliography) is a
    style, not a slip."""
    if not citation.authors or not ref.authors:
        return None
    cited, listed = citation.authors[0], ref.authors[0]
    if cited.lower() == listed.lower() or fold(cited) != fold(listed):
        return None
    return Finding(
        "metadata-mismatch", Severity.WARNING, citation.span,
        f"« {cited} » is written « {listed} » in the bibliography: write the name one way",
        citation.text, listed, {"cited": cited, "listed": listed, "entry": ref.id})


def _note_unlisted(citation: Citation) -> Finding:
    """A note gives a work in full that the bibliography does not list."""
    return Finding(
        "citation-unmatched", Severity.WARNING, citation.span,
        f"this note gives « {citation.text} » in full, but the bibliography does not list it",
        citation.text, "add the work to the bibliography", {"work": citation.inline_work})


def _unresolved(citation: Citation, matcher: Matcher, has_bibliography: bool) -> Finding:
    name = citation.authors[0] if citation.authors else citation.text
    label = f"{name} {citation.year}" if citation.year else name
    if citation.inline_work:
        return Finding(
            "citation-unmatched", Severity.INFO, citation.span,
            f"({citation.text}) names its work inline and has no bibliography entry",
            citation.text, None, {"inline_work": citation.inline_work},
        )
    if not has_bibliography:
        return Finding(
            "citation-unmatched", Severity.INFO, citation.span,
            f"« {label} » is cited but the document has no bibliography to find it in",
            citation.text, "add a bibliography entry for it", {},
        )
    same_author = matcher.refs_of_author(name)
    if same_author:
        cited_year = int(citation.year[:4]) if citation.year and citation.year[:4].isdigit() else 0
        closest = sorted(same_author, key=lambda r: abs(int(r.year_digits or 0) - cited_year))
        best = [r for r in closest if r.year_digits == closest[0].year_digits]
        suggestion = _years_phrase(best)
        return Finding(
            "citation-unmatched", Severity.WARNING, citation.span,
            f"« {label} »: the bibliography has {name} only for "
            f"{', '.join(sorted({r.year or 'n.d.' for r in same_author}))}",
            citation.text, suggestion, {"candidates": [r.id for r in best]},
        )
    near = matcher.near_authors(name)
    if near:
        same_year = [r for r in near if year_matches(citation.year, r.year)] or near
        suggestion = _years_phrase(same_year)
        return Finding(
            "citation-unmatched", Severity.WARNING, citation.span,
            f"« {label} » is not in the bibliography; did you mean {suggestion}"
            f"{_short_title(same_year[0]) if len(same_year) == 1 else ''}?",
            citation.text, suggestion, {"candidates": [r.id for r in same_year]},
        )
    return Finding(
        "citation-unmatched", Severity.WARNING, citation.span,
        f"« {label} » has no entry in the bibliography", citation.text,
        "add the entry, or correct the author or year", {},
    )


def uncited(extraction: Extraction, cited: set[str], bib_paths: set[str]) -> list[Finding]:
    findings = []
    offered = set(extraction.reading_list)
    for ref in extraction.references:
        if ref.id in cited or ref.span.path in bib_paths or ref.id in offered or unreadable(ref):
            continue  # a .bib is a database: Pandoc prints only what is cited
        findings.append(Finding(
            "reference-uncited", Severity.WARNING, ref.span,
            f"{_label(ref)}{_short_title(ref)} is never cited in the text",
            ref.raw[:120], "cite it where it is used, or remove it from the bibliography", {},
        ))
    return findings


_YEAR_SOON = re.compile(rf"\b{YEAR}\b")


def _stands_as_citation(citation: Citation, extraction: Extraction, text: str) -> bool:
    """A name without a year is a misspelt citation only where a citation stands: a
    footnote call or a citation follows it in its sentence ("l'expression de Sabowski
    (« … »)¹"), a year soon after ("Sadowki dès février 2023"), or a reporting verb
    ("Romr argues").  "Models of growth", "Rome was not built" name no one."""
    end = citation.span.end
    if CAPITALISED_NEXT.match(text, end):
        return False  # "the Climate Change Initiative": a word of a name, not a surname
    stop = clause_end(text, end)
    limit = stop + 1 if stop is not None else end + 120
    starts = [m.span.start for m in extraction.markers] + _starts(extraction)
    if any(end <= s <= limit for s in starts):
        return True
    if _YEAR_SOON.search(text, end, min(limit, end + 40)):
        return True
    following = text[end:limit].split()[:2]
    return any(fold(word.strip(",;:")) in _reporting_verbs() for word in following)


@functools.cache
def _reporting_verbs() -> frozenset[str]:
    data = load("attribution")
    return frozenset(fold(v) for v in data["reporting_verbs"] + data["verbs_en"] + data["verbs_fr"]
                     if " " not in v)


def years_near(extraction: Extraction, text: str, index: int) -> set[str]:
    """Years cited for a name close to this citation's, in its paragraph or its notes.

    Makes a near-miss suggestion precise: "Sabowski" next to a footnote citing
    Sadowski (2025, 119) means Sadowski 2025, not Sadowski 2020.
    """
    citation = extraction.citations[index]
    start = text.rfind("\n\n", 0, citation.span.start)
    end = text.find("\n\n", citation.span.end)
    end = len(text) if end == -1 else end
    ranges = [(start, end)]
    calls = _marker_starts(extraction)  # the calls in this paragraph only, by bisection
    for _, m_index in calls[bisect.bisect_left(calls, (start, -1)):
                            bisect.bisect_left(calls, (end, -1))]:
        if m_index in extraction.note_pairs:
            note = extraction.notes[extraction.note_pairs[m_index]]
            ranges.append((note.span.start, note.span.end))
    name = fold(citation.authors[0])
    starts = _starts(extraction)
    years: set[str] = set()
    for s, e in ranges:
        for other in extraction.citations[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)]:
            if (other.year and other.authors and re.match(r"\d{4}", other.year)
                    and fuzz.ratio(fold(other.authors[0]).split()[-1], name) >= _NEAR_NAME):
                years.add(other.year)
    return years


_STARTS: dict[int, list[int]] = {}


_MARKER_STARTS: dict[int, list[tuple[int, int]]] = {}


def _marker_starts(extraction: Extraction) -> list[tuple[int, int]]:
    """(offset, index) of the footnote calls in text order, computed once per extraction:
    each near miss looks at its own paragraph's calls, not at every call of the document."""
    key = id(extraction.markers)
    if key not in _MARKER_STARTS:
        _MARKER_STARTS.clear()
        _MARKER_STARTS[key] = sorted((m.span.start, i) for i, m in enumerate(extraction.markers))
    return _MARKER_STARTS[key]


def _starts(extraction: Extraction) -> list[int]:
    """Citation start offsets (citations are sorted by place), computed once per extraction."""
    key = id(extraction.citations)
    if key not in _STARTS:
        _STARTS.clear()
        _STARTS[key] = [c.span.start for c in extraction.citations]
    return _STARTS[key]
