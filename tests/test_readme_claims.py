"""What the README says citecheck reads, and does not flag, holds on a document of that
shape (issue 21).  Each case quotes the README's words (a test fails if they are no longer
there, so a claim cannot change without its test) and audits, offline, a small document
written in the shape the claim names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

from citecheck.audit import audit
from citecheck.model import AuditOptions, AuditResult

README = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())

BIB = """@article{lee2020,
  author = {Lee, Ann},
  title = {Sleep and memory},
  journal = {Brain},
  year = {2020},
  volume = {3},
  pages = {1--9}
}
@book{roy2019,
  author = {Roy, Paul},
  title = {Cities},
  publisher = {Seuil},
  year = {2019}
}
"""


@dataclass(frozen=True)
class Claim:
    said: str
    """The README's words (whitespace folded)."""
    files: dict[str, str]
    holds: Callable[[AuditResult], bool]
    audited: str = ""
    """What is named on the command line (default: the folder)."""


def kinds(result: AuditResult) -> list[str]:
    return [f.kind for d in result.documents for f in d.findings]


def no_figure_findings(result: AuditResult) -> bool:
    return not [k for k in kinds(result) if k.startswith(("figure-", "attribution-"))]


def cited(*keys_or_years: str) -> Callable[[AuditResult], bool]:
    """Every citation resolves to an entry, there are as many as ``keys_or_years``, and
    nothing about citations or entries is flagged."""
    def holds(result: AuditResult) -> bool:
        doc = result.documents[0]
        real = [c for c in doc.extraction.citations if c.form != "mention"]
        return (len(real) == len(keys_or_years) and all(doc.citation_refs)
                and not [k for k in kinds(result) if k.startswith(("citation-", "reference-"))])
    return holds


def one_unmatched(result: AuditResult) -> bool:
    return kinds(result).count("citation-unmatched") == 1


APA_LIST = ("\n\n## References\n\nSmith, J. (2025). *A study of things*. Paris: Seuil.\n\n"
            "Gupta, A., Goel, B., & Goel, C. (2024). Models and data. *Journal of Things*, "
            "3(2), 1–9.\n\nCour des comptes. (2023). *Rapport public annuel*. Paris.\n\n"
            "Sadowski, J. (2025). *The mechanic and the Luddite*. Berkeley: UC Press.\n\n"
            "Khder, M. (2021). Web scraping. *Journal of Data*, 13(3), 145–168.\n")

