"""Print the test PDFs (tests/data/pdf/) from HTML written here, with Chromium.

The HTML pages are kept beside the PDFs, so what each PDF was made from is known:

- ``essay-1col`` and ``essay-2col``: the seed essay (seeds/001_…txt), one paragraph per
  line of its text, its web addresses as links, on A4 in one and in two columns;
- ``notes``: pages laid out by hand, each with its footnotes at the foot in a smaller
  type under a rule, a running header and a page number, a word hyphenated at a line's
  end, a link whose text is not its address and a numbered reference list.

Run: ``python bench/make_test_pdfs.py`` (needs ``chromium`` on the PATH).
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "pdf"
SEED = ROOT / "seeds" / "001_d6466370229cb92f.txt"
_URL = re.compile(r"https?://[^\s<>()«»]+[^\s<>()«».,;:]")

STYLE = """@page { size: A4; margin: 20mm 18mm; }
body { font-family: 'DejaVu Serif', serif; font-size: 10.5pt; line-height: 1.35; }
p { margin: 0 0 0.6em 0; text-align: justify; hyphens: manual; }"""


def _linked(line: str) -> str:
    out, last = [], 0
    for match in _URL.finditer(line):
        out.append(html.escape(line[last:match.start()]))
        url = html.escape(match.group(), quote=True)
        out.append(f'<a href="{url}">{url}</a>')
        last = match.end()
    out.append(html.escape(line[last:]))
    return "".join(out)


def essay(columns: int) -> str:
    lines = [line for line in SEED.read_text(encoding="utf-8").split("\n") if line.strip()]
    body = "\n".join(f"<p>{_linked(line)}</p>" for line in lines)
    extra = f"body {{ column-count: {columns}; column-gap: 8mm; }}" if columns > 1 else ""
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><style>{STYLE}\n{extra}'
            f"</style></head><body>{body}</body></html>")


NOTES_PAGES = [
    ("Le vélo en ville", [
        "Les déplacements à vélo ont augmenté de 37 % entre 2019 et 2024 dans les grandes "
        "villes françaises<sup>1</sup>. Cette croissance s’explique d’abord par les "
        "aménagements cyclables, dont le linéaire a doublé en cinq ans (Dupont, 2021).",
        "Selon l’observatoire national, la part modale du vélo reste pourtant modeste<sup>2"
        "</sup> ; le <a href=\"https://www.velo-territoires.org/observatoires/\">rapport de "
        "Vélo &amp; Territoires</a> détaille ces chiffres par agglo-<br>mération et par saison.",
    ], ["1. Baromètre des mobilités du quotidien, édition 2024, p. 12.",
        "2. Observatoire national des mobilités actives, 2023."]),
    ("Le vélo en ville", [
        "Les villes moyennes suivent le même mouvement, plus lentement<sup>3</sup>. Les "
        "enquêtes de terrain montrent que la sécurité perçue compte davantage que la "
        "distance (Martin et Leroy, 2019).",
        "Références",
        "[1] Dupont, J. (2021). Aménager la ville cyclable. Paris : Éditions du Moniteur.",
        "[2] Martin, C. et Leroy, P. (2019). La sécurité perçue des cyclistes. "
        "<i>Revue des transports</i>, 12(3), 45-67. https://doi.org/10.1234/rt.2019.045",
    ], ["3. Cerema, Les villes moyennes et le vélo, 2022."]),
]


def notes_document() -> str:
    pages = []
    for number, (header, paragraphs, notes) in enumerate(NOTES_PAGES, 1):
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        foot = "".join(f'<p class="note">{n}</p>' for n in notes)
        pages.append(f'<div class="page"><div class="head">{header}</div>'
                     f'<div class="body">{body}</div><div class="foot"><hr>{foot}</div>'
                     f'<div class="num">{number}</div></div>')
    style = """@page { size: A4; margin: 0; }
body { margin: 0; font-family: 'DejaVu Serif', serif; font-size: 11pt; }
.page { position: relative; width: 210mm; height: 296mm; page-break-after: always; }
.head { position: absolute; top: 10mm; left: 25mm; font-size: 8pt; font-style: italic; }
.body { position: absolute; top: 25mm; left: 25mm; width: 160mm; }
.body p { margin: 0 0 0.7em 0; line-height: 1.4; }
.foot { position: absolute; bottom: 22mm; left: 25mm; width: 160mm; font-size: 8pt; }
.foot hr { width: 50mm; margin: 0 0 2mm 0; border: 0; border-top: 0.5pt solid black; }
.foot p { margin: 0 0 1mm 0; }
.num { position: absolute; bottom: 10mm; width: 210mm; text-align: center; font-size: 9pt; }
sup { font-size: 65%; }"""
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><style>{style}'
            f'</style></head><body>{"".join(pages)}</body></html>')


def print_pdf(name: str, page: str) -> None:
    source = OUT / f"{name}.html"
    source.write_text(page, encoding="utf-8")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={OUT / (name + '.pdf')}",
                    source.as_uri()], check=True, capture_output=True, timeout=120)
    print(f"{name}.pdf: {(OUT / (name + '.pdf')).stat().st_size} bytes")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    print_pdf("essay-1col", essay(1))
    print_pdf("essay-2col", essay(2))
    print_pdf("notes", notes_document())
    return 0


if __name__ == "__main__":
    sys.exit(main())
