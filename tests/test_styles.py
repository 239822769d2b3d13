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
    assert x.title == "Pandoc citations"  # from the YAML front matter
    assert [c.key for c in x.citations] == [
        "shumailov2023", "alemohammad2023", "sadowski2020", "sadowsky2020", "sadowski2020"]
    assert resolved[3] is None
    kinds = {f.kind: f for f in findings}
    assert kinds["citation-unmatched"].suggestion == "@sadowski2020"
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


def test_html_ordered_lists_hold_notes_and_numbered_references(tmp_path):
    """An ``<ol>`` of notes answers the ``<sup>`` calls, and an ``<ol start="3">`` of
    references is numbered from 3, as a browser shows them."""
    path = write(tmp_path, "page.html", (
        "<html><body><p>Half of teachers use chatbots<sup><a href=\"#fn1\">1</a></sup>, "
        "as [3] and [4] found.</p>\n<ol class=\"footnotes\"><li id=\"fn1\">Trends Report, "
        "2024, p. 4.</li></ol>\n<h2>References</h2>\n<ol start=\"3\">"
        "<li>J. Smith, \"Machines in class,\" <i>Comput. Educ.</i>, vol. 1, pp. 1-9, 2023.</li>"
        "<li>A. Brown, \"Chatbots and homework,\" <i>Comput. Educ.</i>, vol. 2, pp. 3-8, 2022."
        "</li></ol></body></html>\n"))
    _, x, findings, resolved = run(path)
    assert [(m.label, x.note_pairs.get(i) is not None) for i, m in enumerate(x.markers)] == [
        ("1", True)]
    assert [r.number for r in x.references] == ["3", "4"]
    assert resolved == ["r1", "r2"]
    assert not findings


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


def test_titles_of_several_sentences_and_chapters_without_a_title():
    """Natural-history entries run several sentences of title before "Journal 57:74-77";
    proceedings entries with no title of their own are titled by their book.  Strings of
    our own, in the shapes of zoological and physics bibliographies."""
    from citecheck.extract.references import parse_entry

    cases = {
        # Every sentence between the year and the journal (even one cut into abbreviations).
        "Morel A. 1931. Notes sur les Carabiques du Maroc. II. Description de deux espèces "
        "nouvelles. Bull. Soc. Sci. Nat. Maroc 11:45-52.":
            "Notes sur les Carabiques du Maroc. II. Description de deux espèces nouvelles",
        "Hale, T. and P. van der Berg. 1998. A revision of the genus Tettix. Part one. "
        "Journal of Orthoptera Research, 7: 11-40.":
            "A revision of the genus Tettix. Part one",
        # ".," closes a title that ends with a full stop.
        "Vidal J, 1902. Catalogue des mollusques. Deuxième partie. Gastéropodes., Revue "
        "de Zoologie, Série 2, 4:10-60.":
            "Catalogue des mollusques. Deuxième partie. Gastéropodes",
        # A title given only in translation, in square brackets.
        "Ionescu V. 1961. [On the ground beetles of the Danube delta.] Studii si Cercetari "
        "Biologice. Seria Zoologie, 13:201-215.": "On the ground beetles of the Danube delta",
        # No title of its own: the book, whether the editors come first or last.
        "K. Wolff, in: P. Grant, et al. (Eds.), Topics in Lattice Field Theory, Elsevier, "
        "2001, p. 77.": "Topics in Lattice Field Theory",
        "R. Hall. In Neutrino Physics 2004 (Paris, May 2004), eds.: J. Durand and L. Petit, "
        "Springer, 2005, p. 12.": "Neutrino Physics 2004",
        "S. Okafor. In M. Lund and T. Berg, editors, Proc. of the Workshop on Cold Atoms, "
        "Oslo, 2012.": "Proc. of the Workshop on Cold Atoms",
    }
    for raw, title in cases.items():
        assert parse_entry(raw).get("title") == title, raw
    # A particle in the last name does not end the author list.
    fields = parse_entry("Ruiz, M., L. Petit and A. Gomez de la Fuente. 2011. Les fourmis de "
                         "Corse. Bulletin de la Société entomologique de France, 116: 5-20.")
    assert (fields["authors"][-1], fields["year"], fields["title"]) == (
        "Gomez de la Fuente", "2011", "Les fourmis de Corse")
    # An "In" with no editors is a title ("In the Shadow of …"), and a chapter's own title
    # is kept before its "In … (Ed.), Book".
    assert parse_entry("Okri, B. (1991). In the shadow of the forest. Journal of African "
                       "Letters, 3(2), 10-20.")["title"] == "In the shadow of the forest"
    assert parse_entry("Lee, K. (2010). Coral bleaching. In A. Moss (Ed.), Reefs (pp. 1-20). "
                       "Wiley.")["title"] == "Coral bleaching"
    # A long capitalised part among initials-first names is a title, not one more name.
    fields = parse_entry("P. Ross and L. Chen, Future Circular Electron Collider Design Study, "
                         "CERN Report (2019) 3.")
    assert fields["authors"] == ("Ross", "Chen")
    # arXiv numbers and page numbers are not years; a year in brackets is.
    assert parse_entry("T. Kato, Phys. Rev. D 90 (2014) 034512, arXiv:1405.01234.")["year"] == "2014"
    assert parse_entry("A. Novak, Nucl. Instrum. Meth. 58( 2011)1845 .")["year"] == "2011"


