"""JATS, TEI, ODT and EPUB: what their markup says is read as said; every span points
back to where a person finds it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import run, write
from package_maker import write_epub, write_odt

from citecheck.cli import main

DATA = Path(__file__).resolve().parent / "data"
ELIFE = DATA / "jats" / "elife-02833-v2.xml"
EJRIEPS = DATA / "tei" / "ejrieps-9683.xml"


def test_an_elife_article_is_read_from_its_markup():
    doc, extraction, findings, resolved = run(ELIFE)
    refs = extraction.references
    assert doc.kind == "jats" and len(refs) == 50
    assert [r.key for r in refs[:3]] == ["bib1", "bib2", "bib3"]
    first = refs[0]  # tagged fields, as given: no parsing of the printed entry
    assert first.authors == ("Bae", "Calhoun", "Levine", "Lewis", "Drewell")
    assert (first.year, first.doi, first.volume, first.pages) == (
        "2002", "10.1073/pnas.222671299", "99", "16847–16852")
    assert first.container == "Proceedings of the National Academy of Sciences of USA"
    # Every call is an <xref ref-type="bibr">, resolved by its rid; every entry is cited.
    calls = [i for i, c in enumerate(extraction.citations) if c.form == "anchor"]
    assert len(calls) == 69 and all(resolved[i] for i in calls)
    assert {resolved[i] for i in calls} == {r.id for r in refs}
    assert findings == []
    # Spans point into the XML file (one long line): the entry's <ref> text.
    source = ELIFE.read_text(encoding="utf-8")
    line = source.split("\n")[first.span.line - 1]
    assert line[first.span.column - 1:].startswith("Bae")


def test_a_call_with_no_entry_and_an_entry_with_no_call_are_found(tmp_path):
    source = ELIFE.read_text(encoding="utf-8")
    broken = source.replace('rid="bib1"', 'rid="bib99"', 1)
    assert broken != source
    _, extraction, findings, _ = run(write(tmp_path, "a.xml", broken))
    unmatched = [f for f in findings if f.kind == "citation-unmatched"]
    assert len(unmatched) == 1 and "#bib99" in unmatched[0].message
    # bib1 (Bae 2002) was cited once, by that call: now it is cited nowhere.
    assert [f.message.split(" (")[0] for f in findings if f.kind == "reference-uncited"] == [
        "Bae 2002"]


JATS_NOTES = """<?xml version="1.0"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2 20190208//EN" "JATS-journalpublishing1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink"><front><article-meta><title-group>
<article-title>Cycling</article-title></title-group></article-meta></front>
<body><sec><title>Introduction</title>
<p>Cycling grew by 37% in five years<xref ref-type="fn" rid="fn1">1</xref>, as
<xref ref-type="bibr" rid="r1">Smith (2020)</xref> shows; see the
<ext-link ext-link-type="uri" xlink:href="https://example.org/report">report</ext-link>.
<disp-formula><tex-math>x^2 = 4%</tex-math></disp-formula></p></sec></body>
<back><fn-group><fn id="fn1"><p>National survey, 2024.</p></fn></fn-group>
<ref-list><title>References</title>
<ref id="r1"><mixed-citation><person-group><name><surname>Smith</surname><given-names>J</given-names></name></person-group>
(<year>2020</year>). <article-title>Cities</article-title>. <source>Urban Studies</source>
<pub-id pub-id-type="doi">10.1000/xyz.1</pub-id></mixed-citation></ref>
</ref-list></back></article>"""


def test_jats_footnotes_links_and_mathematics(tmp_path):
    doc, extraction, findings, _ = run(write(tmp_path, "n.xml", JATS_NOTES))
    assert "five years¹" in doc.text and "x^2" not in doc.text
    assert "report <https://example.org/report>" in doc.text
    assert [(n.label, n.text[-22:]) for n in extraction.notes] == [("1", "National survey, 2024.")]
    assert extraction.note_pairs == {0: 0}
    assert [d.value for d in extraction.dois] == ["10.1000/xyz.1"]
    assert extraction.references[0].title == "Cities"
    assert findings == []  # the figure has its note; the DTD is named, never fetched


def test_xml_that_declares_entities_is_refused(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE article [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><article><body><p>&b;</p></body></article>')
    outside = ('<?xml version="1.0"?><!DOCTYPE article [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
               '<article><body><p>&x;</p></body></article>')
    for name, text in (("bomb.xml", bomb), ("outside.xml", outside)):
        result = CliRunner().invoke(main, ["audit", "--offline", str(write(tmp_path, name, text))])
        assert result.exit_code == 2, result.output
        assert "declares entities" in result.output


def test_an_openedition_tei_article_is_read(tmp_path):
    doc, extraction, findings, resolved = run(EJRIEPS)
    assert doc.kind == "tei" and len(extraction.references) == 27
    assert doc.title and doc.title.startswith("Utilité des recherches")
    # Free-text <bibl>s are parsed as entries; "(Theureau et Jeffroy, 1994, p. 19)",
    # inside a <q>, cites its entry.
    theureau = next(r for r in extraction.references if "Jeffroy" in r.raw)
    assert theureau.authors == ("Theureau", "Jeffroy") and theureau.year == "1994"
    assert theureau.id in set(resolved)
    # The one defect of the document: a DOI link written with a space.
    assert [(f.kind, f.text) for f in findings if f.severity.value != "info"] == [
        ("url-malformed", "https://doi.")]
    line = EJRIEPS.read_text(encoding="utf-8").split("\n")[findings[0].span.line - 1]
    assert "https://doi. org" in line


TEI_STRUCT = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>
<title type="main">Essai</title></titleStmt></fileDesc></teiHeader><text><body><div>
<head>Le vélo</head><p>La part du vélo a doublé<note place="foot" n="1">Enquête nationale,
2024.</note> selon <ref target="#b1">Dupont (2021)</ref> et <ref target="#b9">Durand (2019)</ref>.</p>
</div></body><back><div type="bibliography"><listBibl>
<biblStruct xml:id="b1"><analytic><author><persName><forename>Jean</forename><surname>Dupont</surname></persName></author>
<title level="a">La ville cyclable</title></analytic><monogr><title level="j">Urbanisme</title>
<imprint><date when="2021"/><biblScope unit="volume">4</biblScope></imprint></monogr>
<idno type="DOI">10.1000/abc.2</idno></biblStruct>
<biblStruct xml:id="b2"><monogr><author><persName><surname>Martin</surname></persName></author>
<title level="m">Rouler</title><imprint><publisher>Seuil</publisher><date when="2019"/></imprint></monogr></biblStruct>
</listBibl></div></back></text></TEI>"""


