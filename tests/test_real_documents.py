"""Documents as people write them (issue 18): each rule both ways, caught and not flagged.

Snippets marked "from" are short excerpts of real, openly licensed documents (the
corpus in bench/corpus/manifest.toml); the others are texts of our own, of other
shapes, so that no rule works because it knows one document.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import run, write

from citecheck.cli import main
from citecheck.model import Severity

BIB = """@article{smith2004a,
  author = {Smith, Jane and Doe, John},
  title = {A Study of Things},
  journal = {Journal of Things},
  year = {2004},
}

@book{dupuy1998,
  author = {Dupuy, Jean},
  title = {La Forme du temps},
  publisher = {Seuil},
  year = {1998},
}
"""


def _kinds(findings):
    return [(f.kind, f.span.line) for f in findings]


def test_front_matter_math_code_comments_and_templates_are_not_prose(tmp_path):
    """From ASFHyP3/hyp3_paper (JOSS front matter): "index: 1" under affiliations was
    read as footnote call 1.  Math, code, comments and Liquid tags are no prose either;
    the same calls and figures in prose are still read."""
    write(tmp_path, "paper.bib", BIB)
    path = write(tmp_path, "paper.md", """---
title: 'HyP3'
affiliations:
  - name: Institution Name, Country
    index: 1
  - name: Independent Researcher, Country
    index: 2
bibliography: paper.bib
---

# Summary

The estimator reaches $p = 0.05$ and $$\\hat\\beta = 42\\%$$ in theory [@smith2004a].

```python
share = 0.75  # 75% of the rows [@nokey2020]
```

<!-- TODO: cite @missing2021 and the 60% figure -->

{% include figure.html caption="Over 90% of users" %}

Yet 60% of voters changed their minds in 2022.
""")
    doc, extraction, findings, _ = run(path)
    assert doc.title == "HyP3"
    assert not extraction.markers  # "index: 1" is no footnote call
    assert [c.key for c in extraction.citations] == ["smith2004a"]
    figures = [(f.kind, f.evidence.get("figure")) for f in findings
               if f.kind.startswith(("figure", "attribution"))]
    assert figures == [("figure-unsourced", "60%")]  # the prose one, and only it


def test_dollar_amounts_stay_prose(tmp_path):
    path = write(tmp_path, "op-ed.md", "# Budget\n\nIt cost $5 billion in 2021 and $10 "
                 "billion in 2022.\n")
    _, _, findings, _ = run(path)
    assert any(f.kind == "figure-unsourced" for f in findings)


def test_cross_references_handles_and_bookdown_refs_are_not_citations(tmp_path):
    """From quarto-journals/jss: "@tbl-overview", "@fig-quine" are Quarto
    cross-references; bookdown writes "\\@ref(fig:x)"; an e-mail address and a
    "@user@instance" handle are no keys.  A real key is still read."""
    write(tmp_path, "refs.bib", BIB)
    path = write(tmp_path, "doc.qmd", """---