def test_author_lists_in_looser_shapes():
    """Names with a full middle name, no space after an initial, OCR's "I .Name", a
    particle first, names written out before an "et al", a full stop between two names;
    then the title after them.  Strings of our own."""
    from citecheck.extract.references import parse_entry

    cases = {
        "R. Okafor, T. J. Marcus Lee, and P. Ivanova,Quantum dots in strong fields , Phys. "
        "Rev.Lett .99 ,020301 (2007 ) .": ("Okafor", "Quantum dots in strong fields"),
        "J. van Rijn, Thermodynamics of Small Systems (Dover Publications, 2004).":
            ("van Rijn", "Thermodynamics of Small Systems"),
        "K. Sato, L.Moreau ,I .Petrov -Smith,E .Nagy, Cold neutron imaging with boron layers, "
        "Journal of Imaging 3(2018) P01002 .": ("Sato", "Cold neutron imaging with boron layers"),
        "B. K. Rao, Anil Mehta, Sunita Verma et al, Nucl. Instrum. Meth. A,83 :1033 ( 2012)":
            ("Rao", None),
        "P. Girard. L. Moulin and A. Roche, Ecoulement diphasique dans les tubes verticaux, "
        "Revue de Mécanique, 12 (1999) 45-60.":
            ("Girard", "Ecoulement diphasique dans les tubes verticaux"),
        # Vancouver: family name and initials, a full stop, then the title.
        "Okoro AB, Lindqvist C. Sleep and memory in older adults. J Clin Neurosci. "
        "2003;10(2):45-50.": ("Okoro", "Sleep and memory in older adults"),
    }
    for raw, (first, title) in cases.items():
        fields = parse_entry(raw)
        assert (fields["authors"][0], fields.get("title")) == (first, title), raw
    # A formula's comma stays in the title; ", Proceedings of …" and an ISBN do not.
    assert parse_entry("D. Ortiz, Anomalies in N = 2, D = 6 gauge theories, Nucl.Phys .B 812 "
                       "( 2009)101 .")["title"] == "Anomalies in N = 2, D = 6 gauge theories"
    assert parse_entry("T. Weiss et al., Boron coated straws for neutron detection, Proceedings "
                       "of Science (TIPP2014) 101.")["title"] == "Boron coated straws for neutron detection"
    assert "ISBN" not in str(parse_entry("Guide to the Birds of Chile, 2010, ISBN 978-3-16-148410-0."))
    # A subtitle after a full stop ("An introduction, Publisher"), and a comma before a
    # lower-case word, stay in the title; "preprint" after a comma does not.
    assert parse_entry("K. Maurin and P. Roux, Sobolev spaces. An introduction, Springer, Berlin, "
                       "1981.")["title"] == "Sobolev spaces. An introduction"
    assert parse_entry("L. Varga, Analytical Mechanics, selected chapters for the students of "
                       "Physics ,Szeged University ,1984 .")["title"] == (
        "Analytical Mechanics, selected chapters for the students of Physics")
    assert parse_entry("A. Roy and B. Sen, Twisted sheaves on surfaces, preprint, "
                       "arXiv:1701.01234.")["title"] == "Twisted sheaves on surfaces"
    # No authors: the title comes first and an editor follows.
    fields = parse_entry("Special Issue on Dense Nuclear Matter, edited by P. Lenz et al., Eur. "
                         "Phys. J. A 12 (2019) 4.")
    assert (fields["authors"], fields["title"]) == ((), "Special Issue on Dense Nuclear Matter")
    # "arXiv e-prints" (also glued by OCR) is where a preprint lives, not its title.
    for where in ("ArXiv e-prints", "ArXive -prints"):
        assert "title" not in parse_entry(f"Okafor, B., Lin, T., et al. 2019, {where}, "
                                          "arXiv:1903.01234"), where
    # An arXiv number is not a year, nor is a page number after a year in brackets.
    for raw, year in {
        "K. Lund and P. Berg, Revisiting neutrino masses, Phys. Rev. D88 (2013) 014002, "
        "arXiv:1305.04567.": "2013",
        "R. Kim, T. Park, Fast tracking on GPUs, IEEE Trans. Nucl. Sci. 61( 2014)1877 .": "2014",
        "Okafor B, Lin T and Berg P2018 ApJ 806 L16 ( Preprint 1712. 03756)": "2018",
        "T. Berg, Neutrino oscillations at low energy, PhD thesis, Uppsala University, 2014, "
        "1712.05678.": "2014",
    }.items():
        assert parse_entry(raw)["year"] == year, raw
    # A year after a comma is not the end of a one-sentence corporate author.
    thesis = parse_entry("T. Berg, Neutrino oscillations at low energy, PhD thesis, Uppsala "
                         "University, 2014, 1712.05678.")
    assert (thesis["authors"], thesis["title"]) == (("Berg",), "Neutrino oscillations at low energy")


