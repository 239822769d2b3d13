"""The PDF reader, measured: pages per second and how well it reads the test PDFs.

For each PDF in tests/data/pdf/ it prints the pages read per second by PDFium (the
reader citecheck uses) and by pdfminer.six (fed to the same layout, when installed), and
for the seed essay's PDFs how their reading compares with the essay's text version:
entries found (by first author and year), DOIs, note calls and findings.

Run: ``python bench/pdf_reading.py``.
"""

from __future__ import annotations

import itertools
import sys
import time
import tomllib
from pathlib import Path

from citecheck.check import check_document
from citecheck.extract.document import extract
from citecheck.ingest.files import load_document
from citecheck.ingest.pdf import read_pages
from citecheck.ingest.pdflayout import Char, Page, layout
from citecheck.model import Document, DocumentKind

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "tests" / "data" / "pdf"
SEED = ROOT / "seeds" / "001_d6466370229cb92f.txt"


def pdfminer_pages(path: Path) -> list[Page]:
    """The same characters as pdfminer.six lays them out (no links)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextLine

    def walk(item: object, chars: list[Char]) -> None:
        if isinstance(item, LTChar):
            chars.append(Char(item.get_text(), item.x0, item.x1, item.y0, item.y1, item.size))
        elif isinstance(item, LTTextLine):
            for child in item:
                walk(child, chars)
            chars.append(Char("\n", 0, 0, 0, 0, 0, True))
        elif hasattr(item, "__iter__"):
            for child in item:
                walk(child, chars)

    pages = []
    for number, layout_page in enumerate(extract_pages(str(path)), 1):
        chars: list[Char] = []
        walk(layout_page, chars)
        pages.append(Page(number, layout_page.width, layout_page.height, chars))
    return pages


def speed(path: Path) -> None:
    data = path.read_bytes()
    started = time.perf_counter()
    pages = read_pages(data, path.name)
    layout(pages)
    took = time.perf_counter() - started
    line = f"{path.name:16} {len(pages):3} pages  PDFium {len(pages) / took:7.1f} pages/s"
    try:
        started = time.perf_counter()
        layout(pdfminer_pages(path))
        line += f"  pdfminer.six {len(pages) / (time.perf_counter() - started):6.1f} pages/s"
    except ImportError:
        line += "  pdfminer.six not installed"
    print(line)


def _document(path: Path, pages: list[Page]) -> Document:
    text, offsets, source, starts = layout(pages)
    return Document(str(path), DocumentKind.PDF, text, Document.line_starts_of(source), offsets,
                    source=source, pages=starts)


def _entries(path: Path, pdfminer: bool = False
             ) -> tuple[set[tuple[str, str]], list[str], int, list[tuple[str, str]]]:
    doc = _document(path, pdfminer_pages(path)) if pdfminer else load_document(path)
    extraction = extract(doc)
    findings, _ = check_document(doc, extraction)
    entries = {(r.authors[0] if r.authors else "?", r.year or "?") for r in extraction.references}
    return (entries, [d.value for d in extraction.dois], len(extraction.markers),
            sorted((f.kind, f.text) for f in findings))


def compare() -> None:
    expected, dois, markers, findings = _entries(SEED)
    print(f"\nseed essay, text version: {len(expected)} entries, {len(dois)} DOIs, "
          f"{markers} note calls, {len(findings)} findings")
    readers = [("PDFium", False)]
    try:
        import pdfminer  # noqa: F401

        readers.append(("pdfminer.six", True))
    except ImportError:
        pass
    for (reader, pdfminer), name in itertools.product(readers, ("essay-1col.pdf", "essay-2col.pdf")):
        got, got_dois, got_markers, got_findings = _entries(PDFS / name, pdfminer)
        found = len(expected & got)
        print(f"{reader:12} {name}: entries {found}/{len(expected)} found, {len(got - expected)} extra "
              f"(split accuracy {found / max(len(expected | got), 1):.0%}); DOIs "
              f"{'same' if got_dois == dois else got_dois}; note calls {got_markers}; "
              f"findings {len(set(findings) & set(got_findings))}/{len(findings)} the same, "
              f"{len(set(got_findings) - set(findings))} more")


CORPUS = ROOT / "bench" / "corpus"


def corpus_pdfs() -> None:
    """The real PDFs of the corpus (bench/corpus_pull.py), against their labels."""
    manifest = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))
    print("\nreal PDFs (bench/corpus), entries read against entries counted by reading:")
    for doc in manifest["doc"]:
        if not doc["files"][0].endswith(".pdf"):
            continue
        path = CORPUS / doc["id"] / doc["files"][0]
        labels = CORPUS / "labels" / f"{doc['id']}.toml"
        if not path.exists() or not labels.exists():
            print(f"  {doc['id']}: not pulled (bench/corpus_pull.py)")
            continue
        expected = tomllib.loads(labels.read_text(encoding="utf-8"))["references"]
        started = time.perf_counter()
        extraction = extract(load_document(path))
        took = time.perf_counter() - started
        pages = len(read_pages(path.read_bytes(), path.name))
        print(f"  {doc['id']:24} {pages:3} pages {pages / took:6.1f} pages/s (reading and "
              f"extraction)  entries {len(extraction.references)}/{expected}")


def main() -> int:
    for path in sorted(PDFS.glob("*.pdf")):
        speed(path)
    compare()
    corpus_pdfs()
    return 0


if __name__ == "__main__":
    sys.exit(main())