def test_tei_structured_entries_calls_and_notes(tmp_path):
    doc, extraction, findings, _ = run(write(tmp_path, "s.xml", TEI_STRUCT))
    dupont, martin = extraction.references
    assert (dupont.authors, dupont.title, dupont.container, dupont.year, dupont.doi) == (
        ("Dupont",), "La ville cyclable", "Urbanisme", "2021", "10.1000/abc.2")
    assert (martin.authors, martin.title, martin.publisher) == (("Martin",), "Rouler", "Seuil")
    assert "doublé¹" in doc.text and extraction.note_pairs == {0: 0}
    kinds = sorted((f.kind, f.text) for f in findings)
    assert ("citation-unmatched", "Durand (2019)") in kinds  # #b9: no such entry
    assert any(kind == "reference-uncited" for kind, _ in kinds)  # Martin: never called


def test_odt_and_epub_read_alike(tmp_path):
    results = {}
    for path in (write_odt(tmp_path / "a.odt"), write_epub(tmp_path / "a.epub")):
        doc, extraction, findings, _ = run(path)
        assert "cinq ans¹, selon *La ville cyclable* (Dupont, 2021)." in doc.text
        assert "rapport <https://www.velo-territoires.org/obs> le confirme" in doc.text
        assert [(n.label, n.text[-30:]) for n in extraction.notes] == [
            ("1", "Baromètre des mobilités, 2024.")]
        assert extraction.note_pairs == {0: 0}
        # Each paragraph is a line of the source the findings count in.
        assert doc.source is not None
        assert doc.source.split("\n")[2] == "Le rapport le confirme (Martin, 2018)."
        results[doc.kind.value] = sorted((f.kind, f.span.line) for f in findings)
    assert results["odt"] == results["epub"] == [("citation-unmatched", 3),
                                                 ("reference-uncited", 6)]
    # The same text written in Markdown, the form both were made from, finds the same.
    markdown = write(tmp_path, "a.md", (
        "# Le vélo en ville\n\nLes déplacements à vélo ont augmenté de 37 % en cinq ans[^1], "
        "selon *La ville cyclable* (Dupont, 2021).\n\nLe [rapport](https://www.velo-territoires"
        ".org/obs) le confirme (Martin, 2018).\n\n# Références\n\nDupont, J. (2021). La ville "
        "cyclable. Paris : Le Moniteur.\n\nMartin, C. (2019). La sécurité perçue. Revue des "
        "transports, 12(3), 45-67.\n\n[^1]: Baromètre des mobilités, 2024.\n"))
    _, _, findings, _ = run(markdown)
    assert sorted(f.kind for f in findings) == ["citation-unmatched", "reference-uncited"]


def test_formats_in_a_folder_and_bad_packages(tmp_path):
    write_odt(tmp_path / "a.odt")
    write(tmp_path, "pom.xml", "<project><modelVersion>4</modelVersion></project>")
    (tmp_path / "bad.epub").write_bytes(b"not a zip")
    result = CliRunner().invoke(main, ["audit", "--offline", "--format", "json",
                                       str(tmp_path / "bad.epub")])
    assert result.exit_code == 2
    assert "bad.epub: not an EPUB (not a zip file)" in result.output
    (tmp_path / "bad.epub").unlink()
    result = CliRunner().invoke(main, ["audit", "--offline", "--format", "json", str(tmp_path)])
    report = json.loads(result.output)  # a folder's pom.xml is no article: not audited
    assert [Path(d["path"]).name for d in report["documents"]] == ["a.odt"]


def test_deep_nesting_and_unknown_xml_are_refused_plainly(tmp_path):
    deep = "<article><body>" + "<sec>" * 1500 + "<p>x</p>" + "</sec>" * 1500 + "</body></article>"
    result = CliRunner().invoke(main, ["audit", "--offline", str(write(tmp_path, "deep.xml", deep))])
    assert result.exit_code == 2 and "nested more than 1000 deep" in result.output
    other = write(tmp_path, "book.xml", "<book><chapter>Hello</chapter></book>")
    essay = write(tmp_path, "essay.md", "Hello (Smith, 2020).\n")
    # An XML file that is no article is skipped with a note, even named; the rest is read.
    result = CliRunner().invoke(main, ["audit", "--offline", "--format", "json", str(other),
                                       str(essay)])
    assert "book.xml: XML that is no JATS or TEI article: skipped" in result.stderr
    assert [Path(d["path"]).name for d in json.loads(result.stdout)["documents"]] == ["essay.md"]