def test_chemistry_springer_and_translated_shapes():
    """ACS "Family, I. J.; Family, K. Title.", old Springer "Family I.J., Family K.: Title.",
    "Family, I., Title, Journal, year", German quotes, a subtitle after the year's full
    stop, and the tails that follow a title (translator, chapter, kind of document).
    Strings of our own."""
    from citecheck.extract.references import parse_entry

    cases = {
        "Moreno, L. A.; Tanaka, H.; Weiss, P. R. A Fast Mixing Cell for Stopped-Flow Kinetics. "
        "J. Phys. Chem. 1999, 103, 2201–2205.":
            ("Moreno", "1999", "A Fast Mixing Cell for Stopped-Flow Kinetics"),
        "Okafor B.T., Lindqvist C., Ruiz M.: Nitrogen uptake by maize roots under drought. "
        "Plant Soil 212: 33–41, 1999.":
            ("Okafor", "1999", "Nitrogen uptake by maize roots under drought"),
        "Petrov, A.V., Stability of thin shells under axial loads, Mech. Solids, 2011, vol. 46, "
        "no. 2, p. 210.": ("Petrov", "2011", "Stability of thin shells under axial loads"),
        "Lind, K. R., , The drift of ice floes in the Barents Sea, J. Glaciol., 21, 101-110 1978,":
            ("Lind", "1978", "The drift of ice floes in the Barents Sea"),
        "Krüger, Hans. 1988. „Die Stadt als Bühne“. Merkur 42 (3): 12–20.":
            ("Krüger", "1988", "Die Stadt als Bühne"),
        "Weber, Anna, »Gärten der Aufklärung,« Zeitschrift für Kunstgeschichte (1995).":
            ("Weber", "1995", "Gärten der Aufklärung"),
        "Mead, Laura, und Hans Berg. 1951.Village life. A study of two valleys. London: Tavistock.":
            ("Mead", "1951", "Village life. A study of two valleys"),
        "Rossi M. L'Europe des jardins, translated by J. Smith. Paris: Seuil, 1990.":
            ("Rossi", "1990", "L'Europe des jardins"),
        "Berg P.L., Root growth in cold soils, in: Lund A.J. (Ed.), Soils of the North, CRC Press, "
        "1988.": ("Berg", "1988", "Root growth in cold soils"),
        "Martin, L.: Sheaves and Schemes, lecture notes. Université de Lille.":
            ("Martin", None, "Sheaves and Schemes"),
        " P. R. Kahn , Infrared Spectroscopy , Wiley , London , 1981 ":
            ("Kahn", "1981", "Infrared Spectroscopy"),
        "de Wit L, Okafor B, et al. Cardiac fibrosis in diabetes. Circulation. 2010;121(2):40–9.":
            ("de Wit", "2010", "Cardiac fibrosis in diabetes"),
    }
    for raw, (first, year, title) in cases.items():
        fields = parse_entry(raw)
        assert (fields["authors"][0], fields.get("year"), fields.get("title")) == (
            first, year, title), raw
    # French quotes around "»" and "«" text are not read as a German quote.
    fields = parse_entry("Dupont, Jean. 2020. « Un titre » et « Un autre ». Revue 3 (2): 1-9.")
    assert fields["title"] == "Un titre"


def test_inline_html_and_capitalised_particles():
    """Inline HTML in an entry (Markdown allows it; web pages and deposits carry it): an
    ``<i>`` title stays delimited and other tags go.  Capitalised particles ("Van der")
    and a lower-case one inside a long inverted list.  Strings of our own."""
    from citecheck.extract.references import parse_entry

    fields = parse_entry('<span class="sc">Dahl</span>, R. (1961) <i>Who Governs? Democracy and '
                         'Power in an American City</i>. Yale University Press &amp;amp; Co.')
    assert (fields["authors"], fields["year"], fields["title"]) == (
        ("Dahl",), "1961", "Who Governs? Democracy and Power in an American City")
    from citecheck.extract.references.marks import html_to_marks as _html_to_marks

    # Tags go with the space they leave before punctuation; doubly escaped "&amp;amp;" is "&".
    assert _html_to_marks("<b>Dahl</b> , R. Tom &amp;amp; Jerry") == "Dahl, R. Tom & Jerry"
    fields = parse_entry("Kaye, JO and Lund, WF and (1994) Motives for change in smokers "
                         "<i>Addiction Research</i>, 13, pp. 39 - 46.")
    assert fields["title"] == "Motives for change in smokers"
    fields = parse_entry("De Boer GM, Van den Berg WB, et al. Exercise and mood in older adults. "
                         "Age Ageing. 2012;41:482–8.")
    assert fields["authors"][:2] == ("De Boer", "Van den Berg")
    fields = parse_entry("Okafor, S., Lind, I., Ruiz, M., van Dam, E., Berg, C., and Roy, M.: Wind "
                         "power in a warmer Europe, Nat. Energy, 3, 1001, 2018.")
    assert (fields["authors"][3], fields["title"]) == ("van Dam", "Wind power in a warmer Europe")
    fields = parse_entry("Hale, G. S. and Roy, D. S., Vortex Breakdown over Delta Wings, Editors: M. "
                         "J. Lund and J. N. Berg, (1991).")
    assert fields["title"] == "Vortex Breakdown over Delta Wings"


def test_lost_spaces_status_words_and_titles_starting_with_numbers():
    """Deposits and OCR lose spaces ("andK. Lee", "Paul R.The Title"); a list number can stay
    on an entry; "to appear" stands where a title would; a German title's nouns are
    capitalised; a title may open with figures."""
    from citecheck.extract.references import parse_entry

    fields = parse_entry("J. Ortega, M. Lind, andK. Lee, Slow light in warm vapours, Opt. Lett. 12, "
                         "44 (2019).")
    assert fields["authors"] == ("Ortega", "Lind", "Lee")
    assert fields["title"] == "Slow light in warm vapours"
    fields = parse_entry("Harlow, Paul R.The Politics of Harbour Towns (London: Verso, 1987), chap. 2.")
    assert fields["authors"][0] == "Harlow"
    assert fields["title"] == "The Politics of Harbour Towns"
    fields = parse_entry("Lindqvist, Sven.Dig Where You Stand. Stockholm: Bonnier, 1978.")
    assert (fields["authors"], fields["title"]) == (("Lindqvist",), "Dig Where You Stand")
    fields = parse_entry("7. K. Mbeki, Survey of the Coastal Fisheries of Natal, 1958, page 12.")
    assert fields["authors"] == ("Mbeki",)
    assert fields["title"] == "Survey of the Coastal Fisheries of Natal"
    fields = parse_entry("A. Sato, B. Ruiz and C. Weiss, to appear.")
    assert "title" not in fields
    fields = parse_entry("Adler, R., Kessler, P., à paraître.")
    assert "title" not in fields
    fields = parse_entry("Vogel Th, Brandt A, Keller B. Soziale Netzwerke im ländlichen Raum. "
                         "In: Lorenz H, Vogel Th, Hrsg. Raum und Gesellschaft, Berlin: Springer 2004: 71")
    assert fields["authors"] == ("Vogel", "Brandt", "Keller")
    assert fields["title"] == "Soziale Netzwerke im ländlichen Raum"
    assert "publisher" not in fields or "Lorenz" not in str(fields["publisher"])
    fields = parse_entry("Okoye CN, Hall AB (2003) 2,3-butanediol from sugar cane: yields and costs. "
                         "Biotechnol J 4:211–219")
    assert fields["title"] == "2,3-butanediol from sugar cane: yields and costs"
    assert (fields["container"], fields["volume"], fields["pages"]) == ("Biotechnol J", "4", "211-219")
    # A name with a particle after an initial is still one name, not prose.
    fields = parse_entry("M. Ruiz, A. de la Peña and T. Holm. Tidal flats of the north. Mar. Geol. "
                         "12, 33 (1999).")
    assert fields["authors"] == ("Ruiz", "de la Peña", "Holm")
    assert fields["title"] == "Tidal flats of the north"
    fields = parse_entry("M. Ruiz, J. von Holt, T. Holm, Tidal flats of the north, Mar. Geol. 12, 33 (1999).")
    assert (fields["authors"], fields["title"]) == (("Ruiz", "von Holt", "Holm"), "Tidal flats of the north")


