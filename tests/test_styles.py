"""Bibliographies in other styles: APA, ISO 690, IEEE, Pandoc/BibTeX, HTML."""

from __future__ import annotations

from conftest import DATA, run, write


def test_apa_entries_and_citations():
    _, x, findings, _ = run(DATA / "apa_en.md")
    refs = {(r.authors, r.year): r for r in x.references}
    assert len(x.references) == 7
    bloom = refs[(("Bloom",), "2015")]
    assert bloom.title == "Does working from home work? Evidence from a Chinese experiment"
    assert bloom.container == "The Quarterly Journal of Economics"
    assert (bloom.volume, bloom.issue, bloom.pages) == ("130", "1", "165-218")
    assert refs[(("Choudhury", "Foroughi", "Larson"), "2021")].doi == "10.1002/smj.3251"
    assert (("Barrero", "Bloom", "Davis"), "2021") in refs
    kinds = sorted((f.kind, f.text) for f in findings)
    assert kinds == [
        ("citation-unmatched", "Bloom, 2016"),
        ("citation-unmatched", "Smith, 2019"),
        ("reference-uncited", kinds[2][1]),
    ]
    wrong_year = next(f for f in findings if f.text == "Bloom, 2016")
    assert wrong_year.suggestion == "Bloom 2015"


def test_iso690_french():
    _, x, findings, _ = run(DATA / "iso690_fr.txt")
    first = [(r.authors, r.year, r.title, r.publisher) for r in x.references]
    assert first[0] == (("Cardon",), "2015",
                        "À quoi rêvent les algorithmes : nos vies à l'heure des big data", "Seuil")
    assert first[1][:3] == (("Casilli",), "2019",
                            "En attendant les robots : enquête sur le travail du clic")
    assert x.references[2].authors == ("Le Gall", "Martin")
    assert x.references[2].container == "Revue française de sociologie"
    assert (x.references[2].volume, x.references[2].issue) == ("61", "3")
    incomplete = [f for f in findings if f.kind == "reference-incomplete"]
    assert len(incomplete) == 1 and incomplete[0].evidence["missing"] == ["year"]
    # "Le Gall et Martin (2020)" and "(Cardon 2015)" resolve.
    assert not [f for f in findings if f.kind == "citation-unmatched"]


def test_ieee_numbered():
    _, x, findings, resolved = run(DATA / "ieee_en.txt")
    assert [r.number for r in x.references] == ["1", "2", "3", "4", "5"]
    assert x.references[2].authors == ("Prasad", "Kaur", "Kan")
    assert x.references[2].container == "Int. J. Digit. Libr"
    assert x.references[1].doi == "10.1007/978-3-642-04346-8_62"
    assert resolved[:4] == ["r1", "r2", "r3", "r4"]
    assert sorted(f.kind for f in findings) == ["citation-unmatched", "reference-uncited"]


def test_pandoc_with_bib(tmp_path):
    _, x, findings, resolved = run(DATA / "pandoc.md")
    assert [c.key for c in x.citations] == [
        "shumailov2023", "alemohammad2023", "sadowski2020", "sadowsky2020", "sadowski2020"]
    assert resolved[3] is None
    kinds = {f.kind: f for f in findings}
    assert kinds["citation-unmatched"].suggestion == "sadowski2020"
    assert kinds["footnote-missing"].evidence["label"] == "2"
    assert kinds["footnote-unused"].evidence["label"] == "3"
    assert "reference-uncited" not in kinds  # a .bib is a database


