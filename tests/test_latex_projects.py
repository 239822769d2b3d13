"""LaTeX papers and theses as they are written (issue 18): a main file that includes its
chapters, tables, affiliations, and a ``.bib`` of which only the cited entries are
printed.  Each rule both ways.

Snippets marked "from" are short excerpts of documents of the corpus
(bench/corpus/manifest.toml, set "fresh"): 0u812/tellurium-plos-comp-biol2 (a PLOS
paper) and 0ceanlight/masters-seminar-paper (a thesis draft); others are our own.
"""

from __future__ import annotations

from conftest import run, write

from citecheck.audit import audit
from citecheck.model import AuditOptions, Severity

MAIN = r"""\documentclass{report}
\addbibresource{source/literature.bib}
\begin{document}
\include{source/chapter01}
\printbibliography
\end{document}
"""

CHAPTER = r"""\chapter{Introduction}
The stakes are high: statistics consistently show that most accidents occur during
landing.

Classical controllers fail on nonlinear systems \cite{zhang2024}.
Gliders were taught to soar \cite{novati2019}.
"""

LITERATURE = """@inproceedings{zhang2024,
  title = {AirPilot: Interpretable PPO-based Drone Controller},
  author = {Zhang, Junyang},
  year = 2024,
  url = {https://example.org/airpilot}
}

@article{spare2020,
  title = {Never cited},
  url = {http://members. tripod. co. uk/x}
}
"""


def _put(tmp_path, name, text):
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    return write(tmp_path, name, text)


def _audit(paths):
    result = audit(AuditOptions(paths=tuple(str(p) for p in paths), offline=True))
    return {doc.document.path.rsplit("/", 1)[-1]: doc for doc in result.documents}


def test_a_main_file_brings_its_chapters_and_their_bibliography(tmp_path):
    """From 0ceanlight/masters-seminar-paper: main.tex \\include's its chapters and
    \\addbibresource's the .bib; the claims and citations are in the chapters.  Auditing
    main.tex audits them, each with the main file's bibliography; a chapter given alone
    finds it too."""
    _put(tmp_path, "main.tex", MAIN)
    _put(tmp_path, "source/chapter01.tex", CHAPTER)
    _put(tmp_path, "source/literature.bib", LITERATURE)
    docs = _audit([tmp_path / "main.tex"])
    assert list(docs) == ["main.tex", "chapter01.tex"]
    chapter = docs["chapter01.tex"]
    assert [(f.kind, f.span.line) for f in chapter.findings] == [
        ("attribution-vague", 2), ("citation-unmatched", 6)]
    alone = _audit([tmp_path / "source" / "chapter01.tex"])["chapter01.tex"]
    assert [(f.kind, f.span.line) for f in alone.findings] == [
        ("attribution-vague", 2), ("citation-unmatched", 6)]


def test_entries_never_cited_are_not_the_documents_defects(tmp_path):
    """From 0u812/tellurium-plos-comp-biol2: main.bib keeps 40 entries the paper never
    cites (one with a broken address, one repeating a cited entry); BibTeX prints none
    of them.  Audited alone, the .bib gets every check."""
    _put(tmp_path, "main.tex", MAIN)
    _put(tmp_path, "source/chapter01.tex", CHAPTER)
    _put(tmp_path, "source/literature.bib", LITERATURE)
    docs = _audit([tmp_path / "main.tex"])
    assert not [f for doc in docs.values() for f in doc.findings
                if f.span.path.endswith(".bib")]
    alone = _audit([tmp_path / "source" / "literature.bib"])["literature.bib"]
    assert ("url-malformed", 10) in [(f.kind, f.span.line) for f in alone.findings]