CLAIMS = [
    Claim("Not flagged: headlines (the body states the figure)",
          {"a.md": "# 40 % des Français lisent chaque jour\n\nSelon l'enquête de l'INSEE "
                   "[(2023)](https://www.insee.fr/fr/statistiques/1), 40 % des Français "
                   "lisent chaque jour.\n"},
          no_figure_findings),
    Claim("a study's own Abstract, Methods and Results",
          {"a.md": "# A study\n\n## Abstract\n\nWe surveyed 1,200 students; 64% slept less "
                   "than seven hours.\n\n## Methods\n\nWe recruited 1,200 students in 2021.\n\n"
                   "## Results\n\nOf the 1,200 students, 64% slept less than seven hours and "
                   "12% less than five.\n"},
          no_figure_findings),
    Claim('statistical settings ("95% CI", "80% power")',
          {"a.md": "# Design\n\nThe effect was 0.4 (95% CI 0.2 to 0.6). A sample of this "
                   "size gives 80% power to detect it.\n"},
          no_figure_findings),
    Claim("a named source whose site the document links to elsewhere",
          {"a.md": "# Emploi\n\nL'[OCDE](https://www.oecd.org/fr/emploi.html) publie chaque "
                   "année ses perspectives.\n\nSelon l'OCDE, 12 % des emplois sont menacés.\n"},
          no_figure_findings),
    Claim("APA, MLA, Harvard",
          {"a.md": "# Essay\n\nThings happen (Smith, 2025).\n" + APA_LIST.split("\n\nGupta")[0]
                   + "\n"},
          cited("Smith")),
    Claim("citations of the forms `(Smith 2025)`, `(Gupta, Goel, et Goel 2024)`, "
          "`(Cour des comptes 2023)`, `Sadowski (2025, 119)`, `[Khder 2021]`",
          {"a.md": "# Essai\n\nUne idée (Smith 2025). Une autre (Gupta, Goel, et Goel 2024). "
                   "Un rapport (Cour des comptes 2023). Comme le dit Sadowski (2025, 119), "
                   "rien ne va. Voir [Khder 2021].\n" + APA_LIST},
          cited("Smith", "Gupta", "Cour", "Sadowski", "Khder")),
    Claim("`[@key]`",
          {"a.md": "---\nbibliography: refs.bib\n---\n\n# Essay\n\nSleep matters [@lee2020; "
                   "@roy2019, p. 4].\n", "refs.bib": BIB},
          cited("lee2020", "roy2019"), "a.md"),
    Claim("`[3]`, `[1, p. 4]`",
          {"a.txt": "Essay\n\nAs shown [2], and again [1, p. 4].\n\nReferences\n\n"
                    "[1] A. Lee, \u201cSleep and memory,\u201d Brain, vol. 3, pp. 1\u20139, "
                    "2020.\n[2] P. Roy, Cities. Paris: Seuil, 2019.\n"},
          cited("2", "1")),
    Claim("MLA's `(Sebald 45)` / `(Nora, 112)` / `(Hirsch, *Generation* 5)`",
          {"a.md": "# Essay\n\nMemory fades (Sebald 45). Places remain (Nora, 112). Images "
                   "persist (Hirsch, *Generation* 5).\n\n## Works Cited\n\nHirsch, Marianne. "
                   "*The Generation of Postmemory*. Columbia UP, 2012.\n\nNora, Pierre. "
                   "*Les Lieux de mémoire*. Gallimard, 1984.\n\nSebald, W. G. *Austerlitz*. "
                   "Random House, 2001.\n"},
          cited("Sebald", "Nora", "Hirsch")),
    Claim('"---." and "———." in a list repeat the authors above',
          {"a.md": "# Essay\n\nFirst (Roy 2019). Second (Roy 2021).\n\n## Bibliography\n\n"
                   "Roy, Paul. 2019. *Cities*. Paris: Seuil.\n\n———. 2021. *Rivers*. Paris: "
                   "Seuil.\n"},
          cited("2019", "2021")),
    Claim("LaTeX's `thebibliography`",
          {"a.tex": "\\documentclass{article}\n\\begin{document}\nSleep matters "
                    "\\cite{lee}.\n\\begin{thebibliography}{9}\n\\bibitem{lee} A. Lee, "
                    "Sleep and memory, Brain 3 (2020) 1--9.\n\\end{thebibliography}\n"
                    "\\end{document}\n"},
          cited("lee")),
    Claim("(front matter, a metadata file beside it, `_quarto.yml` above it, "
          "`\\bibliography{}`, or `--bibliography`)",
          {"paper/a.qmd": "# Essay\n\nSleep matters [@lee2020].\n",
           "_quarto.yml": "bibliography: refs.bib\n", "refs.bib": BIB},
          cited("lee2020"), "paper/a.qmd"),
    Claim("in BibTeX, CSL-JSON, CSL-YAML or RIS",
          {"a.md": "---\nbibliography: refs.json\n---\n\n# Essay\n\nSleep matters "
                   "[@lee2020].\n",
           "refs.json": '[{"id": "lee2020", "type": "article-journal", "title": "Sleep and '
                        'memory", "author": [{"family": "Lee", "given": "Ann"}], '
                        '"container-title": "Brain", "issued": {"date-parts": [[2020]]}}]'},
          cited("lee2020"), "a.md"),
    Claim("only the entries a document cites are checked, since BibTeX and Pandoc print no "
          "other",
          {"a.md": "---\nbibliography: refs.bib\n---\n\n# Essay\n\nSleep [@lee2020].\n",
           "refs.bib": BIB + "@misc{nothing,\n  note = {no author, no title, no year}\n}\n"},
          lambda r: "reference-uncited" not in kinds(r)
          and "reference-incomplete" not in kinds(r), "a.md"),
    Claim("(a `.bib` audited alone gets every check)",
          {"refs.bib": BIB + "@misc{nothing,\n  note = {no author, no title, no year}\n}\n"},
          lambda r: "reference-incomplete" in kinds(r), "refs.bib"),
    Claim("A LaTeX main file is audited with the chapters it `\\include`s or `\\input`s",
          {"main.tex": "\\documentclass{book}\n\\begin{document}\n\\include{ch1}\n"
                       "\\bibliography{refs}\n\\end{document}\n",
           "ch1.tex": "\\chapter{One}\nSleep matters \\cite{lee2020}.\n", "refs.bib": BIB},
          lambda r: len(r.documents) == 2 and not [
              k for k in kinds(r) if k.startswith("citation-")], "main.tex"),
    Claim("a chapter audited alone uses its main file's bibliography",
          {"main.tex": "\\documentclass{book}\n\\begin{document}\n\\include{ch1}\n"
                       "\\bibliography{refs}\n\\end{document}\n",
           "ch1.tex": "\\chapter{One}\nSleep matters \\cite{lee2020}.\n", "refs.bib": BIB},
          lambda r: not [k for k in kinds(r) if k.startswith("citation-")], "ch1.tex"),
    Claim("front matter, code, mathematics, raw LaTeX floats, comments and templates give "
          "no citation or figure",
          {"a.md": "---\ntitle: 40 % of all\nnote: (Smith 2020)\n---\n\n# Essay\n\n"
                   "```r\nx <- 40 # 40 % (Smith 2020)\n```\n\n$$ p = 0.05 \\times 100 $$\n\n"
                   "<!-- 35 % (Jones 2019) -->\n\n{% include figure.html caption=\"40 %\" %}\n\n"
                   "Nothing else.\n"},
          lambda r: not kinds(r) and not r.documents[0].extraction.citations),
    Claim("table cells (pipe tables and LaTeX `tabular`) and caption lines give no figure, and "
          "the citations in them are read",
          {"a.md": "# Essay\n\n| group | share |\n|---|---|\n| A | 40 % (Smith 2020) |\n\n"
                   "Table: Shares, 40 % of 1,200 people (Smith 2020).\n\n"
                   "## References\n\nSmith, J. (2020). *A study*. Paris: Seuil.\n",
           "b.tex": "\\documentclass{article}\n\\begin{document}\n\\begin{tabular}{ll}\n"
                    "A & 40\\% \\\\\nB & 3 million \\\\\n\\end{tabular}\n\\end{document}\n"},
          lambda r: not kinds(r) and len(r.documents[0].extraction.citations) == 2),
    Claim('Pandoc\'s "key?" marks of unresolved keys',
          {"a.md": "# Essay\n\nSleep matters (**lee2021?**). Cities grow ([Roy\n"
                   "2019](#ref-roy2019)).\n\n::: {#refs .references .csl-bib-body}\n"
                   "::: {#ref-roy2019 .csl-entry}\nRoy, Paul. 2019. *Cities*. Paris: Seuil.\n"
                   ":::\n:::\n"},
          lambda r: [(f.kind, f.severity.value) for d in r.documents for f in d.findings]
          == [("citation-unmatched", "error")]
          and r.documents[0].citation_refs.count(None) == 1),
    Claim("`csl-entry` blocks (HTML divs, or the fenced divs of Pandoc's own Markdown)",
          {"a.md": "# Essay\n\nCities grow ([Roy 2019](#ref-roy2019)).\n\n"
                   "<div id=\"refs\" class=\"references csl-bib-body\">\n"
                   "<div id=\"ref-roy2019\" class=\"csl-entry\">\nRoy, Paul. 2019. *Cities*. "
                   "Paris: Seuil.\n</div>\n</div>\n",
           "b.md": "# Essay\n\nCities grow ([Roy 2019](#ref-roy2019)).\n\n"
                   "::: {#refs .references .csl-bib-body}\n::: {#ref-roy2019 .csl-entry}\n"
                   "Roy, Paul. 2019. *Cities*. Paris: Seuil.\n:::\n:::\n"},
          lambda r: len(r.documents) == 2 and all(
              len(d.extraction.references) == 1 and d.citation_refs == (d.extraction.references[0].id,)
              for d in r.documents) and not kinds(r)),
    Claim("jekyll-scholar's `{% cite key %}` against the site's bibliography",
          {"_config.yml": "scholar:\n  bibliography: refs.bib\n",
           "_bibliography/refs.bib": BIB,
           "_posts/a.md": "---\nlayout: post\n---\n\n# Post\n\nSleep matters "
                          "{% cite lee2020 %}.\n"},
          cited("lee2020"), "_posts/a.md"),
    Claim("MyST's `{cite:p}`key`` roles",
          {"myst.yml": "project:\n  bibliography:\n    - refs.bib\n", "refs.bib": BIB,
           "a.md": "# Chapter\n\nSleep matters {cite:p}`lee2020`.\n"},
          cited("lee2020"), "a.md"),
    Claim("links to hand-made anchors (`[[smith2004](#smith2004)]`)",
          {"a.md": "# Essay\n\nAs argued [[smith2004](#smith2004)].\n\n## References\n\n"
                   "<a name=\"smith2004\"></a>Smith, J. (2004). *Cities*. Paris: Seuil.\n"},
          cited("smith2004")),
    Claim("notes that give a work in full (notes–bibliography)",
          {"a.md": "# Essai\n\nLa ville grandit.[^1]\n\n[^1]: Paul Roy, *Cities*, Paris, "
                   "Seuil, 2019, p. 12.\n"},
          lambda r: not kinds(r)),
    Claim("(front matter, a metadata file beside it",
          {"article.md": "# Essay\n\nSleep matters [@lee2020].\n",
           "article.yaml": "bibliography: refs.bib\n", "refs.bib": BIB},
          cited("lee2020"), "article.md"),
    Claim("Vancouver, compact physics/chemistry styles and French ISO 690",
          {"a.txt": "Essai\n\nLe sommeil compte (1). Les villes aussi (2).\n\n"
                    "Références\n\n1. Lee A, Roy P. Sleep and memory. Brain. "
                    "2020;3:1-9.\n2. ROY (Paul), *Cities*, Paris, Seuil, 2019.\n"},
          cited("1", "2")),
    Claim('reading lists ("Further reading", "Pour aller plus loin": read, never "uncited")',
          {"a.md": "# Essai\n\nUne idée (Roy 2019).\n\n## Bibliographie\n\nRoy, Paul. 2019. "
                   "*Cities*. Paris: Seuil.\n\n## Pour aller plus loin\n\nLee, Ann. 2020. "
                   "*Sleep and memory*. Paris: Seuil.\n"},
          lambda r: "reference-uncited" not in kinds(r)
          and len(r.documents[0].extraction.references) == 2),
]


def _audit(tmp_path: Path, claim: Claim) -> AuditResult:
    for name, text in claim.files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    target = tmp_path / claim.audited if claim.audited else tmp_path
    return audit(AuditOptions(paths=(str(target),), offline=True))


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.said[:40] for c in CLAIMS])
def test_the_readme_claim_holds(tmp_path, claim):
    assert " ".join(claim.said.split()) in README, "the README no longer says this"
    result = _audit(tmp_path, claim)
    assert claim.holds(result), [(f.kind, f.span.line, f.message) for d in result.documents
                                 for f in d.findings]
