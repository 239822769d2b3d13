"""Typst documents (issue 18): their code, math and cross-references are no prose, their
``#cite``/``@key`` citations reach the ``#bibliography`` file; and the BibTeX rules a
Typst essay's ``.bib`` showed (given-name-first authors, a url field holding two
addresses).  Each rule both ways, on texts of our own.
"""

from __future__ import annotations

from conftest import run, write

BIB = """@article{smith2021,
  author = {Smith, Jane and Doe, Ann},
  title = {Automation and wages},
  journal = {Journal of Labor Studies},
  year = {2021},
}

@article{okafor2024,
  author = {Chidi Okafor and Maria van Dijk and Lee Park},
  title = {Exposure of occupations to language models},
  journal = {Economics Letters},
  year = {2024},
}

@online{weber2025,
  author = {Weber, Lena},
  title = {Hiring after chatbots},
  year = {2025},
  url = {https://papers.example.org/abstract=12 or https://doi.org/10.9999/x.12},
}

@online{unused2019,
  author = {Ito, Ken},
  title = {Never cited},
  year = {2019},
  url = {https://example.org/a or https://example.org/b},
}
"""

ESSAY = """#set page(paper: "a4", margin: 2.5cm)
#set text(font: "Linux Libertine", size: 12pt)
#set footnote.entry(
  separator: line(length: 30%, stroke: 0.5pt),
  gap: 0.5em,
)
// A draft said 75% of firms; see notes.

= Introduction

Wages fell for juniors #cite(<smith2021>). As #cite(<okafor2024>, form: "prose")
show, exposure is high; @weber2025 finds the same. Okafor et al. (2024) rank jobs.
{extra}
= Results

Junior hiring fell by 6 percent after 2023. The quarterly event study in
Appendix @app-b shows a similar timing.

= Data and Sample

The sample contains 23,305,509 workers, of whom 41 percent are junior.
@fig-share plots the share $s = 0.35$ over time.

#figure(
  image("share.png", width: 80%),
  caption: [Junior share of new hires, 2019--2025.],
) <fig-share>

#bibliography("refs.bib", title: "References", style: "apa")

= Appendix <app-b>
"""


def _essay(tmp_path, extra=""):
    write(tmp_path, "refs.bib", BIB)
    return run(write(tmp_path, "essay.typ", ESSAY.replace("{extra}", extra)))


def test_a_typst_essay_reads_its_citations_and_no_code(tmp_path):
    """#cite(<k>), #cite(<k>, form: "prose") and @k cite; "Okafor et al. (2024)" is the
    given-name-first entry; @fig-share and @app-b point to labels of the essay; the
    percentages of #set rules, of a comment, of math and of the Data section are no
    claims; "Appendix [ref] shows" names no source.  The one defect: the cited entry
    whose url field holds two addresses (the uncited one is never printed)."""
    doc, extraction, findings, resolved = _essay(tmp_path)
    assert doc.kind == "markdown" and len(extraction.references) == 4
    assert [c.key for c in extraction.citations if c.key] == [
        "smith2021", "okafor2024", "weber2025"]
    assert [(c.text, ref) for c, ref in zip(extraction.citations, resolved, strict=True)
            if not c.key] == [("Okafor et al. (2024)", extraction.references[1].id)]
    assert [(f.kind, f.span.path.endswith("refs.bib"), f.span.line) for f in findings] == [
        ("url-malformed", True, 19)]
    assert "holds 2 addresses and « or »" in findings[0].message


def test_a_typst_essay_still_shows_what_does_not_hold(tmp_path):
    """The same essay with an unknown key, a misspelt hand-written author and an
    unsourced figure in its introduction: each reported."""
    _, _, findings, _ = _essay(tmp_path, extra=(
        "\nAdoption reached 45% of firms in 2024.\n\n"
        "Okafr et al. (2024) disagree #cite(<smith2012>).\n"))
    assert sorted((f.kind, f.span.line) for f in findings if f.span.path.endswith(
        "essay.typ")) == [("citation-unmatched", 16), ("citation-unmatched", 16),
                          ("figure-unsourced", 14)]


def test_given_name_first_bibtex_authors_and_unbraced_institutions(tmp_path):
    """BibTeX reads "Chidi Okafor" as family Okafor and "Maria van Dijk" as van Dijk; an
    institution written without braces ("World Health Organization") stays whole, so
    "(World Health Organization, 2020)" finds it and "(WHO, 2020)" too."""
    write(tmp_path, "refs.bib", BIB + """
@techreport{who2020, author = {World Health Organization}, title = {Report},
  institution = {WHO}, year = {2020}}
""")
    _, extraction, findings, resolved = run(write(tmp_path, "note.md", """---
bibliography: refs.bib
nocite: '@*'
---
Exposure is high (Okafor, van Dijk and Park 2024), as the agency says (World Health
Organization, 2020; WHO, 2020).
"""))
    by_id = {r.id: r for r in extraction.references}
    assert [by_id[ref].key for ref in resolved if ref] == ["okafor2024", "who2020", "who2020"]
    assert by_id[str(resolved[0])].authors == ("Okafor", "van Dijk", "Park")
    assert not [f for f in findings if f.kind == "citation-unmatched"]


def test_a_url_field_with_one_address_is_fine(tmp_path):
    """One address per url field, even in quotes: nothing to say; a stray word before it
    is reported."""
    path = write(tmp_path, "refs.bib", """@online{a, author = {Lee, A.}, title = {T},
  year = {2020}, url = "https://example.org/a?x=1&y=2"}
@online{b, author = {Kim, B.}, title = {U}, year = {2021},
  url = {https://example.org/b}}
""")
    _, extraction, findings, _ = run(path)
    assert [f.kind for f in findings if f.kind == "url-malformed"] == []
    assert len(extraction.links) == 2
    path.write_text(path.read_text().replace("{https://example.org/b}",
                                             "{ + http://dx.doi.org/10.9999/b}"))
    _, _, findings, _ = run(path)
    assert [(f.kind, f.span.line, f.span.column) for f in findings] == [
        ("url-malformed", 4, 11)]
    assert "« + » besides its address" in findings[0].message


def test_a_full_bibliography_prints_every_entry(tmp_path):
    """``#bibliography("refs.bib", full: true)`` prints the uncited entries too: their
    defects reach the reader and are reported."""
    write(tmp_path, "refs.bib", BIB)
    _, _, findings, _ = run(write(tmp_path, "short.typ", """= Note

Wages fell #cite(<smith2021>).

#bibliography("refs.bib", full: true)
"""))
    assert [(f.kind, f.span.line) for f in findings if f.kind == "url-malformed"] == [
        ("url-malformed", 19), ("url-malformed", 26)]