bibliography: refs.bib
---
Table @tbl-overview and @fig-quine show it; see @sec-intro, @eq-model and Figure
\\@ref(fig:plot). Write to editor@example.org or @jane@scholar.social. As @smith2004a
found, and @fig:sketch (pandoc-crossref).
""")
    _, extraction, findings, _ = run(path)
    assert [c.key for c in extraction.citations] == ["smith2004a"]
    assert not [f for f in findings if f.kind.startswith("citation")]


def test_an_unknown_key_is_an_error_with_the_nearest_key(tmp_path):
    """Key drift after a re-export (smith2004 for smith2004a), as in quarto-journals/acm
    (@Kirschmer-2010-AEI-… for Kirschmer:2010:AEI:…)."""
    write(tmp_path, "refs.bib", BIB)
    path = write(tmp_path, "doc.md", "---\nbibliography: refs.bib\n---\nAs shown "
                 "[@smith2004; @dupuy1998, p. 12].\n")
    _, _, findings, _ = run(path)
    unmatched = [f for f in findings if f.kind == "citation-unmatched"]
    assert len(unmatched) == 1
    assert unmatched[0].severity is Severity.ERROR
    assert unmatched[0].suggestion == "@smith2004a"
    assert "???" in unmatched[0].message


def test_a_key_that_lost_its_at_and_a_group_over_a_line_break(tmp_path):
    write(tmp_path, "refs.bib", BIB)
    path = write(tmp_path, "doc.md", "---\nbibliography: refs.bib\n---\nSeen before "
                 "[@smith2004a;\n@dupuy1998, p. 78] and again [@smith2004a; dupuy1998].\n")
    _, extraction, findings, _ = run(path)
    keys = [(c.key, c.locator) for c in extraction.citations]
    assert keys[:2] == [("smith2004a", None), ("dupuy1998", "p. 78")]
    lost = [f for f in findings if f.kind == "citation-unmatched"]
    assert len(lost) == 1 and "lacks its @" in lost[0].message and lost[0].span.line == 5


def test_keys_without_any_bibliography_are_said_once(tmp_path):
    """From ujubib/Atelier_Stylo_UPPA: a Stylo post whose .bib has another name than the
    document: three keys, one finding saying how to name the file."""
    path = write(tmp_path, "billet.md", "# Billet\n\nUn besoin [@goody_raison_1978] "
                 "[@vitali-rosati_editor_2015; @vitali-rosati_les_2018].\n")
    _, _, findings, _ = run(path)
    assert [(f.kind, f.severity) for f in findings] == [
        ("citation-unmatched", Severity.WARNING)]
    assert "3 citation keys" in findings[0].message
    assert "--bibliography" in (findings[0].suggestion or "")


def test_a_missing_bibliography_file_is_named_once(tmp_path):
    """From rstudio/bookdown-demo: packages.bib is generated at build time."""
    write(tmp_path, "book.bib", BIB)
    path = write(tmp_path, "index.Rmd", "---\nbibliography: [book.bib, packages.bib]\n---\n"
                 "Built with @R-bookdown and @R-knitr [@smith2004a].\n")
    _, _, findings, _ = run(path)
    assert len(findings) == 1 and "packages.bib" in findings[0].message


def test_bibtex_fields_in_any_case_and_organizations_as_authors(tmp_path):
    """From ASFHyP3/hyp3_paper (BibDesk's "Author ="), and a @manual by its
    organization; DOIs given in url, note and with a doubled prefix."""
    write(tmp_path, "paper.bib", r"""@article{Lei:2021,
    url = {https://doi.org/10.3390/rs13040749},
    Author = {{Lei}, Y. and {Gardner}, A. and {Agram}, P.},
    Journal = {Remote Sensing},
    Title = {{Autonomous Repeat Image Feature Tracking (autoRIFT)}},
    Year = 2021,
}
@manual{R,
  TITLE = {R: A Language and Environment for Statistical Computing},
  ORGANIZATION = {R Foundation for Statistical Computing},
  YEAR = {2024},
  NOTE = {doi:10.5555/r-manual},
}
@article{twice,
  author = {M{\"u}ller, Anna},
  title = {Caf{\'e} \textbar{} ``Quoted'' and x\_y},
  journal = {J},
  year = {2020},
  doi = {doi:doi:10.1234/ABC.},
}
""")
    path = write(tmp_path, "paper.md", "---\nbibliography: paper.bib\n---\nSee [@Lei:2021; "
                 "@R; @twice].\n")
    _, extraction, findings, _ = run(path)
    refs = {r.key: r for r in extraction.references}
    assert refs["Lei:2021"].authors == ("Lei", "Gardner", "Agram")
    assert refs["Lei:2021"].doi == "10.3390/rs13040749"
    assert refs["R"].authors == ("R Foundation for Statistical Computing",)
    assert refs["R"].doi == "10.5555/r-manual"
    assert refs["twice"].authors == ("Müller",)
    assert refs["twice"].title == "Café | “Quoted” and x_y"
    assert refs["twice"].doi == "10.1234/abc"
    assert not [f for f in findings if f.kind == "reference-incomplete"]


def test_free_text_fields_are_not_links(tmp_path):
    write(tmp_path, "refs.bib", """@article{a2020,
  author = {Doe, Ann}, title = {T}, journal = {J}, year = {2020},
  abstract = {We used https://example.org/data and htp://typo.example},
  file = {:home/ann/Zotero/storage/a.pdf:PDF},
  url = {https://example.org/paper},
}
""")
    path = write(tmp_path, "doc.md", "---\nbibliography: refs.bib\n---\nText [@a2020].\n")
    _, extraction, findings, _ = run(path)
    assert [link.url for link in extraction.links] == ["https://example.org/paper"]
    assert not [f for f in findings if f.kind == "url-malformed"]


def test_csl_json_yaml_and_ris_bibliographies(tmp_path):
    """Zotero's CSL-JSON (as ujubib/TestsPandoc's mémoire passes it), CSL-YAML in a
    list, RIS; a missing key among them is still reported."""
    (tmp_path / "refs.json").write_text(json.dumps([
        {"id": "kristof_analphabete_2004", "type": "book", "title": "L'analphabète",
         "author": [{"family": "Kristof", "given": "Agota"}],
         "issued": {"date-parts": [[2004]]}, "publisher": "Zoé"}]), encoding="utf-8")
    write(tmp_path, "more.yaml", "references:\n- id: braud2006\n  type: book\n"
          "  title: La forme des choses\n  author:\n  - family: Braud\n    given: Michel\n"
          "  issued:\n    date-parts:\n    - [2006]\n")
    write(tmp_path, "z.ris", "TY  - JOUR\nID  - lejeune1975\nAU  - Lejeune, Philippe\n"
          "TI  - Le pacte autobiographique\nPY  - 1975\nDO  - 10.1234/pacte\nER  - \n")
    path = write(tmp_path, "memoire.md", "---\nbibliography:\n  - refs.json\n  - more.yaml\n"
                 "  - z.ris\n---\nComme le dit Kristof [@kristof_analphabete_2004, p. 12; "
                 "@braud2006; @lejeune1975; @braud2007].\n")
    _, extraction, findings, _ = run(path)
    refs = {r.key: r for r in extraction.references}
    assert refs["kristof_analphabete_2004"].authors == ("Kristof",)
    assert refs["kristof_analphabete_2004"].year == "2004"
    assert refs["braud2006"].title == "La forme des choses"
    assert refs["lejeune1975"].doi == "10.1234/pacte"
    unmatched = [f for f in findings if f.kind == "citation-unmatched"]
    assert [f.suggestion for f in unmatched] == ["@braud2006"]


def test_sidecar_metadata_project_files_and_bookdown_index(tmp_path):
    write(tmp_path, "refs.bib", BIB)
    sidecar = write(tmp_path, "article.md", "Texte [@dupuy1998].\n")
    write(tmp_path, "article.yaml", "title: Article\nbibliography: refs.bib\n")
    project = tmp_path / "site"
    (project / "posts").mkdir(parents=True)
    write(project, "_quarto.yml", "project:\n  type: website\nbibliography: ../refs.bib\n")
    post = write(project / "posts", "post.qmd", "# Post\n\nAs found [@smith2004a].\n")
    book = tmp_path / "book"
    book.mkdir()
    write(book, "_bookdown.yml", "book_filename: b\n")
    write(book, "index.Rmd", "---\nbibliography: ../refs.bib\n---\n# Preface\n")
    chapter = write(book, "01-intro.Rmd", "# Intro\n\nAs found [@smith2004a].\n")
    for path in (sidecar, post, chapter):
        _, extraction, findings, resolved = run(path)
        assert all(resolved) and not findings, path


def test_bibliography_option_and_a_bib_named_beside_the_document(tmp_path):
    write(tmp_path, "refs.bib", BIB)
    doc = write(tmp_path, "essay.md", "# Essay\n\nAs found [@smith2004a].\n")
    runner = CliRunner()
    for args in (["--bibliography", str(tmp_path / "refs.bib"), str(doc)],
                 [str(doc), str(tmp_path / "refs.bib")]):
        result = runner.invoke(main, ["audit", "--offline", "--format", "json", *args])
        report = json.loads(result.stdout)
        assert [d["path"] for d in report["documents"]] == [str(doc)], args
        assert report["documents"][0]["findings"] == []


def test_a_shared_library_is_not_a_bibliography(tmp_path):
    """A Zotero export for a whole site: the entries a post does not cite are neither
    checked nor reported; a list of the document's own still is."""
    entries = "".join(f"@misc{{k{n}2020,\n  title = {{T{n}}},\n  year = {{2020}},\n}}\n"
                      for n in range(20))
    write(tmp_path, "library.bib", BIB + entries)
    path = write(tmp_path, "post.md", "---\nbibliography: library.bib\n---\nAs found "
                 "[@smith2004a].\n")
    _, extraction, findings, _ = run(path)
    assert [r.key for r in extraction.references] == ["smith2004a"]
    assert not findings
    own = write(tmp_path, "own.md", "# Essay\n\nAs Smith and Doe (2004) found.\n\n"
                "## References\n\nSmith, J., & Doe, J. (2004). A study of things. "
                "*Journal of Things*.\n\nDupuy, J. (1998). *La Forme du temps*. Seuil.\n")
    _, _, findings, _ = run(own)
    assert [f.kind for f in findings] == ["reference-uncited"]


def test_a_note_to_the_reader_is_no_source(tmp_path):
    """From quarto-journals/jss: "(Note that JSS prefers …)", "(note the AE
    spelling)"; a note that is a document still names its author."""
    path = write(tmp_path, "doc.md", "# A\n\nWe fit the model. (Note that JSS prefers "
                 "indented code.)\n\nAll acknowledgments (note the AE spelling) go here.\n\n"
                 "A note by the European Central Bank warned of a slowdown.\n")
    _, _, findings, _ = run(path)
    named = [f.evidence.get("source") for f in findings if f.kind == "attribution-unlinked"]
    assert named == ["note … European Central Bank"]


def test_a_source_is_named_by_its_author_or_title_not_by_its_subject(tmp_path):
    """From AngryMaciek/hypercomplex ("the study of lattice-based, post-quantum
    cryptography (PQC)"), quarto-journals/acm ("a French paper") and the AEA data
    editor's report ("Articles will have a note indicating…", "a complete census of the
    AEJ"): a document's subject, origin or a mere mention is no source to cite.  A
    document with its author, or its title, and something reported from it, is."""
    path = write(tmp_path, "doc.md", """# Scope

The package serves the study of lattice-based, post-quantum cryptography (PQC).

For example, a French paper with titles in English may start with a language option.

Articles will have a note indicating under what policy the submission occurred.

The initial focus was on a complete census of the AEJ, then on the other journals.

The PRL group usually found in neo-Riemannian theory is built in.

A study by the Brookings Institution found that remote work persists.

Their note « Reclaiming Digital Sovereignty » argues for public infrastructure.
""")
    _, _, findings, _ = run(path)
    named = [(f.span.line, f.evidence.get("source")) for f in findings
             if f.kind == "attribution-unlinked"]
    assert named == [(13, "study … Brookings Institution"),
                     (15, "note … Reclaiming Digital Sovereignty")]


def test_french_verbs_are_not_read_in_english_prose_but_quoted_french_is(tmp_path):
    """"a note", "a precise" are English; "a noté" and "promet" are French verbs."""
    english = write(tmp_path, "en.md", "# Notes\n\nThe Articles a note will follow, and the "
                    "Methods a precise account of 40 cases in the sample.\n")
    _, _, findings, _ = run(english)
    assert not [f for f in findings if f.kind == "attribution-unlinked"]
    french = write(tmp_path, "fr.md", "# Notes\n\nLe ministre a noté que la dette atteint "
                   "3 000 milliards d'euros, et l'Insee a précisé le chiffre.\n")
    _, _, findings, _ = run(french)
    assert [f.kind for f in findings] == ["attribution-unlinked"]


def test_a_month_and_year_is_a_date_unless_the_bibliography_has_that_author(tmp_path):
    """From AntoineSoetewey/kindling: "as of this writing (July 2026)"."""
    path = write(tmp_path, "doc.md", "# Impact\n\nNo citations yet, as of this writing "
                 "(July 2026), nor in (Fall 2025).\n")
    _, extraction, _, _ = run(path)
    assert extraction.citations == ()
    write(tmp_path, "refs.bib", "@book{march1991, author = {March, James G.}, title = "
          "{Exploration and Exploitation}, publisher = {Wiley}, year = {1991}}\n")
    cited = write(tmp_path, "cited.md", "---\nbibliography: refs.bib\n---\nAs argued "
                  "(March 1991), firms explore.\n")
    _, extraction, findings, _ = run(cited)
    assert [c.authors for c in extraction.citations] == [("March",)]
    assert findings == []


def test_bibtex_required_fields_by_entry_type(tmp_path):
    """From AlexMikes/AutoFunc: an @inproceedings whose proceedings are typed into
    ``journal`` (not printed for that type, so the formatted entry lacks them); from the
    AEA report, a ``conference`` field.  An @article with no journal but an arXiv
    eprint, a web page with no author but a URL, and complete entries say nothing; a
    publisher typed into ``edition`` is reported."""
    write(tmp_path, "paper.bib", """@inproceedings{edmonds2020,
  title={A Weighted Confidence Metric},
  author={Edmonds, Katherine and Mikes, Alex},
  journal = {Proceedings of the ASME 2020 IDETC},
  year={2020},
  doi = {10.1115/DETC2020-22495}
}
@INPROCEEDINGS{coffman2017,
  title = "Replications: A Proposal", author = "Coffman, Lucas", year = 2017,
  conference = "American Economic Association Meetings"
}
@ARTICLE{wilson2016,
  title = "Good Enough Practices", author = "Wilson, Greg", year = 2016,
  archivePrefix = "arXiv", eprint = "1609.00037"
}
@online{tug,
  key = {TUG}, year = 2017, title = "Institutional members of the {\\TeX} Users Group",
  url = "http://tug.org/instmem.html"
}
@article{complete, author = {Doe, Ann}, title = {T}, journal = {J}, year = {2020}}
@book{misplaced, author = {Roe, Bo}, title = {B}, edition = {Oxford University Press},
  year = {2001}}
@book{second, author = {Poe, Cy}, title = {C}, edition = {2nd}, publisher = {Seuil},
  year = {2002}}
""")
    path = write(tmp_path, "paper.md", "---\nbibliography: paper.bib\n---\nSee [@edmonds2020; "
                 "@coffman2017; @wilson2016; @tug; @complete; @misplaced; @second].\n")
    _, _, findings, _ = run(path)
    incomplete = [(f.span.line, f.message) for f in findings if f.kind == "reference-incomplete"]
    assert [line for line, _ in incomplete] == [1, 8, 21]
    assert "journal field is not printed for @inproceedings" in incomplete[0][1]
    assert "conference field" in incomplete[1][1]
    assert "edition field holds a publisher (« Oxford University Press »)" in incomplete[2][1]


RENDERED = """# A study of flakes

Guillermo Doe<sup>1, 2</sup>
Ana Roe<sup>2</sup>

<sup>1</sup>Universidad Autónoma de Madrid, Spain
<sup>2</sup>Université de Bordeaux, France

## 1. Introduction

Assemblages are flake-dominated ([Delagnes and Meignen,
2006](#ref-hovers_2006); [Kuhn, 2013](#ref-kuhn_2013)). See also [Roe,
2019](#ref-roe_2019) and the [methods](#methods), with adjusted *r*<sup>2</sup> = 0.63
on 12 m<sup>2</sup>.

## 3 Results

The first 25 components account for 95% of the variance.

## 4. Discussion

The first 25 components captured 95% of the variance. [Kuhn](#ref-kuhn_2013)
([2013](#ref-kuhn_2013)) used random forests. Their study reached a similar value.
However, the classes differ, with an 87% accuracy for one of them.

## References

<div id="refs" class="references csl-bib-body hanging-indent">

<div id="ref-hovers_2006" class="csl-entry">

Delagnes, A., Meignen, L., 2006. Diversity of lithic production systems.
Springer, pp. 85–107.

</div>

<div id="ref-kuhn_2013" class="csl-entry">

Kuhn, S.L., 2013. Roots of the Middle Paleolithic in Eurasia. Current
Anthropology 54, S255–S268. https://doi.org/<https://doi.org/10.1086/673529>

</div>

<div id="ref-breiman_2001" class="csl-entry">

Breiman, L., 2001. Random Forests. Machine Learning 45, 5–32.

</div>

</div>
"""


def test_pandoc_rendered_markdown_entries_and_link_citations(tmp_path):
    """From GuillermoBustosPerez/Backed-Flakes-Identification-Discoid-RCLevallois (R
    Markdown rendered to GitHub Markdown): each csl-entry block is one entry keyed by
    its anchor, each link to it a citation; a link to a missing entry's anchor is
    reported, a link to a section is not a citation; affiliations written <sup>1</sup>
    and powers (*r*<sup>2</sup>, m<sup>2</sup>) are not footnote calls; a figure the
    Results report is not reported again in the Discussion; a figure after "their
    study" is sourced by the citation before; a DOI printed twice is reported."""
    path = write(tmp_path, "paper.md", RENDERED)
    doc, extraction, findings, _ = run(path)
    refs = extraction.references
    assert [r.key for r in refs] == ["ref-hovers_2006", "ref-kuhn_2013", "ref-breiman_2001"]
    assert refs[2].title == "Random Forests"
    assert extraction.title == "A study of flakes"
    anchored = [(c.key, c.text) for c in extraction.citations if c.form == "anchor"]
    assert anchored == [("ref-hovers_2006", "Delagnes and Meignen, 2006"),
                        ("ref-kuhn_2013", "Kuhn, 2013"), ("ref-roe_2019", "Roe, 2019"),
                        ("ref-kuhn_2013", "Kuhn"), ("ref-kuhn_2013", "2013")]
    # Breiman is printed uncited: nocite'd, Pandoc printing only what is cited.
    assert _kinds(findings) == [("citation-unmatched", 12), ("doi-malformed", 40)]
    assert "written twice" in findings[1].message


def test_rendered_entries_are_read_only_as_pandoc_writes_them(tmp_path):
    """A page with no csl-entry block: links to anchors are cross-references."""
    path = write(tmp_path, "notes.md", "# Notes\n\nSee [the method](#ref-method) and "
                 "[below](#below).\n\n## Below\n\nText.\n")
    _, extraction, findings, _ = run(path)
    assert [c.form for c in extraction.citations] == []
    assert findings == []


def test_a_doi_field_holding_a_url_is_reported_in_the_bib(tmp_path):
    """From the same repository's References.bib: ``doi = {https://doi.org/10.…}``."""
    write(tmp_path, "refs.bib", "@article{b1983, author = {Beyries, S.}, title = {Étude}, "
          "journal = {BSPF}, year = {1983},\n doi = {https://doi.org/10.3406/bspf.1983.5455}}\n"
          "@article{c2020, author = {Courbin, P.}, title = {Spatial}, journal = {JAS}, "
          "year = {2020}, doi = {10.1016/j.jasrep.2020.102373}}\n")
    path = write(tmp_path, "a.md", "---\nbibliography: refs.bib\n---\nSee [@b1983; @c2020].\n")
    _, extraction, findings, _ = run(path)
    assert [(f.kind, f.span.line, f.suggestion) for f in findings] == [
        ("doi-malformed", 1, "10.3406/bspf.1983.5455")]


def test_an_enumeration_is_no_footnote_call(tmp_path):
    """From the same article: "… 3 (nearly 75% covered), and 4 (nearly the entire
    surface…)" lists classes; "as shown 4 Then…" is still read as before."""
    path = write(tmp_path, "a.md", "# Cortex\n\nClasses are 1 (no cortex), 2 (half), 3 (most), "
                 "and 4 (the entire surface).\n")
    _, extraction, _, _ = run(path)
    assert extraction.markers == ()


def test_grant_numbers_and_method_names_are_no_figures_or_sources(tmp_path):
    """From Aariq/bumbl ("National Science Foundation grant DEB 1354224 to Elizabeth
    Crone") and AlexanderFabisch/gmr ("the function GaussianMixture.predict, it does not
    perform regression"); a count written with separators, and a source that predicts,
    are still read."""
    path = write(tmp_path, "paper.md", "# Notes\n\nWe were supported by grant DEB 1354224 to "
                 "Ann Roe, and contract 8650187 with the agency.\n\nNote that while "
                 "scikit-learn has the function GaussianMixture.predict, it does not perform "
                 "regression.\n\nThe survey counted 1,354,224 visitors last year.\n\n"
                 "The International Energy Agency predicts a 40% rise.\n")
    _, _, findings, _ = run(path)
    assert [(f.kind, f.span.line, f.evidence.get("figure")) for f in findings] == [
        ("figure-unsourced", 7, "1,354,224 visitors"),
        ("attribution-unlinked", 9, "40%")]


def test_citations_as_links_to_hand_written_anchors(tmp_path):
    """``[[smith2004](#smith2004)]`` against an entry opening with ``<a name=…>`` or a
    ``[label]:``; a link to an anchor like them that nothing defines is a broken
    citation; a link to a heading is a cross-reference.  A call followed by a colon
    mid-line (``text[^7]:``) is a call, and its definition under the references counts."""
    path = write(tmp_path, "a.md", """# Ten rules

## Rule 2: keep it short

We did things [[smith2004](#smith2004)], [[lee99](#lee99)] and [[doe2010](#doe2010)],
as [the rules](#rule-2-keep-it-short) say.[^7]: and more.

## References

<a name="smith2004"></a>Smith, J. (2004). A study of things. *Journal of Things*, 3, 1–10.

[lee99]: Lee, K. (1999). Another study. *Journal of Things*, 1, 2–3.

[^7]: A note.
""")
    _, extraction, findings, _ = run(path)
    assert [r.key for r in extraction.references] == ["smith2004", "lee99"]
    assert [(c.key, c.form) for c in extraction.citations] == [
        ("smith2004", "anchor"), ("lee99", "anchor"), ("doe2010", "anchor")]
    assert [(f.kind, f.span.line) for f in findings] == [("citation-unmatched", 5)]
    assert "#doe2010" in findings[0].message
    assert [m.label for m in extraction.markers] == ["7"] and extraction.note_pairs == {0: 0}


DATA = Path(__file__).parent / "data"


def test_pandoc_html_footnotes_bibliography_and_unresolved_keys():
    """A page as Pandoc's HTML writer prints it (our text, Pandoc's markup): csl-entry
    blocks are the bibliography, ``section.footnotes`` the notes (their "↩︎" links
    left out), "(gone2020?)" a key Pandoc could not resolve; an entry printed but not
    cited is nocite'd, not reported."""
    _, extraction, findings, _ = run(DATA / "pandoc_rendered.html")
    assert [r.authors for r in extraction.references] == [("Kuhn",), ("Breiman",)]
    assert [n.text for n in extraction.notes] == ["1. Source: the national survey of 2019."]
    assert extraction.note_pairs == {0: 0}
    assert [(f.kind, f.span.line, f.severity) for f in findings] == [
        ("citation-unmatched", 7, Severity.WARNING), ("citation-unmatched", 9, Severity.ERROR)]
    assert "gone2020?" in findings[1].message


def test_mediawiki_references_are_notes():
    """A wiki page's ``ol.references``: its items answer the ``[1]`` calls, the "^"
    back-links are no text, and a call with no item is reported."""
    _, extraction, findings, _ = run(DATA / "mediawiki_references.html")
    assert [n.label for n in extraction.notes] == ["1"]
    assert [(f.kind, f.span.line) for f in findings] == [("footnote-missing", 2)]


def test_reading_lists_are_read_but_never_uncited(tmp_path):
    """"Further reading" under the references, and a French "Pour aller plus loin" as
    the only list: their entries are offered, not cited; the references' own uncited
    entry is still reported, and a citation still resolves in a reading list."""
    path = write(tmp_path, "a.md", "# Essay\n\nAs Smith (2004) showed, things happen.\n\n"
                 "## References\n\nSmith, J. (2004). A study of things. *Journal of Things*, "
                 "3, 1–10.\n\nDoe, J. (2010). An uncited study. *Journal of Things*, 5, 1–10.\n\n"
                 "## Further reading\n\nBrown, A. (2001). *A book nobody cites*. London: "
                 "Penguin.\n")
    _, extraction, findings, _ = run(path)
    assert [r.authors for r in extraction.references] == [("Smith",), ("Doe",), ("Brown",)]
    assert [(f.kind, f.span.line) for f in findings] == [("reference-uncited", 9)]
    french = write(tmp_path, "b.md", "# Le vélo\n\nLe vélo progresse (Dupuy, 1998).\n\n"
                   "## Pour aller plus loin\n\nDUPUY (Jean), *La Forme du temps*, Paris, Seuil, "
                   "1998.\n\nNORA (Pierre), *Les Lieux de mémoire*, Paris, Gallimard, 1984.\n")
    _, extraction, findings, _ = run(french)
    assert [r.authors for r in extraction.references] == [("DUPUY",), ("NORA",)]
    assert findings == []


def test_a_near_name_is_a_misspelt_citation_only_where_a_citation_stands(tmp_path):
    """"Models of growth" and "Rome" are no misspelt Model or Romer; "Romr (1990)" and
    a near name before a note call are (the seeds' "Sabowski (« … »)¹")."""
    path = write(tmp_path, "a.md", "# Models of growth\n\nModels of growth were common. "
                 "Rome was not built in a day. As Romer (1990) argued, ideas matter, and "
                 "Romr (1990) agreed. Memory is a site (Nora, 112).\n\nAs Modell put it "
                 "(« a model »)[^1], models travel.\n\n[^1]: Ibid.\n\n## References\n\n"
                 "Model, Ann. *A history of models*. London: Verso, 2001.\n\n"
                 "NORA (Pierre), *Les Lieux de mémoire*, Paris, Gallimard, 1984.\n\n"
                 "Romer, P. (1990). Endogenous technological change. *Journal of Political "
                 "Economy*, 98(5), 71–102.\n\nKuhn, T. (1996 [1962]). *The structure of "
                 "scientific revolutions*. Chicago: University of Chicago Press.\n")
    _, extraction, findings, _ = run(path)
    assert ("Kuhn",) in [r.authors for r in extraction.references]
    unmatched = [(f.span.line, f.message.split("»")[0]) for f in findings
                 if f.kind == "citation-unmatched"]
    assert unmatched == [(3, "« Romr 1990 "), (5, "« Modell ")]


def test_notes_that_give_a_work_in_full_are_citations_of_it(tmp_path):
    """French notes–bibliography: a full first note is a citation (its work must be in
    the bibliography), "Ibid." and "op. cit." repeat a work given before, a quotation in
    a note is no title.  Names with Latin Extended-A letters (Ricœur) are names."""
    path = write(tmp_path, "a.md", """# La mémoire des lieux

Pierre Nora a décrit les lieux de mémoire[^1]. Il insiste sur leur fragilité[^2].
Halbwachs l'avait pressenti[^3], et Nora y revient[^4]. Le thème est repris par Ricœur[^5],
qui écrit[^6].

[^1]: Pierre Nora, *Les Lieux de mémoire*, Paris, Gallimard, 1984, p. 12.
[^2]: Ibid., p. 15.
[^3]: Maurice Halbwachs, *La Mémoire collective*, Paris, PUF, 1950.
[^4]: Nora, *Les Lieux…*, op. cit., p. 20.
[^5]: Paul Ricœur, *La Mémoire, l'histoire, l'oubli*, Paris, Seuil, 2000.
[^6]: Paul Ricœur (2000) : « La mémoire est un présent du passé », p. 3.

## Bibliographie

Halbwachs, Maurice. *La Mémoire collective*. Paris: PUF, 1950.

Nora, Pierre. *Les Lieux de mémoire*. Paris: Gallimard, 1984.
""")
    _, extraction, findings, _ = run(path)
    notes = [(c.authors, c.year) for c in extraction.citations if c.form == "note"]
    assert notes == [(("Nora",), "1984"), (("Halbwachs",), "1950"), (("Ricœur",), "2000")]
    # Note 6 cites the same missing work author–date: reported there too.
    assert [(f.kind, f.span.line) for f in findings] == [("citation-unmatched", 11),
                                                         ("citation-unmatched", 12)]
    assert "gives « Paul Ricœur, La Mémoire" in findings[0].message


def test_an_entry_the_parser_cannot_read_is_said_once(tmp_path):
    """An entry with no author, year or title found is "could not read this entry"
    (info), not incomplete plus uncited; an entry missing only its year is incomplete;
    a paragraph under the heading with no year nor address is no entry at all."""
    path = write(tmp_path, "a.md", "# Essay\n\nAs Smith (2004) showed.\n\n## References\n\n"
                 "Smith, J. (2004). A study of things. *Journal of Things*, 3, 1–10.\n\n"
                 "--- the archives of 1923: see the appendix for the full list ---\n\n"
                 "These are the works we drew on, and a few more for the curious reader.\n\n"
                 "Doe, J. An undated pamphlet. *Pamphlets*, 2.\n")
    _, _, findings, _ = run(path)
    # The paragraph with no year nor address is no entry at all: nothing said.
    assert [(f.kind, f.span.line, f.severity) for f in findings] == [
        ("reference-incomplete", 9, Severity.INFO), ("reference-incomplete", 13, Severity.WARNING),
        ("reference-uncited", 13, Severity.WARNING)]
    assert "could not read this entry" in findings[0].message


def test_duplicates_by_isbn_and_address_and_given_name_slips(tmp_path):
    """From AlexanderFabisch/gmr ("Sylcain Calinon" beside "Sylvain Calinon") and
    GuillermoBustosPerez/Backed-Flakes… ("Lilliane" beside "Liliane" Meignen): a given
    name spelt two ways for one family name is reported; initials, a longer form
    (Dan/Daniel), an accent (Maria/María) and two people (Marie/Maria) are not.  Two
    books with one ISBN, two pages with one address and title are one work; two
    chapters of one book share an ISBN and are not."""
    write(tmp_path, "refs.bib", """@article{calinon2007, author = {Sylcain Calinon and Aude Billard},
  title = {On Learning}, journal = {IEEE T-SMC}, year = {2007}}
@incollection{billard2008, author = {Billard, Aude and Calinon, Sylvain}, title = {Robot
  Programming}, booktitle = {Handbook}, publisher = {Springer}, year = {2008},
  isbn = {978-3-540-30301-5}}
@incollection{siciliano2008, author = {Siciliano, Bruno}, title = {Kinematics},
  booktitle = {Handbook}, publisher = {Springer}, year = {2008}, isbn = {978-3-540-30301-5}}
@article{a1, author = {Chacón, Maria and Roe, Dan and Poe, Marie}, title = {A}, journal = {J},
  year = {2019}}
@article{a2, author = {Chacón, María and Roe, Daniel and Poe, Maria and Doe, J.}, title = {B},
  journal = {J}, year = {2020}}
@book{b1, author = {Kuhn, Thomas}, title = {Structure}, publisher = {UCP}, year = {1962},
  isbn = {0-226-45808-3}}
@book{b2, author = {Kuhn, T.}, title = {The Structure of Scientific Revolutions},
  publisher = {University of Chicago Press}, year = {1970}, isbn = {0226458083}}
@online{w1, title = {Institutional members}, url = {https://www.tug.org/instmem.html}, year = {2017}}
@online{w2, title = {Institutional Members}, url = {http://tug.org/instmem.html/}, year = {2018}}
""")
    path = write(tmp_path, "a.md", "---\nbibliography: refs.bib\n---\n[@calinon2007; @billard2008; "
                 "@siciliano2008; @a1; @a2; @b1; @b2; @w1; @w2]\n")
    _, _, findings, _ = run(path)
    assert [(f.kind, f.span.line) for f in findings] == [
        ("metadata-mismatch", 1), ("reference-duplicate", 14), ("reference-duplicate", 17)]
    assert "« Sylcain » is « Sylvain »" in findings[0].message
    assert "same ISBN 0226458083" in findings[1].message
    assert "same address and title" in findings[2].message


def test_a_word_papers_tables_sections_and_own_analyses(tmp_path):
    """From dhicks/transparency (a Word paper): table cells ("163 (33%)", "Adjusted R²")
    are data; a Results section runs over its subsections; "Results revealed", "Table
    2: Regression analysis", "our a priori DAG analysis" name no source; "scientists
    who find…" and "Agency scientists" are no vague source; a work cited by its title
    ("“GSS Data Explorer” 2022") is cited; a phrase quoted as an example is no source."""
    from docx_maker import write_docx

    paragraphs = [
        ("Title", [("text", "Values disclosures and trust in science")]),
        ("Heading1", [("text", "Results")]),
        ("Heading2", [("text", "H1: Correlation between values and ideology")]),
        (None, [("text", "Results revealed that slightly more than half of the conservatives "
                         "in our sample valued economic growth (51.7%) over public health.")]),
        ("TableCell", [("text", "163 (33%)")]),
        ("TableCell", [("text", "Adjusted R²")]),
        (None, [("text", "Table 2: Regression analysis for hypotheses H2 and H3.")]),
        ("Heading1", [("text", "Discussion")]),
        (None, [("text", "Our a priori DAG analysis and the checks do not indicate bias. "
                         "About 30% of US adults identify as liberal (“GSS Data Explorer” "
                         "2022). Scientists who find that a chemical harms health are "
                         "perceived as more trustworthy. Claims could be attributed to "
                         "institutions, such as “a report published by the American "
                         "Petroleum Institute.” Environmental Protection Agency scientists "
                         "say so.")]),
        ("Heading1", [("text", "References")]),
        (None, [("text", "“GSS Data Explorer.” 2022. NORC at the University of Chicago. "
                         "https://gssdataexplorer.norc.org/variables/178/vshow")]),
    ]
    path = write_docx(tmp_path / "paper.docx", paragraphs)
    _, extraction, findings, _ = run(path)
    assert [c.form for c in extraction.citations] == ["title"]
    assert findings == []


def test_raw_latex_floats_dimensions_chapter_numbers_and_entries_without_venue(tmp_path):
    """From AnkitBarik/planetMagFields: a raw LaTeX figure in Markdown is no prose, and
    "at 85\\% of the planetary radius" is a setting; its .bib keeps Elsevier's chapter
    numbers in two titles ("36 - ParaView…", "Chapter 6 - …").  From wchalstead/usdai:
    an entry that stops at its title gives no venue.  A statistic, a title that starts
    with a number in a journal, and a complete entry are unaffected."""
    write(tmp_path, "paper.bib", """@incollection{Ahrens2005, author = {Ahrens, James},
  title = {36 - ParaView: An End-User Tool}, booktitle = {Visualization Handbook},
  publisher = {Elsevier}, year = {2005}}
@article{Ding2006, author = {Ding, M.}, title = {17 Granger causality: basic theory},
  journal = {Handbook of time series analysis}, year = {2006}}
@article{Orwell, author = {Roe, A.}, title = {1984 Revisited}, journal = {Novel Studies},
  year = {2001}}
""")
    path = write(tmp_path, "paper.md", """---
bibliography: paper.bib
---
# Fields

We plot the field [@Ahrens2005; @Ding2006; @Orwell] at 85\\% of the planetary radius.

\\begin{figure}
\\caption{The field at a depth of 85\\% of the planetary radius, and 40\\% more.}
\\end{figure}

Magnetic storms rose by 40\\% in 2020.
""")
    _, _, findings, _ = run(path)
    assert [(f.kind, Path(f.span.path).name, f.span.line) for f in findings] == [
        ("figure-unsourced", "paper.md", 12), ("metadata-mismatch", "paper.bib", 1),
        ("metadata-mismatch", "paper.bib", 4)]
    readme = write(tmp_path, "README.md", """# usdai

See Wang and Shao (2020) and Kim and Ramdas (2024).

## References

Kim, Ilmun, and Aaditya Ramdas. 2024. “Dimension-Agnostic Inference Using Cross
u-Statistics.” *Bernoulli* 30 (1): 683–711.

Wang, Runmin, and Xiaofeng Shao. 2020. “Hypothesis Testing for High-Dimensional Time
Series via Self-Normalization.”
""")
    _, _, findings, _ = run(readme)
    assert [(f.kind, f.span.line) for f in findings] == [("reference-incomplete", 10)]
    assert "no venue" in findings[0].message


def test_pandoc_html_in_note_style_with_drifted_keys(tmp_path):
    """From ujubib/TestsPandoc's thesis rendered with a re-exported bibliography: Pandoc
    printed each unresolved key in bold in the notes ("**kristof…2004?**"); italics
    and bold are read as Markdown writes them; a formatted note's remark after its page
    ("…, 2017, p. 542. La citation … paru en 1876.") is not its year."""
    page = write(tmp_path, "m.html", """<html><body>
<p>Elle écrit<a href="#fn1" class="footnote-ref" id="fnref1"><sup>1</sup></a> et
revient<a href="#fn2" class="footnote-ref" id="fnref2"><sup>2</sup></a>.</p>
<div id="refs" class="references csl-bib-body" role="list">
<div id="ref-jeannelle2017" class="csl-entry">Jeannelle, Jean-Louis, « Mémoires », in
<em>Dictionnaire de l’autobiographie</em>, Paris, Honoré Champion, 2017.</div>
</div>
<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">
<ol>
<li id="fn1"><p><a href="#ref-kristof2004" role="doc-biblioref"><strong>kristof2004?</strong></a>
<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
<li id="fn2"><p>Jean-Louis Jeannelle, article « Mémoires », in <em>Dictionnaire de
l’autobiographie</em>, Paris, Honoré Champion, 2017, p. 542. La citation est extraite du
<em>Dictionnaire universel</em> paru en 1876.
<a href="#fnref2" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
</ol>
</section>
</body></html>
""")
    _, extraction, findings, _ = run(page)
    assert [(c.form, c.key or c.year) for c in extraction.citations
            if c.form in {"unresolved", "note"}] == [("unresolved", "kristof2004"),
                                                     ("note", "2017")]
    assert [(f.kind, f.severity) for f in findings] == [("citation-unmatched", Severity.ERROR)]


def test_an_unresolved_key_without_digits_capitalised_in_a_note(tmp_path):
    """From the same thesis: Pandoc capitalised "Atilf-cnrs…TLFiTresorLangue?" at the
    start of a note, a Better BibTeX key with no digit: its inner capitals make it a key.
    A bold "**Pourquoi ?**" or "**Why?**" in the prose is no key."""
    page = write(tmp_path, "m.html", """<html><body>
<p><strong>Why?</strong> Elle écrit<a href="#fn1" class="footnote-ref"
id="fnref1"><sup>1</sup></a>.</p>
<div id="refs" class="references csl-bib-body" role="list">
<div id="ref-jeannelle2017" class="csl-entry">Jeannelle, Jean-Louis, « Mémoires », in
<em>Dictionnaire de l’autobiographie</em>, Paris, Honoré Champion, 2017.</div>
</div>
<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">
<ol>
<li id="fn1"><p><a href="#ref-atilfTLFiTresorLangue"
role="doc-biblioref"><strong>AtilfTLFiTresorLangue?</strong></a>
<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
</ol>
</section>
</body></html>
""")
    _, extraction, findings, _ = run(page)
    assert [(c.form, c.key) for c in extraction.citations] == [
        ("unresolved", "AtilfTLFiTresorLangue")]
    assert [f.kind for f in findings] == ["citation-unmatched"]  # jeannelle2017: nocite


def test_academic_computations_idioms_and_arithmetic_are_no_figures(tmp_path):
    """A paper's own computations ("87% of posterior samples"), idioms ("a million
    reasons", "cent fois") and arithmetic ("50% of 10") need no source; a statistic
    about the world, in the same shapes, still does."""
    path = write(tmp_path, "a.md", "# Notes\n\nThe posterior puts 87% of samples above zero. "
                 "There are a million reasons to love it, je l'ai dit cent fois. For "
                 "example, 50% of 10 is 5.\n\nYet 40% of households own a bicycle, and two "
                 "million people ride one daily.\n")
    _, _, findings, _ = run(path)
    assert [f.evidence.get("figure") for f in findings] == ["40%", "two million"]


def test_a_name_spelt_with_other_accents_than_its_entry(tmp_path):
    """"Ricoeur (2000)" for the entry "Ricœur": resolved (ligatures fold), and reported
    once as two spellings; "Gödel" as listed, and "NORA"/"Nora" (case), say nothing."""
    path = write(tmp_path, "a.md", "# Mémoire\n\nComme l'écrit Ricoeur (2000), la mémoire "
                 "ruse. Nora (1984) le montre, et Gödel (1931) aussi.\n\n## Bibliographie\n\n"
                 "Ricœur, Paul. 2000. *La Mémoire, l'histoire, l'oubli*. Paris : Seuil.\n\n"
                 "NORA, Pierre. 1984. *Les Lieux de mémoire*. Paris : Gallimard.\n\n"
                 "Gödel, Kurt. 1931. « Über formal unentscheidbare Sätze ». *Monatshefte*, "
                 "38, 173–198.\n")
    _, _, findings, _ = run(path)
    assert [(f.kind, f.span.line, f.suggestion) for f in findings] == [
        ("metadata-mismatch", 3, "Ricœur")]


def test_a_list_nothing_cites_is_a_bibliography_page(tmp_path):
    """From grolimur/markdown-et-gitbook: a book's "Bibliographie" chapter cites nothing
    itself: its entries are not "uncited".  A French "Citations" section holds
    quotations, not entries."""
    page = write(tmp_path, "bibliographie.md", "# Bibliographie\n\nCette liste fournit les "
                 "références des ouvrages cités et des lectures supplémentaires.\n\nGRUBER, "
                 "John, 2013. Markdown Syntax Documentation. In : *Daring Fireball* [en ligne]. "
                 "<http://daringfireball.net/projects/markdown/syntax>\n")
    _, _, findings, _ = run(page)
    assert findings == []
    quotes = write(tmp_path, "citations.md", "# Citations\n\nLes citations se balisent "
                   "ainsi :\n\n> Ceci est une citation de 2019 sur plusieurs lignes, "
                   "assez longue.\n")
    _, extraction, findings, _ = run(quotes)
    assert extraction.references == () and findings == []


def test_a_numbered_heading_holds_no_bare_call(tmp_path):
    """From ujubib/quarto_thesis: "### Séjour 1", "### Séjour 2" (Markdown and as its
    HTML's standalone headings) are no calls of notes 1 and 2; a bare call in prose
    still is."""
    path = write(tmp_path, "p2.txt", "Terrain\n\nSéjour 1\n\nNous sommes arrivés le matin.\n\n"
                 "Séjour 2\n\nLe village compte une école, selon le maire¹.\n\nNotes\n\n"
                 "1. Entretien du 3 mai.\n")
    _, extraction, findings, _ = run(path)
    assert [m.span.line for m in extraction.markers] == [9]
    assert findings == []
    md = write(tmp_path, "p2.md", "---\ntitle: Terrain\n---\n\n## Observations\n\n### Séjour 1\n\n"
               "### Séjour 2\n")
    _, extraction, findings, _ = run(md)
    assert extraction.markers == () and findings == []


def test_latex_code_environments_and_instructions_to_the_reader(tmp_path):
    """From quarto-journals/jss's style guide (``CodeInput``/``CodeOutput`` with "145
    degrees of freedom") and EricMarcon/memoiR ("Note that **knitr** shows the value"):
    code output is no prose, and an instruction names no source."""
    tex = write(tmp_path, "a.tex", "\\documentclass{article}\n\\begin{document}\n"
                "We fit a model.\n\\begin{CodeOutput}\n    Null deviance: 235.23  on 145  "
                "degrees of freedom\n\\end{CodeOutput}\nProfits rose by 40\\% last year.\n"
                "\\end{document}\n")
    _, _, findings, _ = run(tex)
    assert [f.evidence.get("figure") for f in findings] == ["40%"]
    md = write(tmp_path, "b.md", "# Tables\n\nNote that **knitr** shows the value of the "
               "text reference in the chunk below.\n")
    _, _, findings, _ = run(md)
    assert findings == []


def test_worked_examples_test_levels_and_knitr_code_are_no_figures(tmp_path):
    """From Lakens/EquivalenceTestingForPsychologicalScience (papaja R Markdown):
    "Imagine a researcher…" opens a worked example whose figures run on in its
    paragraph; "(e.g. 0.5 points on a 7-point scale)", "an alpha level of 5%", "If
    grades were set at … 6.25%" and knitr's inline `r …` code are no claims; a statistic
    in a paragraph of its own still needs a source."""
    path = write(tmp_path, "m.Rmd", """# Introduction

Imagine a researcher who studies enrolment. We should not expect 50% of participants to
be boys, so approximately 50.74% of applicants should be boys.

Bounds can be raw differences (e.g. 0.5 points on a 7-point scale). In any one-sided test,
for an alpha level of 5%, we reject the null. If grades were set at every 6.25% increase,
the bounds would follow. They observed that `r printnum(selfish*100)`\\% of participants
took the reward.

Only 12% of psychology studies are replicated.
""")
    _, _, findings, _ = run(path)
    assert [f.evidence.get("figure") for f in findings] == ["12%"]


def test_jekyll_scholar_cite_tags_against_the_sites_bibliography(tmp_path):
    """As alshedivat/al-folio's sample post cites (jekyll-scholar): ``{% cite key %}``,
    several keys, ``-l`` locators, against ``_bibliography/references.bib`` found from
    ``_config.yml``; a misspelt key is an error with the nearest key; other Liquid tags
    stay no prose; the site's uncited entries are not reported."""
    write(tmp_path, "_config.yml", "title: blog\nscholar:\n  style: apa\n")
    (tmp_path / "_bibliography").mkdir()
    write(tmp_path, "_bibliography/references.bib",
          "@article{einstein1905, author={Einstein, Albert}, title={On the electrodynamics}, "
          "journal={Annalen der Physik}, year={1905}}\n@book{einstein1950meaning, author="
          "{Einstein, Albert}, title={The Meaning of Relativity}, publisher={Princeton}, "
          "year={1950}}\n@book{bohr1934, author={Bohr, Niels}, title={Atomic Theory}, "
          "publisher={CUP}, year={1934}}\n")
    (tmp_path / "_posts").mkdir()
    post = write(tmp_path, "_posts/2023-07-12-post.md", "---\nlayout: post\ntitle: a post\n---\n"
                 "A citation {% cite einstein1950meaning %}, two {% cite einstein1950meaning "
                 "einstein1905 %}, a locator {% cite einstein1905 -l 23 %}, a typo {% cite "
                 "einstein1950meanin %}.\n\n{% bibliography --cited %}\n")
    _, extraction, findings, _ = run(post)
    assert [(c.key, c.locator) for c in extraction.citations] == [
        ("einstein1950meaning", None), ("einstein1950meaning", None), ("einstein1905", None),
        ("einstein1905", "23"), ("einstein1950meanin", None)]
    assert [(f.kind, f.span.line, f.suggestion) for f in findings] == [
        ("citation-unmatched", 5, "@einstein1950meaning")]
    assert "(missing reference)" in findings[0].message


def test_a_given_name_written_twice_in_a_bib(tmp_path):
    """From a JOSS paper's .bib: "Don H. Dan H Johnson" (a reference manager merged two
    spellings of one author) prints both; "Dan E Dudgeon", "John H. Smith", "Anne-Marie
    K. Lee" and "Lee, Jean P. Paul" are ordinary names."""
    write(tmp_path, "paper.bib", "@book{johnson1993,\n  author = {Don H. Dan H Johnson and "
          "Dan E Dudgeon},\n  title = {Array Signal Processing},\n  publisher = {Prentice "
          "Hall},\n  year = {1993}\n}\n@book{smith2000,\n  author = {John H. Smith and "
          "Anne-Marie K. Lee and Lee, Jean P. Paul},\n  title = {Other},\n  publisher = {Seuil},\n"
          "  year = {2000}\n}\n")
    paper = write(tmp_path, "paper.md", "---\nbibliography: paper.bib\n---\n\n# Paper\n\n"
                  "As shown [@johnson1993; @smith2000].\n")
    _, _, findings, _ = run(paper)
    assert [(f.kind, f.span.line, f.evidence.get("twice")) for f in findings] == [
        ("metadata-mismatch", 1, "Don H. Dan H")]


def test_an_author_written_inverted_is_shown_by_another_entry(tmp_path):
    """From a JOSS paper's .bib: "Russell, Rew" while another entry has "Rew, R.": the
    same person, family and given name swapped.  "Davis, Glenn" beside "Glenn, D." in
    a bibliography that also has another Davis is left alone (two people may be meant),
    and so is a name no other entry inverts."""
    write(tmp_path, "paper.bib", "@misc{netcdf,\n  author = {Russell, Rew and Hartnett, "
          "Edward},\n  title = {NetCDF},\n  year = {2018},\n  url = {https://x.org}\n}\n"
          "@article{rew1990,\n  author = {Rew, R. and Davis, G.},\n  title = {NetCDF: an "
          "interface},\n  journal = {IEEE CGA},\n  year = {1990}\n}\n@article{davis2001,\n"
          "  author = {Davis, Glenn and Glenn, D.},\n  title = {Other},\n  journal = {J},\n"
          "  year = {2001}\n}\n")
    paper = write(tmp_path, "paper.md", "---\nbibliography: paper.bib\n---\n\n# Paper\n\n"
                  "As shown [@netcdf; @rew1990; @davis2001].\n")
    _, _, findings, _ = run(paper)
    assert [(f.kind, f.span.line, f.suggestion) for f in findings] == [
        ("metadata-mismatch", 1, "Rew, Russell")]