def test_deposit_damage_type_codes_and_entries_without_names():
    """What deposits do to entries (lost encodings, glued words, language notes), GB/T 7714
    type codes, ISO 690 "NOM Prénom", and first sentences that are titles, not names."""
    from citecheck.extract.references import parse_entry

    # Words quoted inside an undelimited title do not delimit it.
    fields = parse_entry("Ortiz B, et al. Early weaning with ‘soft feed’ for piglets in cold barns. "
                         "Anim Sci J. 2011;12(3):44–50.")
    assert fields["authors"] == ("Ortiz",)
    assert fields["title"] == "Early weaning with ‘soft feed’ for piglets in cold barns"
    # "?…?" is what a lost encoding leaves of curly quotes; "?" between page numbers a dash.
    fields = parse_entry("Marsh, T. and Oduya, B.: 1991, ?Tidal mixing in shallow estuaries?, "
                         "Estuarine Research 44: 102?119.")
    assert fields["title"] == "Tidal mixing in shallow estuaries"
    assert fields["pages"] == "102-119"
    # A letter lost to an encoding is still part of a name.
    fields = parse_entry("Weber K, M\ufffdller JE, Str\ufffdm A (1990) Snow cover and soil frost in "
                         "alpine meadows. Oecologia 84:12–19")
    assert fields["authors"] == ("Weber", "M\ufffdller", "Str\ufffdm")
    assert fields["title"] == "Snow cover and soil frost in alpine meadows"
    # Language notes, "(In)" and ".," end a title; so does a chapter locator.
    fields = parse_entry("P. K. Orlov, Theory of Plates and Shells [in Russian], Nauka, Moscow (1968).")
    assert fields["title"] == "Theory of Plates and Shells"
    fields = parse_entry("Lee K, Tan M. Rapid screening of soil microbes by colour (In) Proceedings of "
                         "the 3rd Soil Congress. Eds. Ng A. Soil Press, Perth pp. 5-9.")
    assert fields["title"] == "Rapid screening of soil microbes by colour"
    fields = parse_entry("HOLT, R. A. 1988.Counting birds in wetlands., 212Blackwell.")
    assert fields["title"] == "Counting birds in wetlands"
    fields = parse_entry("Aho, A. and Ullman, J., Principles of Compiler Design, Chap. 4, Addison-Wesley, "
                         "Reading (1977).")
    assert fields["title"] == "Principles of Compiler Design"
    # Glued words: a colon after a name, a title run into its journal.
    fields = parse_entry("K. Ito:Nature,201, 55 (1964).")
    assert fields["authors"] == ("Ito",)
    assert "title" not in fields and fields["container"] == "Nature"
    fields = parse_entry("Brandt M. (2004) Grazing and plant diversityJournal of Ecology 92(3): 301–310")
    assert fields["title"] == "Grazing and plant diversity"
    assert fields["container"] == "Journal of Ecology"
    # Only a volume and page numbers after a name: a journal, not a title; one number is a year.
    fields = parse_entry("A. B. Petrov and V. I. Lenz, ZhETF, 61, no. 3, 1971.")
    assert "title" not in fields and fields["container"] == "ZhETF"
    assert parse_entry("A. Sommer, Quantum Optics, 1997.")["title"] == "Quantum Optics"
    fields = parse_entry("M. Ode and T. Lane, Entropy of Broken Symmetries in Thin Films ,1209 .4411.")
    assert fields["title"] == "Entropy of Broken Symmetries in Thin Films"  # an arXiv number
    # GB/T 7714: the document-type code ends the title; "//" introduces the book.
    fields = parse_entry("ZHANG Wei, LI Na. Deep learning for citation parsing[J]. Journal of Software, "
                         "2019, 30(5): 1206-1220.")
    assert fields["authors"] == ("Zhang", "Li")
    assert (fields["title"], fields["container"]) == ("Deep learning for citation parsing",
                                                      "Journal of Software")
    fields = parse_entry("LIU Yang, CHEN Hao, ZHAO Lei, et al. Graph networks for scholarly data[C]//"
                         "Proceedings of the 28th Conference on Retrieval. Hangzhou: CIR, 2020: 45-52.")
    assert fields["title"] == "Graph networks for scholarly data"
    fields = parse_entry("National Bureau of Statistics. Communiqué on the 2022 national economy[EB/OL]. "
                         "(2023-02-28)[2023-05-01]. http://www.stats.gov.cn/sj/zxfb/202302/t2023.html")
    assert (fields["title"], fields["year"]) == ("Communiqué on the 2022 national economy", "2023")
    fields = parse_entry("WANG Jun. Modern information retrieval[M]. 2nd ed. Beijing: Science Press, 2015.")
    assert (fields["authors"], fields["title"]) == (("Wang",), "Modern information retrieval")
    # ISO 690 "NOM Prénom" with no comma is a person.
    fields = parse_entry("DUPONT Jean. Les ports de la Manche. Rennes : PUR, 2001.")
    assert fields["authors"] == ("Dupont",)
    # A first sentence of prose is a title with no author; "Family, Title." is a name, then a title.
    fields = parse_entry("Design rules for load reduction with individual blade pitch control on large "
                         "turbines. European Wind Conference, Lyon, 2009.")
    assert fields["authors"] == ()
    assert fields["title"].startswith("Design rules for load reduction")
    fields = parse_entry("Committee on climate change adaptation and resilience in coastal communities. "
                         "Annual report. London, 2019.")
    assert fields["authors"] == ("Committee on climate change adaptation and resilience in coastal "
                                 "communities",)
    fields = parse_entry("Organisation mondiale de la santé. Rapport sur la santé dans le monde. "
                         "Genève, 2008.")
    assert fields["authors"] == ("Organisation mondiale de la santé",)
    fields = parse_entry("Kessler, Über die Struktur der Hornhaut. Arch. f. Anat. 12, H. 3. 1871.")
    assert fields["authors"] == ("Kessler",)
    assert fields["title"] == "Über die Struktur der Hornhaut"


