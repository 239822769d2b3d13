"""Property-based tests of the readers (issue 20), with Hypothesis: any text is read
without an exception and with every span inside it; reference entries generated in each
style give back their year and first author; generated documents give back every
citation, at its place, resolved to its entry.  Bounded (a fixed number of examples, no
deadline) so that CI stays quick; ``HYPOTHESIS_PROFILE=fuzz`` runs many more."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citecheck.check import check_document
from citecheck.extract.document import extract
from citecheck.extract.references import parse_entry
from citecheck.model import Document, DocumentKind
from citecheck.text import fold

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _doc(text: str, kind: DocumentKind = DocumentKind.MARKDOWN) -> Document:
    return Document("generated.md", kind, text, Document.line_starts_of(text))


PROSE = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=600)
"""Any text, with the characters documents carry: accents, symbols, controls, RTL."""
PIECES = st.lists(st.sampled_from([
    "(Smith 2020)", "[@key]", "[^1]", "[^1]: A note.", "¹", "<sup>2</sup>", "[3]", "et al.",
    "« Titre »", "*Titre*", "https://example.org/x", "doi:10.1000/xyz", "40 %", "$5 million",
    "\n\n", "\n", "# Références\n", "## References\n", "1. ", "- ", "Dupont, J. (2019). ",
    "selon l'INSEE", "experts say", "\x1b]0;x\x07", "\u202e", "(", ")", "[", "]", "*", "_",
]) | PROSE, max_size=40).map("".join)
"""Text made of the pieces the extractors look for, in any order: their edges."""


@given(PIECES)
def test_any_text_is_read_with_every_span_inside_it(text):
    doc = _doc(text)
    extraction = extract(doc)
    findings, resolved = check_document(doc, extraction)
    spans = [*(r.span for r in extraction.references), *(c.span for c in extraction.citations),
             *(m.span for m in extraction.markers), *(n.span for n in extraction.notes),
             *(link.span for link in extraction.links), *(d.span for d in extraction.dois),
             *(f.span for f in findings if f.span.path == doc.path)]
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert 1 <= span.line <= len(doc.line_starts)
    assert len(resolved) == len(extraction.citations)


FAMILY = st.sampled_from(["Dupont", "Martin", "Nakamura", "Okafor", "Smith", "Van Dijk",
                          "García", "Lefèvre", "O'Brien", "Müller"])
GIVEN = st.sampled_from(["Jean", "Anne", "Kenji", "Maria", "Paul", "Chidi", "Léa"])
TITLE_WORD = st.sampled_from(["cities", "data", "memory", "rivers", "the", "of", "and",
                              "climate", "histoire", "des", "villes", "learning", "policy"])
TITLE = st.lists(TITLE_WORD, min_size=3, max_size=9).map(" ".join).map(str.capitalize)
YEAR = st.integers(1900, 2029).map(str)


@st.composite
def entries(draw: st.DrawFn) -> tuple[str, str, str]:
    """(entry, family, year) in one of the styles real lists use."""
    family, given_name, title, year = draw(FAMILY), draw(GIVEN), draw(TITLE), draw(YEAR)
    volume, page = draw(st.integers(1, 99)), draw(st.integers(1, 900))
    style = draw(st.sampled_from(["apa", "chicago", "iso690", "vancouver", "ieee"]))
    entry = {
        "apa": f"{family}, {given_name[0]}. ({year}). {title}. *Journal of Things*, {volume}(2), "
               f"{page}–{page + 20}.",
        "chicago": f"{family}, {given_name}. {year}. *{title}*. Paris: Seuil.",
        "iso690": f"{family.upper()} ({given_name}), *{title}*, Paris, Gallimard, {year}.",
        "vancouver": f"{family} {given_name[0]}. {title}. J Things. {year};{volume}:{page}-{page + 9}.",
        "ieee": f"{given_name[0]}. {family}, \u201c{title},\u201d *J. Things*, vol. {volume}, "
                f"pp. {page}\u2013{page + 9}, {year}.",
    }[style]
    return entry, family, year


@given(entries())
def test_generated_entries_give_back_their_year_and_first_author(generated):
    entry, family, year = generated
    fields = parse_entry(entry)
    assert fields.get("year") == year, entry
    authors = fields.get("authors") or ()
    assert authors and fold(str(authors[0])).endswith(fold(family.split()[-1])), entry


@given(st.lists(st.tuples(FAMILY, YEAR), min_size=1, max_size=6, unique_by=lambda t: t[0]),
       st.lists(PROSE.filter(lambda s: "(" not in s and ")" not in s), min_size=1, max_size=6))
def test_generated_citations_are_found_at_their_place_and_resolved(works, sentences):
    """Each work cited once as "(Family Year)" after a sentence of any text; the entries
    in a references section: every citation is found at its span, and resolves."""
    body, places = [], []
    for (family, year), sentence in zip(works, sentences * len(works), strict=False):
        clean = " ".join(sentence.replace("\n", " ").split())[:80] or "Texte"
        prefix = "".join(body) + f"Il écrit {clean} "
        places.append((len(prefix), f"({family} {year})"))
        body.append(f"Il écrit {clean} ({family} {year}).\n\n")
    references = "".join(f"{family}, J. ({year}). A study of things. *Journal*, 1, 1-2.\n\n"
                         for family, year in works)
    text = "# Essai\n\n" + "".join(body) + "## Références\n\n" + references
    offset = len("# Essai\n\n")
    doc = _doc(text, DocumentKind.TEXT)
    extraction = extract(doc)
    _, resolved = check_document(doc, extraction)
    found = {(c.span.start, c.text): ref for c, ref in zip(extraction.citations, resolved, strict=True)}
    for start, written in places:
        key = (offset + start + 1, written[1:-1])
        assert key in found, (written, sorted(found))
        assert found[key] is not None, written


SUPERSCRIPTS = set("⁰¹²³⁴⁵⁶⁷⁸⁹")
"""Note calls of their own ("il écrit²"): left out of the sentences around generated ones."""


@given(st.lists(st.booleans(), min_size=1, max_size=8),
       st.lists(PROSE.filter(lambda s: not ({"[", "]", *SUPERSCRIPTS} & set(s))),
                min_size=1, max_size=8))
def test_generated_footnotes_are_found_and_only_the_lost_ones_said(defined, sentences):
    """Markdown notes ``[^n]`` called once each after a sentence of any text, some of
    them given their text at the end: every call is found at its place, and exactly the
    calls without a text are said to be missing, at their place."""
    body, calls = [], []
    for n, (has_text, sentence) in enumerate(
            zip(defined, sentences * len(defined), strict=False), start=1):
        clean = " ".join(sentence.replace("\n", " ").split())[:80] or "Texte"
        prefix = "".join(body) + f"Il écrit {clean}."
        calls.append((len(prefix), n, has_text))
        body.append(f"Il écrit {clean}.[^{n}]\n\n")
    texts = "".join(f"[^{n}]: Une note, p. {n}.\n\n" for _, n, has_text in calls if has_text)
    head = "# Essai\n\n"
    text = head + "".join(body) + texts
    doc = _doc(text)
    extraction = extract(doc)
    findings, _ = check_document(doc, extraction)
    found = {m.span.start for m in extraction.markers}
    assert {len(head) + start for start, _, _ in calls} <= found
    missing = {f.span.start for f in findings if f.kind == "footnote-missing"}
    assert missing == {len(head) + start for start, _, has_text in calls if not has_text}
