"""PDF: text in reading order, notes at the pages' feet, links, furniture left out, and
findings said by page and line."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from conftest import run

from citecheck.cli import main
from citecheck.ingest.pdflayout import Char, Page, layout

PDFS = Path(__file__).resolve().parent / "data" / "pdf"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "001_d6466370229cb92f.txt"


def test_a_page_with_notes_at_its_foot_reads_as_a_reader_sees_it():
    doc, extraction, findings, resolved = run(PDFS / "notes.pdf")
    assert doc.kind == "pdf" and doc.pages == (1, 11)
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
    assert (sabowski["page"], sabowski["line"]) == (3, 36)
    # The page's 35th line is where a reader finds it.
    doc, *_ = run(PDFS / "essay-1col.pdf")
    assert doc.source is not None
    lines = doc.source.split("\n")
    assert "Sabowski" in lines[doc.pages[2] - 1 + 36 - 1]
    terminal = CliRunner().invoke(main, ["audit", "--offline", str(PDFS / "essay-1col.pdf")])
    assert "p. 3, l. 36" in terminal.output


@pytest.mark.parametrize("name", ["essay-1col.pdf", "essay-2col.pdf"])
def test_the_seed_essay_printed_reads_as_its_text_version(name):
    _, text_version, expected, _ = run(SEED)
    _, printed, findings, _ = run(PDFS / name)
    # The same 30 entries, DOIs, note calls and notes, and the same findings.
    assert len(printed.references) == len(text_version.references) == 30
    assert [(r.authors, r.year, r.doi) for r in printed.references] == [
        (r.authors, r.year, r.doi) for r in text_version.references]
    assert [d.value for d in printed.dois] == [d.value for d in text_version.dois]
    assert [m.label for m in printed.markers] == [m.label for m in text_version.markers]
    assert printed.note_pairs == text_version.note_pairs
    assert sorted((f.kind, f.text) for f in findings) == sorted(
        (f.kind, f.text) for f in expected)


def test_two_columns_are_read_one_after_the_other():
    doc, printed, _, _ = run(PDFS / "essay-2col.pdf")
    # A paragraph that runs from the foot of the left column to the top of the right one
    # is read whole, and the right column after the left one.
    openings = [line[:40] for line in SEED.read_text(encoding="utf-8").split("\n")
                if len(line) > 300][:20]  # the essay's long paragraphs, in order
    places = [doc.text.find(opening) for opening in openings]
    assert -1 not in places and places == sorted(places)


def test_a_real_journal_pdf_reads_its_reference_list_whole():
    doc, extraction, findings, _ = run(PDFS / "joss-ncdatasets.pdf")
    # Each entry whole: how each opens, and its year.
    assert [(r.raw[:12], r.year) for r in extraction.references] == [
        ("Barth, A., A", "2022"), ("Belgacem, M.", "2021"), ("Doglioni, F.", "2023"),
        ("Eaton, B., G", "2023"), ("Hassell, D.,", "2017"), ("Klöwer, M., ", "2023"),
        ("NetCDF Binar", "2011"), ("Ramadhan, A.", "2020"), ("Rew, R., & D", "1990"),
        ("Shahzadi, K.", "2021"), ("Zarr Storage", "2022")]
    # An address cut at a line's end ("https://doi.org/" | "10.5194/…") is read whole.
    assert "10.5194/gmd-10-4619-2017" in {d.value for d in extraction.dois}
    assert "Journal of Open Source Software" not in doc.text.split("References")[0][-300:]
    assert not [f for f in findings if f.kind in {"footnote-missing", "doi-malformed",
                                                  "reference-uncited"}]


def _encrypted_pdf() -> bytes:
    """A PDF encrypted with the standard handler, whose empty password is wrong."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32
        + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<" % (len(objects) + 1)
            + b"01" * 16 + b"><" + b"01" * 16 + b">] >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return bytes(out)


def test_a_scan_and_a_broken_pdf_are_said_to_be_unreadable(tmp_path):
    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)
    blank.save(tmp_path / "scan.pdf")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really\n")
    (tmp_path / "locked.pdf").write_bytes(_encrypted_pdf())
    for name, said in (("scan.pdf", "scanned PDF with no text layer"),
                       ("broken.pdf", "not a readable PDF"),
                       ("locked.pdf", "an encrypted PDF that needs a password")):
        result = CliRunner().invoke(main, ["audit", "--offline", str(tmp_path / name)])
        assert result.exit_code == 2, result.output
        assert said in result.output


def _word(text: str, x: float, base: float, size: float = 10.0) -> list[Char]:
    chars, left = [], x
    for letter in text:
        chars.append(Char(letter, left, left + 5, base, base + size * 0.7, size))
        left += 5
    return chars


def test_ligatures_are_spelt_out_and_a_hyphenated_word_is_joined():
    # Two lines of one paragraph: the first runs to the right margin and ends "ef-", a
    # hyphen PDFium marks as the line end's; the second has the ligature "ﬁ".
    first = _word("Long words " + "x" * 80 + " ef", 50, 700)
    first.append(Char("-", first[-1].x1, first[-1].x1 + 5, 700, 707, 10.0, hyphen=True))
    second = _word("fect is ﬁnal.", 50, 688)
    page = Page(1, 600, 800, [*first, Char("\n", 0, 0, 0, 0, 0, True), *second])
    text, offsets, source, starts = layout([page])
    assert source.endswith(" ef-\nfect is ﬁnal.")  # the page as printed
    assert text.endswith(" effect is final.") and "ﬁ" not in text
    assert starts == (1,) and len(offsets) == len(text)


def _page(lines: list[list[Char]]) -> Page:
    chars: list[Char] = []
    for line in lines:
        chars += [*line, Char("\n", 0, 0, 0, 0, 0, True)]
    return Page(1, 600, 800, chars)


def test_margin_line_numbers_are_taken_off_and_accents_joined():
    # A manuscript's numbered lines: the numbers end at the same place, counting up.
    lines = []
    for index in range(8):
        number = str(420 + index)
        base = 700 - 24 * index
        lines.append(_word(number, 40 - 5 * len(number), base)
                     + [Char(" ", 41, 42, base, base, 0.0, True)]  # PDFium's space
                     + _word(f"Line {index} of the text goes on here.", 72, base))
    text, _, source, _ = layout([_page(lines)])
    assert "420" not in text and text.startswith("Line 0 of the text")
    assert len(source.split("\n")) == 8  # each printed line still counts
    # "Lud¨ascher": TeX draws the diaeresis apart, over the a.
    name = _word("Lud", 72, 600)
    name.append(Char("¨", name[-1].x1 + 1, name[-1].x1 + 4, 607, 609, 10.0))
    name += _word("ascher wrote it.", name[-2].x1, 600)
    text, _, _, _ = layout([_page([name])])
    assert "Ludäscher wrote it." in text


def test_numbers_that_do_not_count_up_are_text():
    lines = [_word(f"{n} apples were counted on day {i}.", 72, 700 - 24 * i)
             for i, n in enumerate([5, 3, 9, 2, 7, 1])]
    text, _, _, _ = layout([_page(lines)])
    assert text.startswith("5 apples") and "9 apples" in text
