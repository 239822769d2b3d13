"""Word files (.docx): text, notes, links and italics read as a reader sees them;
findings point at paragraphs; bad or hostile files refused with a clear message."""

from __future__ import annotations

import json
import zipfile

from click.testing import CliRunner
from docx_maker import write_docx

from citecheck.cli import main
from citecheck.ingest.docx import docx_to_text
from citecheck.ingest.files import load_document

PARAGRAPHS = [
    ("Title", [("text", "Le vélo en ville")]),
    (None, [("text", "Selon l’Ademe, 40 % des trajets font moins de 5 km"), ("note", 1),
            ("text", ". La fréquentation a bondi de 11 % (Martin 2021).")]),
    (None, [("text", "Les chiffres sont sur "),
            ("link", "https://www.velo-territoires.org/obs", "le site de Vélo & Territoires"),
            ("text", ". Un jeune sur trois roule"), ("note", 2), ("text", ".")]),
    (None, [("text", "Voir aussi "), ("field", "https://example.org/rapport", "ce rapport"),
            ("deleted", "un texte supprimé de 99 %"),
            ("text", ". Il a coûté 3 millions d’euros.")]),
    ("Heading1", [("text", "Bibliographie")]),
    (None, [("text", "Martin, Julie. 2021. "), ("italic", "Le vélo urbain"),
            ("text", ". Paris : Seuil.")]),
]
NOTES = {1: "Ademe, Enquête mobilité, 2023, https://www.ademe.fr/enquete.",
         2: "Baromètre des mobilités, 2024."}


def test_a_word_file_is_read_as_a_reader_sees_it(tmp_path):
    path = write_docx(tmp_path / "velo.docx", PARAGRAPHS, NOTES)
    text, _, paragraphs = docx_to_text(path.read_bytes(), "velo.docx")
    assert "5 km¹." in text and "roule²." in text
    assert "le site de Vélo & Territoires <https://www.velo-territoires.org/obs>" in text
    assert "ce rapport <https://example.org/rapport>" in text
    assert "supprimé" not in text  # a tracked deletion is not the text
    assert "*Le vélo urbain*" in text
    assert text.rstrip().endswith("2. Baromètre des mobilités, 2024.")
    # The source: one line per paragraph, as the report counts them.
    assert paragraphs.split("\n")[3] == "Voir aussi ce rapport. Il a coûté 3 millions d’euros."


def test_findings_in_a_word_file_point_at_paragraphs(tmp_path):
    write_docx(tmp_path / "velo.docx", PARAGRAPHS, NOTES)
    result = CliRunner().invoke(main, ["audit", "--offline", "--format", "json",
                                       str(tmp_path)])
    document = json.loads(result.output)["documents"][0]
    assert document["path"].endswith("velo.docx")
    assert document["title"] == "Le vélo en ville"
    assert [(r["authors"], r["title"]) for r in document["references"]] == [
        (["Martin"], "Le vélo urbain")]
    assert {link["url"] for link in document["links"]} >= {
        "https://www.velo-territoires.org/obs", "https://example.org/rapport",
        "https://www.ademe.fr/enquete"}
    assert document["footnotes"]["missing"] == []
    figures = [(f["kind"], f["line"], f["evidence"].get("figure")) for f in document["findings"]]
    assert figures == [("figure-unsourced", 4, "3 millions d’euros")]


def test_the_html_report_shows_a_word_files_paragraphs(tmp_path):
    path = write_docx(tmp_path / "velo.docx", PARAGRAPHS, NOTES)
    out = tmp_path / "report.html"
    CliRunner().invoke(main, ["audit", "--offline", "--format", "html", "--output", str(out),
                              str(path)])
    page = out.read_text(encoding="utf-8")
    assert "Voir aussi ce rapport. Il a coûté <mark" in page


def test_bad_and_hostile_word_files_are_refused(tmp_path):
    not_zip = tmp_path / "notes.docx"
    not_zip.write_bytes(b"plain text, not a Word file")
    result = CliRunner().invoke(main, ["audit", "--offline", str(not_zip)])
    assert result.exit_code == 2
    assert "not a Word document" in result.output

    hostile = tmp_path / "entities.docx"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("word/document.xml",
                         '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>'
                         '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                         'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&a;</w:t>'
                         '</w:r></w:p></w:body></w:document>')
    result = CliRunner().invoke(main, ["audit", "--offline", str(hostile)])
    assert result.exit_code == 2
    assert "document type" in result.output


def test_a_word_file_has_its_own_kind(tmp_path):
    doc = load_document(write_docx(tmp_path / "a.docx", [(None, [("text", "Hello.")])]))
    assert doc.kind == "docx" and doc.text.startswith("Hello.")
    assert doc.position(0) == (1, 1)


def test_simple_hyperlink_fields_and_reference_manager_codes(tmp_path):
    """A ``fldSimple`` HYPERLINK gives its address; a Zotero field's code (JSON) is not
    text, its result ("(Smith 2020)") is."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = ('<w:p><w:r><w:t xml:space="preserve">See </w:t></w:r><w:fldSimple '
            'w:instr=" HYPERLINK &quot;https://example.org/a&quot; "><w:r><w:t>this</w:t>'
            '</w:r></w:fldSimple><w:r><w:instrText> ADDIN ZOTERO_ITEM CSL_CITATION '
            '{"title":"Hidden"}</w:instrText></w:r><w:r><w:t>. Also (Smith 2020).</w:t>'
            '</w:r></w:p>')
    path = tmp_path / "z.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml",
                         f"<w:document {ns}><w:body>{body}</w:body></w:document>")
    text, _, _ = docx_to_text(path.read_bytes(), "z.docx")
    assert text.strip() == "See this <https://example.org/a>. Also (Smith 2020)."