def test_tables_affiliations_and_emphasis_in_latex(tmp_path):
    """From 0u812/tellurium-plos-comp-biol2: "J Kyle Medley\\textsuperscript{1*}" is an
    affiliation, not a citation; "\\textit{E. coli}" is no footnote call; "(1196
    archives)" in a tabular is data.  The same count in prose needs a source."""
    write(tmp_path, "refs.bib", "@article{karr2012, author = {Karr, J.}, title = {A "
          "whole-cell model}, journal = {Cell}, year = {2012}}\n")
    _, extraction, findings, _ = run(write(tmp_path, "paper.tex", r"""\documentclass{article}
\begin{document}
J Kyle Medley\textsuperscript{1*},
Kiri Choi\textsuperscript{1}

\section{Introduction}
The central metabolism of \textit{E. coli}~\cite{karr2012} is well known.

\begin{tabular}{|l|l|}
\hline
\texttt{sbml-test-suite} & the whole SBML test suite (1196 archives) \\ \hline
\end{tabular}

We converted 1196 archives last year.
\bibliography{refs}
\end{document}
"""))
    assert [c.key for c in extraction.citations] == ["karr2012"]
    assert extraction.markers == ()
    assert [(f.kind, f.span.line) for f in findings] == [("figure-unsourced", 14)]


def test_bibtex_entries_as_exports_write_them(tmp_path):
    """From 0u812/tellurium-plos-comp-biol2's main.bib: an Elsevier export repeats its
    keywords field (BibTeX reads the entry, ignoring the repeats) and puts a link in
    its doi field; another entry lacks the comma after its editor, so BibTeX drops the
    fields after it; web pages given by howpublished = {\\url{…}} with no year print
    "n.d.".  A well-formed entry and a dated page are quiet."""
    write(tmp_path, "refs.bib", r"""@article{funahashi2003,
title = "CellDesigner: a process diagram editor",
journal = "BIOSILICO",
year = "2003",
doi = "http://dx.doi.org/10.1016/S1478-5382(03)02370-9",
author = "Funahashi, Akira",
keywords = "systems biology",
keywords = "SBML"
}
@article{hindmarsh1983,
  title={ODEPACK, a systematized collection of ODE solvers},
  author={Hindmarsh, A. C.},
  editor={R. S. Stepleman et al.}
  pages={55--64},
  journal={Scientific Computing},
  year={1983}
}
@misc{testsuite,
  title={SBML Test Suite.},
  howpublished={\url{http://sbml.org/Software/SBML\_Test\_Suite}},
  note={Accessed: 09-20-2017},
}
@misc{dated,
  title={COMBINE archives},
  howpublished={\url{https://example.org/combine}},
  year={2017},
}
@article{fine2007,
  author={Calzone, Laurence}, title={Dynamical modeling}, journal={Mol Syst Biol},
  year={2007}
}
""")
    _, extraction, findings, _ = run(write(tmp_path, "paper.tex", r"""\documentclass{article}
\begin{document}
Tools \cite{funahashi2003,hindmarsh1983,testsuite,dated,fine2007} exist.
\bibliography{refs}
\end{document}
"""))
    funahashi = next(r for r in extraction.references if r.key == "funahashi2003")
    assert funahashi.title == "CellDesigner: a process diagram editor"
    assert funahashi.doi == "10.1016/s1478-5382(03)02370-9"
    assert [(f.kind, f.span.line, f.severity) for f in findings] == [
        ("doi-malformed", 1, Severity.WARNING),
        ("reference-incomplete", 10, Severity.WARNING),
        ("reference-incomplete", 18, Severity.INFO)]
    assert findings[1].evidence == {"after": "editor"}


def test_vague_sources_with_an_adverb_or_a_singular_head(tmp_path):
    """From the two LaTeX papers: "statistics consistently show", "The general
    experience of researchers in the field of modeling suggests" name no one; "the
    statistics show" of a cited survey are sourced."""
    write(tmp_path, "refs.bib", "@article{survey2020, author = {Roe, A.}, title = {A "
          "survey}, journal = {J}, year = {2020}}\n")
    _, _, findings, _ = run(write(tmp_path, "paper.tex", r"""\documentclass{article}
\begin{document}
\section{Introduction}
Statistics consistently show that landings are dangerous.

The general experience of researchers in the field of modeling suggests a problem.

Its statistics clearly show that landings are dangerous \cite{survey2020}.
\bibliography{refs}
\end{document}
"""))
    assert [(f.kind, f.span.line) for f in findings] == [
        ("attribution-vague", 4), ("attribution-vague", 6)]