def test_physics_lists_without_commas_and_year_first_entries():
    """Short physics references run the name into the journal; collaborations follow
    "et al." in brackets; some engineering lists put the year first; a short last title
    word before "Place: Publisher" is not an abbreviation."""
    from citecheck.extract.references import parse_entry

    fields = parse_entry("K. Moriyama Nucl. Phys. B 410 (1994) 233")
    assert fields["authors"] == ("Moriyama",)
    assert "title" not in fields and fields["container"].startswith("Nucl. Phys. B")
    fields = parse_entry("R. Lindqvist et al. (IceCube), Astrophys. J. 901, 12 (2020)")
    assert (fields["authors"], fields["et_al"]) == (("Lindqvist",), True)
    fields = parse_entry("1961, Amaral, P., 'Ensaios sobre escoamentos em canais abertos,' "
                         "Revista de Engenharia, (12)33-41.")
    assert (fields["authors"], fields["year"]) == (("Amaral",), "1961")
    assert fields["title"] == "Ensaios sobre escoamentos em canais abertos"
    fields = parse_entry("A. Moreau, La Forme des Choses. Paris : Minuit, 1990.")
    assert fields["title"] == "La Forme des Choses"


def test_narrative_lists_initials_with_hyphens_and_suffixes(tmp_path):
    """APA narrative citations of three authors, hyphenated initials ("H.-Y.", French
    "J.-P.") and generational suffixes ("Jr.") are names, not extra authors."""
    path = write(tmp_path, "apa.md", """# Travail à distance

Selon Barrero, Bloom et Davis (2023), près de 28 % des journées sont télétravaillées.
Lee, Kim, and Park (2021) disagree (Martin 1960); so does Sartre (1960, 12).

## Références

Barrero, J. M., Bloom, N., & Davis, S. J. (2023). Work from home. *J. Econ. Perspect.*, 37(4), 23–50.

Lee, J.-H., Kim, S.-Y., & Park, H.-Y. (2021). Remote teams in Seoul. *Asian Business Review*, 8(2), 1–19.

Martin, Luther K., Jr. (1960). *Letters*. Boston: Beacon.

Sartre, J.-P. (1960). *Critique de la raison dialectique*. Paris : Gallimard.
""")
    _, x, findings, resolved = run(path)
    assert [r.authors for r in x.references] == [
        ("Barrero", "Bloom", "Davis"), ("Lee", "Kim", "Park"), ("Martin",), ("Sartre",)]
    narrative = [c for c in x.citations if c.form == "narrative"]
    assert [c.authors for c in narrative] == [
        ("Barrero", "Bloom", "Davis"), ("Lee", "Kim", "Park"), ("Sartre",)]
    assert resolved == ["r1", "r2", "r3", "r4"]
    assert not [f for f in findings if f.kind == "reference-uncited" and "Lee" in f.text]


def test_note_imprints_are_not_citations_and_ieee_ranges_cite_every_number(tmp_path):
    """Chicago notes give "(Place: Publisher, year)": not an author–date citation.
    IEEE "[2]–[4]" cites 2, 3 and 4; "[Online]. Available:" and "2 vols." are not
    containers."""
    notes = write(tmp_path, "notes.md", """# Print and reform

The pamphlets spread fast.[^1] Scholars disagree on why.[^2]

[^1]: Ada Ferro, *Paper Storms* (Lyon: Presses du Rhône, 2011), 14.
[^2]: Paul Gris, *Ink and Faith*, 2 vols. (Oxford: Clarendon Press, 1988), 1:20.

## Bibliography

Ferro, Ada. *Paper Storms*. Lyon: Presses du Rhône, 2011.

Gris, Paul. *Ink and Faith*. 2 vols. Oxford: Clarendon Press, 1988.
""")
    _, x, findings, _ = run(notes)
    assert not [c for c in x.citations if c.form == "parenthetical"]
    assert not [f for f in findings if f.kind == "citation-unmatched"]
    assert x.references[1].container is None

    ieee = write(tmp_path, "ieee.md", """# Compilers

Earlier work [1] was extended in [2]–[4].

## References

[1] A. Bose, "Fast parsing," in Proc. CC, 2019, pp. 1–9.
[2] B. Cruz, "Register allocation revisited," 2020. [Online]. Available: https://example.org/ra
[3] C. Diaz, "Loop tiling," J. Compil., vol. 3, pp. 4–8, 2021.
[4] D. Eng, "Vectorising loops," J. Compil., vol. 4, pp. 9–12, 2022.
""")
    _, x, findings, resolved = run(ieee)
    assert resolved == ["r1", "r2", "r3", "r4"]
    assert not [f for f in findings if f.kind == "reference-uncited"]
    assert x.references[1].container is None


