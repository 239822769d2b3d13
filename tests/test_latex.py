"""LaTeX articles: citations against the .bib they name or their own thebibliography,
footnotes, links, headings; comments, the preamble and mathematics left out; findings
at the .tex's own lines."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import run, write

from citecheck.cli import main
from citecheck.ingest.latex import latex_to_text

BIB = """@article{oke1982,
  author = {Oke, T. R.},
  title = {The energetic basis of the urban heat island},
  journal = {Quarterly Journal of the Royal Meteorological Society},
  year = {1982}
}
@book{taylor2018,
  author = {Taylor, M.},
  title = {Hot Cities},
  publisher = {Routledge},
  year = {2018}
}
"""

PAPER = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
\title{Cities and heat: a review}
\author{A. Author, 99\% sure}
\begin{document}
\maketitle
% 80% of this comment is not text
\section{Introduction}
Urban heat islands raise night temperatures by up to 7~°C \citep[p.~4]{oke1982}.
As \citet{taylor2018} shows, about 40\% of city dwellers lack shade.\footnote{See the
survey at \url{https://example.org/shade}, 2021.} Heat kills \cite{missing2004}.
The balance is $Q = 50\% + H$ in most models \eqref{eq:1}.
\begin{equation}
  Q = 30\% \label{eq:1}
\end{equation}
Some 25\% of roofs could be greened, according to the \emph{Atelier parisien}.

\section{Data}
See \href{https://data.example.org/heat}{the portal} --- and Caf\'e data.
\bibliography{refs}
\end{document}
"""


def test_a_latex_article_is_read_as_a_reader_sees_it():
    text, offsets = latex_to_text(PAPER)
    assert text.startswith("# Cities and heat: a review")
    assert "[@oke1982, p. 4]" in text and "As @taylor2018 shows" in text
    assert "40% of city dwellers lack shade.[^1]" in text
    assert "[^1]: See the\nsurvey at <https://example.org/shade>, 2021." in text
    assert "the portal <https://data.example.org/heat>" in text and "— and Café data" in text
    assert "## Introduction" in text
    for hidden in ("80%", "99", "50%", "30%", "eq:1", "documentclass", "utf8"):
        assert hidden not in text
    assert len(offsets) == len(text)
    where = text.index("40%")
    assert PAPER[offsets[where]:offsets[where] + 2] == "40"


def test_findings_point_at_the_tex_lines(tmp_path):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    path = write(tmp_path, "paper.tex", PAPER)
    _, x, findings, resolved = run(path)
    assert [r.key for r in x.references] == ["oke1982", "taylor2018"]
    assert resolved[:2] == ["r0.1", "r0.2"] and resolved[2] is None
    assert [(f.kind, f.span.line) for f in findings] == [
        ("citation-unmatched", 11), ("attribution-unlinked", 16)]


def test_a_latex_bibliography_of_its_own(tmp_path):
    """``thebibliography``: \\cite gives the entries' numbers, \\bibitem the entries."""
    source = r"""\documentclass{article}
\begin{document}
Sleep supports memory~\cite{stick}. Most students sleep too little~\cite{wheat,stick}.

\begin{thebibliography}{9}
\bibitem{stick} R. Stickgold, ``Sleep-dependent memory consolidation,'' \emph{Nature},
vol. 437, pp. 1272--1278, 2005.
\bibitem{wheat} A. G. Wheaton, ``Short sleep duration,'' \emph{MMWR}, vol. 67, pp. 85--90, 2018.
\bibitem{unused} C. Nobody, ``Never cited,'' \emph{J. Things}, vol. 1, 2001.
\end{thebibliography}
\end{document}
"""
    result = CliRunner().invoke(main, ["audit", "--offline", "--format", "json",
                                       str(write(tmp_path, "items.tex", source))])
    (document,) = json.loads(result.output)["documents"]
    assert [r["title"] for r in document["references"]] == [
        "Sleep-dependent memory consolidation", "Short sleep duration", "Never cited"]
    assert [(c["text"], c["reference"]) for c in document["citations"]] == [
        ("[1]", "r1"), ("[2,1]", "r2"), ("[2,1]", "r1")]
    assert [(f["kind"], f["line"]) for f in document["findings"]] == [("reference-uncited", 9)]