def test_html_document(tmp_path):
    path = write(tmp_path, "page.html", (
        "<html><head><title>T</title></head><body>\n<p>Un chiffre (Dupont 2020)<sup>1</sup>"
        " et <a href=\"https://example.org/x?a=1&amp;b=2\">un lien</a>.</p>\n"
        "<h2>Bibliographie</h2>\n<ul><li>Dupont, Jean. 2020. <em>Un livre</em>. Paris : Seuil.</li>"
        "</ul>\n</body></html>\n"
    ))
    _, x, findings, resolved = run(path)
    assert [r.authors for r in x.references] == [("Dupont",)]
    assert resolved == ["r1"]
    assert [link.url for link in x.links] == ["https://example.org/x?a=1&b=2"]
    assert x.links[0].span.line == 2
    assert [f.kind for f in findings] == ["footnote-missing"]


def test_undelimited_titles_lose_what_runs_on_after_them():
    """Titles with no quotes or italics (physics and OCR'd lists) end where a journal
    abbreviation, an identifier, an edition or a publisher in brackets begins.  Strings
    of our own, in the shapes seen in arXiv/INSPIRE bibliographies."""
    from citecheck.extract.references import parse_entry

    cases = {
        "R. Ortiz and K. Baum, Thermal drift in layered oxides .Appl .Surf .Sci .,412 :90-97,2019 .":
            "Thermal drift in layered oxides",
        "T. Nakamura, Boundary terms in lattice gauge models (arXiv:1902.01234 [hep-lat])":
            "Boundary terms in lattice gauge models",
        "L. Moreau. Spectral methods for coupled oscillators.Nonlinear Dynamics ,88 :12-31,2017 .":
            "Spectral methods for coupled oscillators",
        "P. Duval, Statistical Optics, 2nd edn. (Wiley, 2015).": "Statistical Optics",
        "A. Kowalski, Waves in Plasmas: An Introduction (Oxford University Press, Oxford, 2003).":
            "Waves in Plasmas: An Introduction",
        "S. Brandt, Skyrmions, Phys. Lett. B 412, 88 (2004).": "Skyrmions",
        # After a collaboration or "et al." (with "(eds.)"), the title; then an IOP-style
        # "year JOURNAL volume page", a spaced journal, or a report number and its year.
        "CMS collaboration, Performance of the muon trigger at high luminosity, 2012 JINST 7 "
        "P10002.": "Performance of the muon trigger at high luminosity",
        "Auger collaboration, R. Silva et al., Measurement of the cosmic ray spectrum above 3 "
        "EeV ,Phys .Lett .B 845 ( 2023)138124 [ arXiv:2301.00001].":
            "Measurement of the cosmic ray spectrum above 3 EeV",
        "F. Rossi et al. (eds.), Future Circular Collider Study: Conceptual Design Report "
        ",CERN -2019-007( CERN,Geneva ,2019 ).":
            "Future Circular Collider Study: Conceptual Design Report",
        # A book title with commas, then its "(Publisher, Place, Year)".
        "T. Laurent, Tides and Currents: Physics, Chemistry, and Life in the Estuary (Ocean "
        "Books, Halifax, 1987).": "Tides and Currents: Physics, Chemistry, and Life in the Estuary",
        # A title run on into a spaced journal and its volume is still a title.
        "A. Martin and B. Weber, Boundary conditions for rotating membranes revisited .Phys "
        ".Rev .D 81 ( 2010),044012 .": "Boundary conditions for rotating membranes revisited",
    }
    for raw, title in cases.items():
        assert parse_entry(raw).get("title") == title, raw
    # A journal reference is not a title.
    for raw in ("M. Ito and J. Park, Living Rev. Rel. 12, 4 (2010).",
                "K. Sato, Journal of Chemical Physics 12, 45 (1999).",
                "Q. Zhu, R. Wang et al., Phys .Rev .C ,95 ( 2017)034601 ."):
        assert parse_entry(raw).get("title") is None, raw
    # A person's title and initials inside a title are not a journal ("Dr. H. Coiffait").
    kept = parse_entry("Roux P. 2011. Beetles collected by Dr. H. Martin in Gabon. Bull. Soc. 7:1-9.")
    assert "Dr. H. Martin" in str(kept.get("title"))