def test_acronyms_cite_organisations_and_compound_family_names_stay_whole(tmp_path):
    """"(WHO 2018)" cites "World Health Organization (2018)" and "Intergovernmental Panel
    on Climate Change (2021)" cites "IPCC (2021)"; in an inverted list, two words before
    initials are one family name ("Méndez Turrubiates, R.F.")."""
    path = write(tmp_path, "harvard.md", """# Heat

Heat kills (WHO 2018; Ferrer, Méndez Turrubiates and Roy 2023). The Intergovernmental
Panel on Climate Change (2021) agrees, as does l'OMS (2019).

## References

Ferrer, J., Méndez Turrubiates, R.F. and Roy, H. (2023) 'Heat deaths', *Lancet*, 3, pp. 1–9.

IPCC (2021) *Climate Change 2021*. Cambridge: Cambridge University Press.

Organisation mondiale de la santé (2019) *Chaleur et santé*. Genève : OMS.

World Health Organization (2018) *Heat and health*. Geneva: WHO.
""")
    _, x, findings, _ = run(path)
    assert x.references[0].authors == ("Ferrer", "Méndez Turrubiates", "Roy")
    assert not [f for f in findings if f.kind in {"citation-unmatched", "reference-uncited"}]
    assert (("World Health Organization",), ("WHO",)) in {
        (x.references[3].authors, c.authors) for c in x.citations}


def test_iso690_lists_with_middle_initials_places_and_vancouver_in_capitals(tmp_path):
    """ISO 690 "CASILLI Antonio A., TUBARO Paola, …" is a list of people, not one name;
    "…, Paris, Seuil, 2015" gives a place, not a container; "SMITH AB" is Vancouver."""
    path = write(tmp_path, "iso.md", """# Travail

Le micro-travail progresse (Casilli et al., 2019 ; Cardon, 2015 ; Smith, 2020).

## Bibliographie

CARDON Dominique, *À quoi rêvent les algorithmes*, Paris, Seuil, 2015.

CASILLI Antonio A., TUBARO Paola, LE LUDEC Clément, COVILLE Marion, *Le micro-travail*, DiPLab, 2019.

SMITH AB, JONES C. Crowd work in Europe. Work Employ Soc. 2020;34(2):1-9.
""")
    _, x, findings, resolved = run(path)
    assert [r.authors for r in x.references] == [
        ("Cardon",), ("Casilli", "Tubaro", "Le Ludec", "Coville"), ("Smith", "Jones")]
    assert x.references[0].container is None
    assert resolved == ["r2", "r1", "r3"]
    assert not [f for f in findings if f.kind in {"citation-unmatched", "reference-uncited"}]


def test_nature_style_entries_and_superscript_calls(tmp_path):
    """Nature: "Family, I. et al. Title. *Journal* **vol**, pages (year)." — the italic
    is the journal, the plain sentence the title; "1980s¹" is a call, not a unit."""
    path = write(tmp_path, "nature.md", """# Reefs

Heatwaves have tripled since the 1980s¹. Bleaching hit reefs in 2016 and 2017²⁻³.

## References

1. Oliver, E. C. J. et al. Longer and more frequent marine heatwaves. *Nat. Commun.* **9**, 1324 (2018).
2. Hughes, T. P. & Kerry, J. T. Global warming transforms coral reefs. *Nature* **556**, 492–496 (2018).
3. Lee, A. et al. Recurrent bleaching of corals. Nature 543, 373–377 (2017).
""")
    _, x, findings, resolved = run(path)
    fields = [(r.authors, r.et_al, r.title, r.container, r.volume, r.pages, r.year)
              for r in x.references]
    assert fields == [
        (("Oliver",), True, "Longer and more frequent marine heatwaves", "Nat. Commun", "9",
         "1324", "2018"),
        (("Hughes", "Kerry"), False, "Global warming transforms coral reefs", "Nature", "556",
         "492-496", "2018"),
        (("Lee",), True, "Recurrent bleaching of corals", "Nature", "543", "373-377", "2017")]
    assert resolved == ["r1", "r2", "r3"]
    assert not findings


def test_in_press_is_a_year_and_apa_italic_volumes_are_read(tmp_path):
    """"(in press)", "(sous presse)" stand where the year would be, in the entry and in
    the citation; APA's italic volume "*13*(3), 106–131" gives volume, issue, pages;
    "(in French)" is still a language note."""
    path = write(tmp_path, "press.md", """# Corrections

Corrections backfire rarely (Nyhan, in press; Durand, sous presse; Lee, 2012).

## References

Durand, P. (sous presse). Corriger les rumeurs. *Réseaux*.

Lee, S. (2012). Misinformation and its correction (in French). *Psychol. Sci.*, *13*(3), 106–131.

Nyhan, B. (In press). Why the backfire effect does not explain misperceptions. *PNAS*.
""")
    _, x, findings, resolved = run(path)
    assert [r.year for r in x.references] == ["sous presse", "2012", "in press"]
    assert [c.year for c in x.citations if c.form == "parenthetical"] == [
        "in press", "sous presse", "2012"]
    assert resolved == ["r3", "r1", "r2"]
    lee = x.references[1]
    assert (lee.title, lee.volume, lee.issue, lee.pages) == (
        "Misinformation and its correction", "13", "3", "106-131")
    assert not findings


