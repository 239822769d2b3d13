"""PDF: text in reading order, notes at the pages' feet, links, furniture left out, and
findings said by page and line."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
from click.testing import CliRunner
from conftest import run

from citecheck.cli import main

PDFS = Path(__file__).resolve().parent / "data" / "pdf"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "001_d6466370229cb92f.txt"


def test_a_page_with_notes_at_its_foot_reads_as_a_reader_sees_it():
    doc, extraction, findings, resolved = run(PDFS / "notes.pdf")
    assert doc.kind == "pdf" and doc.pages == (1, 10)
    text = doc.text
    assert "Le vélo en ville" not in text  # the running header, on both pages
    assert "\n1\n" not in text and not text.rstrip().endswith("2")  # page numbers
    assert "par agglomération et par saison" in text  # "agglo-" / "mération" joined
    assert "rapport de Vélo & Territoires <https://www.velo-territoires.org/observatoires/>" in text
    assert "villes françaises¹." in text and "plus lentement³." in text
    assert [n.label for n in extraction.notes] == ["1", "2", "3"]
    assert extraction.note_pairs == {0: 0, 1: 1, 2: 2}
    assert [(r.number, r.authors, r.year) for r in extraction.references] == [
        ("1", ("Dupont",), "2021"), ("2", ("Martin", "Leroy"), "2019")]
    assert [d.value for d in extraction.dois] == ["10.1234/rt.2019.045"]
    assert findings == [] and all(resolved)


def test_findings_in_a_pdf_are_said_by_page_and_line(tmp_path):
    result = CliRunner().invoke(main, ["audit", "--offline", "--format", "json",
                                       str(PDFS / "essay-1col.pdf")])
    report = json.loads(result.output)
    found = report["documents"][0]["findings"]
    sabowski = next(f for f in found if "Sabowski" in f["message"])
    assert (sabowski["page"], sabowski["line"]) == (3, 35)
    # The page's 35th line is where a reader finds it.
    doc, *_ = run(PDFS / "essay-1col.pdf")
    assert doc.source is not None
    lines = doc.source.split("\n")
    assert "Sabowski" in lines[doc.pages[2] - 1 + 35 - 1]
    terminal = CliRunner().invoke(main, ["audit", "--offline", str(PDFS / "essay-1col.pdf")])
    assert "p. 3, l. 35" in terminal.output


def _key_findings(path: Path) -> list[tuple[str, str]]:
    _, _, findings, _ = run(path)
    return sorted((f.kind, f.text) for f in findings if f.kind != "reference-incomplete")


def test_the_seed_essay_reads_the_same_printed_in_one_column():
    _, text_version, _, _ = run(SEED)
    _, printed, _, _ = run(PDFS / "essay-1col.pdf")
    assert [d.value for d in printed.dois] == [d.value for d in text_version.dois]
    assert len(printed.markers) == len(text_version.markers) == 6
    assert {(r.authors[:1], r.year) for r in text_version.references} <= {
        (r.authors[:1], r.year) for r in printed.references}
    assert _key_findings(PDFS / "essay-1col.pdf") == _key_findings(SEED)


def test_two_columns_are_read_one_after_the_other():
    doc, printed, _, _ = run(PDFS / "essay-2col.pdf")
    # A paragraph that runs from the foot of the left column to the top of the right one
    # is read whole, and the right column after the left one.
    openings = [line[:40] for line in SEED.read_text(encoding="utf-8").split("\n")
                if len(line) > 300][:20]  # the essay's long paragraphs, in order
    places = [doc.text.find(opening) for opening in openings]
    assert -1 not in places and places == sorted(places)
    assert len(printed.markers) == 6
    found = {f.text for f in run(PDFS / "essay-2col.pdf")[2]}
    assert {"Sabowski", "Sadowki"} <= found


def test_a_scan_and_a_broken_pdf_are_said_to_be_unreadable(tmp_path):
    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)
    blank.save(tmp_path / "scan.pdf")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really\n")
    for name, said in (("scan.pdf", "scanned PDF with no text layer"),
                       ("broken.pdf", "not a readable PDF")):
        result = CliRunner().invoke(main, ["audit", "--offline", str(tmp_path / name)])
        assert result.exit_code == 2, result.output
        assert said in result.output
