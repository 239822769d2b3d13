"""Comparison rules between an entry and a registry record, both ways."""

from __future__ import annotations

import json

from recorded import EXTERNAL

from citecheck.check.registry import (
    best_candidate,
    compare,
    normalise_pages,
    search_query,
    status_findings,
    titles_agree,
)
from citecheck.extract.references import parse_entry
from citecheck.model import Reference, Span, Work
from citecheck.resolve.crossref import work_from_crossref

SPAN = Span("x", 1, 1, 1, 2, 0, 1)


def _ref(raw: str) -> Reference:
    return Reference(id="r1", span=SPAN, raw=raw, **parse_entry(raw))  # type: ignore[arg-type]


def _work(**fields: object) -> Work:
    base: dict[str, object] = {"doi": "10.1/x", "source": "crossref"}
    base.update(fields)
    return Work(**base)  # type: ignore[arg-type]


def test_titles_ignore_case_accents_quotes_subtitles_and_translations():
    assert titles_agree("« L'IA : une machine à valeur perpétuelle »",
                        "L'IA: une machine a valeur perpetuelle")
    assert titles_agree("Bullshit Jobs", "Bullshit Jobs: A Theory")
    assert titles_agree("Le capital [Capital]", "Le Capital")
    assert not titles_agree("Deep learning", "Prospect theory: an analysis of decision under risk")


def test_pages_abbreviated_ranges():
    assert normalise_pages("239-40") == "239-240"
    assert normalise_pages("145–68") == "145-168"
    assert normalise_pages("e33693") == "e33693"


def test_compare_agrees_and_disagrees():
    ref = _ref("Walter, Yoshija. 2025. « Artificial influencers and the dead internet theory ». "
               "*AI & SOCIETY* 40 (1):239-40.")
    same = _work(title="Artificial influencers and the dead internet theory", authors=("Walter",),
                 year="2023", print_year="2025", online_year="2023", container="AI & SOCIETY",
                 volume="40", issue="1", pages="239-240")
    # The print issue's year of a work first published online earlier: correct, unsaid.
    assert compare(ref, same) == []
    other = _work(title="Something else entirely about robots", authors=("Smith",), year="2019",
                  container="Nature", volume="41", issue="2", pages="1-9")
    fields = {f.evidence["field"] for f in compare(ref, other)}
    assert fields == {"title", "authors", "year", "container", "volume", "issue", "pages"}


def test_particles_and_initials_in_authors():
    ref = _ref("Casilli, Antonio A., Thomas Le Bonniec, et Julian Posada. 2025. « The Human Cost "
               "of DeepSeek ». DiPLab.")
    record = _work(title="The Human Cost of DeepSeek", authors=("Casilli", "Le Bonniec"),
                   year="2025")
    assert compare(ref, record) == []


def test_retraction_concern_and_published_version_both_ways():
    ref = _ref("Doe, J. (2020). A title. *Journal*, 1(1), 1–2.")
    clean = _work(title="A title", authors=("Doe",), year="2020")
    assert status_findings(ref, None, clean, ref) == []
    retracted = _work(updates=(("retraction", "10.1/notice"),))
    kinds = [(f.kind, f.severity.value) for f in status_findings(ref, None, retracted, ref)]
    assert kinds == [("retracted", "error")]
    concern = _work(updates=(("expression_of_concern", "10.1/eoc"),))
    assert [(f.kind, f.severity.value) for f in status_findings(ref, None, concern, ref)] == [
        ("retracted", "warning")]
    preprint = _work(relations=(("is-preprint-of", "10.1038/published"),))
    found = status_findings(ref, None, preprint, ref)
    assert [(f.kind, f.suggestion) for f in found] == [("published-version", "10.1038/published")]
    datacite = _work(source="datacite", relations=(("IsPreviousVersionOf", "10.5/v2"),))
    assert [f.suggestion for f in status_findings(ref, None, datacite, ref)] == ["10.5/v2"]
    review_only = _work(relations=(("has-review", "10.3410/f.1"),))
    assert status_findings(ref, None, review_only, ref) == []


def _recorded_items(name: str) -> list[Work]:
    path = EXTERNAL / "search-based-reference-matcher" / name
    return [work_from_crossref(item) for item in json.loads(path.read_text())["message"]["items"]]


def test_search_matches_as_crossrefs_own_matcher_expects():
    """Crossref's matcher tests: the CERMINE reference matches; a corrupted variant does not."""
    good = _ref("[1]D. Tkaczyk, P. Szostek, M. Fedoryszak, P. J. Dendek, and Bolikowski,"
                "“CERMINE: automatic extraction of structured metadata from scientific literature,” "
                "International Journal on Document Analysis and Recognition (IJDAR), vol. 18, "
                "no. 4, pp. 317–335, 2015.")
    match = best_candidate(good, search_query(good), _recorded_items("unstructured-ref-response-1.json"))
    assert match is not None and match.doi == "10.1007/s10032-015-0249-8"
    bad = _ref("P. Szostek, M. Fedoryszak, P. J. Dendek, and Ł. Bolikowski,“CERMINE: automatic "
               "extraction of structured metadata from scientific literature,” IJDAR, vol. 14, "
               "no. 40, pp. 310–335, 2016.")
    assert best_candidate(bad, search_query(bad),
                          _recorded_items("unstructured-ref-response-2.json")) is None


def test_search_never_accepts_a_review_or_a_namesake():
    ref = _ref("Graeber, David. 2018. *Bullshit Jobs: A Theory*. New York: Simon & Schuster.")
    review = _work(title="Review of Bullshit Jobs: A Theory", authors=("Graeber",), year="2018",
                   score=200.0)
    namesake = _work(title="Bullshit Jobs: A Theory", authors=("Graeber",), year="2018",
                     type="peer-review", score=200.0)
    other_year = _work(title="Bullshit Jobs: A Theory", authors=("Graeber",), year="2011",
                       score=200.0)
    assert best_candidate(ref, search_query(ref), [review, namesake, other_year]) is None
    right = _work(title="Bullshit Jobs: A Theory", authors=("Graeber",), year="2018", score=200.0)
    assert best_candidate(ref, search_query(ref), [review, right]) is right