def test_names_with_particles_apostrophes_and_central_european_capitals(tmp_path):
    """"de Gaulle, C." and "van der Berg, J." open entries; narrative citations keep
    their particles; Š, Ł, Ž are capitals; a heading above is no part of a name."""
    path = write(tmp_path, "names.md", """# Names

O’Neil (2016) warns us. As de Gaulle (1954) wrote, and van der Berg (2019) noted;
(Šimić 2018; Łukasiewicz 2020).

## Bibliographie

O’Neil, C. (2016). *Weapons of Math Destruction*. Crown.
de Gaulle, C. (1954). *Mémoires de guerre*. Plon.
van der Berg, J. (2019). Data cultures. *Journal of Data*, 2(1), 1–10.
Šimić, A. (2018). Croatian media. *Medijske studije*, 9(1), 1–15.
Łukasiewicz, K. (2020). Polish media. *Central European Journal*, 3(2), 1–12.
""")
    _, x, findings, resolved = run(path)
    assert [r.authors for r in x.references] == [
        ("O’Neil",), ("de Gaulle",), ("van der Berg",), ("Šimić",), ("Łukasiewicz",)]
    cited = [c for c in x.citations if c.form != "mention"]
    assert [c.text for c in cited] == ["O’Neil (2016)", "de Gaulle (1954)", "van der Berg (2019)",
                                       "Šimić 2018", "Łukasiewicz 2020"]
    assert not findings


def test_wrapped_group_particle_and_secondary_citations(tmp_path):
    """A hard-wrapped paragraph breaks "(Office for National\\nStatistics, 2023)";
    "Van der Berg" in a group and "(van der Berg 2020)" are one family name; "(as cited
    in Park, 2023)" and "(cité par Roux, 2019)" cite Park and Roux; APA gives a group's
    short name once: "(World Health Organization [WHO], 2020)"."""
    text = """# Hybrid work

About 27% of workers are hybrid (Office for National
Statistics, 2023). Others disagree (Smith, 2019; Van der Berg,
2020), or not (van der Berg 2020). Isolation matters (as cited in Park, 2023; cité
par Roux, 2019). Health comes first (World Health Organization [WHO], 2020).

## References

Office for National Statistics. (2023). *Who are the hybrid workers?* ONS.

Park, S. (2023). *Distributed teams*. Wiley.

Roux, A. (2019). *Le travail à distance*. PUF.

Smith, J. (2019). Home offices. *Work Studies, 3*(1), 1–10.

Van der Berg, H. (2020). Flexible work in the Netherlands. *Dutch Labour Review, 12*, 44–60.

World Health Organization. (2020). *Report on healthy work*. WHO.
"""
    _, x, findings, resolved = run(write(tmp_path, "wrapped.md", text))
    cited = [(c.authors, c.year, c.span.line) for c in x.citations
             if c.form in {"parenthetical", "narrative"}]
    assert cited == [
        (("Office for National Statistics",), "2023", 3),
        (("Smith",), "2019", 4),
        (("Van der Berg",), "2020", 4),
        (("van der Berg",), "2020", 5),
        (("Park",), "2023", 5),
        (("Roux",), "2019", 5),
        (("World Health Organization",), "2020", 6),
    ]
    assert None not in resolved
    assert not [f for f in findings if f.kind in {"reference-uncited", "citation-unmatched",
                                                  "figure-unsourced"}]


def test_a_news_sources_list_with_commas_only(tmp_path):
    """A plain-text article ends with "Sources" and its entries right below (no blank
    line): that is its bibliography.  Entries written with commas only give the byline's
    family name (an organisation stays whole), the title, the year; a figure whose
    named source is listed there is sourced."""
    text = """Rents keep rising

Rents rose 9.2% in a year, according to the Office for National Statistics. Prices
fell, as Smith (2019) showed.

Sources
Office for National Statistics, Private rental market summary statistics, March 2024.
Jane Smith, The Housing Question, Penguin, 2019.
"""
    _, x, findings, resolved = run(write(tmp_path, "news.txt", text))
    assert [(r.authors, r.title, r.year) for r in x.references] == [
        (("Office for National Statistics",), "Private rental market summary statistics",
         "2024"),
        (("Smith",), "The Housing Question", "2019"),
    ]
    assert resolved == ["r1", "r2"]  # the office named in the text, Smith (2019)
    assert not findings


def test_comma_only_entries_leave_other_styles_alone():
    """Vancouver names ("Bolland MJ, Grey A"), initials and collaborations are not
    bylines followed by a title."""
    from citecheck.extract.references import parse_entry

    vancouver = parse_entry("Bolland MJ, Grey A, Avenell A. Effects of vitamin D "
                            "supplementation on bone health. Lancet. 2018;6(11):847-858.")
    assert vancouver["authors"] == ("Bolland", "Grey", "Avenell")
    assert str(vancouver["title"]).startswith("Effects of vitamin D")
    physics = parse_entry("Virgo, LIGO Scientific collaboration, B.P. Abbott et al., "
                          "Observation of gravitational waves, Phys. Rev. Lett. 116 (2016) 061102.")
    assert physics.get("title") != "LIGO Scientific collaboration"


def test_chicago_author_date_organisation_entry_without_blank_lines(tmp_path):
    """One entry a line, no blank line between: "INSERM. 2004." opens an entry of its
    own, as "OECD. (2021)." does."""
    text = """# Heat

The 2003 heatwave caused about 15,000 deaths (INSERM 2004), as Dupont (2020b) notes.

## References

Dupont, A. 2020b. "Arbres et climat." *Urbanisme* 12: 4–9.
INSERM. 2004. *Surmortalité liée à la canicule*. Paris: INSERM.
Martin, J. 2021. *Planter la ville*. Lyon: ENS Éditions.
"""
    _, x, findings, resolved = run(write(tmp_path, "heat.md", text))
    assert [(r.authors, r.year) for r in x.references] == [
        (("Dupont",), "2020b"), (("INSERM",), "2004"), (("Martin",), "2021")]
    assert resolved == ["r2", "r1"]
    assert [f.kind for f in findings] == ["reference-uncited"]


MLA_ESSAY = """# Memory and the Archive

Sebald's narrators wander through ruins that are also archives (Sebald 45). As
Derrida argues, the archive is a place of breakdown (Derrida 11). Critics have long
noted this tension (Long; Fuchs 112-14). Hirsch calls it "postmemory" (Hirsch,
*Generation* 5), a term she later revised (Hirsch, "Past Lives" 660), and in *The
Generation of Postmemory* she returns to it (Hirsch 12). Elsewhere the term shifts
(Hirsch 30).

Roughly 60 percent of the novel's images have no caption. Ricoeur addresses
forgetting too (Ricoeur 412), as does Sebbald (Sebbald 3).

## Works Cited

Derrida, Jacques. *Archive Fever: A Freudian Impression*. U of Chicago P, 1996.

Fuchs, Anne. *Die Schmerzensspuren der Geschichte*. Böhlau, 2004.

Hirsch, Marianne. *The Generation of Postmemory*. Columbia UP, 2012.

---. "Past Lives: Postmemories in Exile." *Poetics Today*, vol. 17, no. 4, 1996, pp. 659-86.

Long, J. J. *W.G. Sebald: Image, Archive, Modernity*. Columbia UP, 2007.

Sebald, W. G. *Austerlitz*. Translated by Anthea Bell, Random House, 2001.
"""


def test_mla_author_page_citations_and_same_author_dashes(tmp_path):
    """MLA: "(Sebald 45)", "(Long; Fuchs 112-14)", "(Hirsch, *Generation* 5)" cite their
    entries (a short title, or a title named just before, picks one of an author's
    works); "---." repeats the authors above; an author missing from the works cited,
    or one letter off, is reported; a page alone cannot choose between two works."""
    _, x, findings, resolved = run(write(tmp_path, "mla.md", MLA_ESSAY))
    assert [r.authors for r in x.references][2:4] == [("Hirsch",), ("Hirsch",)]
    by_id = {r.id: r for r in x.references}
    cited = [(c.text, by_id[ref].year if ref else None)
             for c, ref in zip(x.citations, resolved, strict=True) if c.form == "author-page"]
    assert cited == [("Sebald 45", "2001"), ("Derrida 11", "1996"), ("Long", "2007"),
                     ("Fuchs 112-14", "2004"), ("Hirsch,\n*Generation* 5", "2012"),
                     ('Hirsch, "Past Lives" 660', "1996"), ("Hirsch 12", "2012"),
                     ("Hirsch 30", None), ("Ricoeur 412", None), ("Sebbald 3", None)]
    assert sorted((f.kind, f.text, f.suggestion) for f in findings) == [
        ("citation-ambiguous", "Hirsch 30", "give a short title in the citation: "
                                            "(Author, Short Title page)"),
        ("citation-unmatched", "Ricoeur 412", "add the entry, or correct the author"),
        ("citation-unmatched", "Sebbald", "Sebald 2001"),  # the name in the sentence
        ("citation-unmatched", "Sebbald 3", "Sebald 2001")]


def test_names_and_numbers_in_parentheses_are_not_author_page_citations(tmp_path):
    """Without author–page citations of its own bibliography, a document's "(Apollo 11)",
    "(Table 2)" or "(Brown 12; Green 14)" are not citations; author–date ones still are."""
    text = """# Notes

The first landing (Apollo 11) changed everything (Smith 2019, p. 45). The road
(Route 66) and the results (Table 2) agree; others (Brown 12; Green 14) disagree.

## References

Smith, B. (2019). *The Moon and us*. Oxford: OUP.
"""
    _, x, findings, _ = run(write(tmp_path, "notmla.md", text))
    assert [(c.form, c.text) for c in x.citations] == [("parenthetical", "Smith 2019, p. 45")]
    assert findings == []


def test_a_web_pages_title_without_its_sites_name(tmp_path):
    """"Le vélo gagne du terrain | La Gazette": the part the page repeats as its heading
    is the document's title; a title whose parts are not repeated stays whole."""
    page = ("<html><head><title>Le vélo gagne du terrain | La Gazette</title></head><body>"
            "<article><h1>Le vélo gagne du terrain</h1><p>Texte.</p></article></body></html>")
    _, x, _, _ = run(write(tmp_path, "page.html", page))
    assert x.title == "Le vélo gagne du terrain"
    _, x, _, _ = run(write(tmp_path, "essay.md", "# Left - Right\n\nText about left and right.\n"))
    assert x.title == "Left - Right"


def test_french_institutions_editors_marks_and_chicago_dashes(tmp_path):
    """"(Cour des comptes 2023)", "(Conseil d'orientation des retraites 2024)": an
    institution with a capital on its first word only; "(Supiot dir. 2016)": the
    editor's mark is not a name; "———." repeats the authors above.  Prose in brackets
    that happens to hold such a word and a year is no citation."""
    text = """# Essai

Texte (Castel 1995 ; Castel 2009 ; Supiot dir. 2016 ; Cour des comptes 2023 ;
Conseil d'orientation des retraites 2024). Un vote (le conseil municipal a voté en 2023).

## Bibliographie

Castel, Robert. 1995. *Les métamorphoses de la question sociale*. Paris : Fayard.

———. 2009. *La montée des incertitudes*. Paris : Seuil.

Conseil d'orientation des retraites. 2024. *Rapport annuel du COR*. Paris : COR.

Cour des comptes. 2023. *Rapport public annuel*. Paris : Cour des comptes.

Supiot, Alain (dir.). 2016. *Le travail au XXIe siècle*. Ivry-sur-Seine : Éditions de l'Atelier.
"""
    _, x, findings, resolved = run(write(tmp_path, "institutions.md", text))
    assert [c.authors for c in x.citations if c.form == "parenthetical"] == [
        ("Castel",), ("Castel",), ("Supiot",), ("Cour des comptes",),
        ("Conseil d'orientation des retraites",)]
    assert x.references[1].authors == ("Castel",)
    assert findings == [] and None not in resolved
