"""Jupyter Book, Sphinx and mystmd chapters (issue 18): MyST citation roles against the
book's bibliography, MyST comments and directives.  Each rule both ways.

Snippets marked "from" are short excerpts of CIMR-Algos/TerrestrialSnowArea_ATBD_v2
(a Jupyter Book, CC-BY; bench/corpus/manifest.toml, set "fresh"); others are our own.
"""

from __future__ import annotations

from conftest import run, write

BIB = """@article{hall_2002, author = {Hall, D.}, title = {Assessment of snow-cover maps},
  journal = {Annals of Glaciology}, year = {2002}}
@article{chang_1987, author = {Chang, A.}, title = {Nimbus-7 SMMR snow cover},
  journal = {Annals of Glaciology}, year = {1987}}
@article{matzler_1994, author = {M{\\"a}tzler, C.}, title = {Passive microwave signatures},
  journal = {Meteorology and Atmospheric Physics}, year = {1994}}
@article{unused_2001, author = {Armstrong, R.}, title = {Snow extent},
  journal = {GRL}, year = {2001}}
"""

CHAPTER = """# Background

% general
Dry snow detection is based on the Ka and Ku-band {cite:p}`chang_1987,hall_2002`.
The approach by {cite:t}`{key}` uses the {term}`TSA` product, see {numref}`difference`.
The ESA Snow Climate Change Initiative (CCI) project follows it.

```{note}
Wet and dry snow differ {cite:p}`matzler_1994`.
```

```{code-cell} python
cite = "{cite:p}`nowhere_1999`"
```
"""


def _book(tmp_path, config_name, config_text, key="hall_2002"):
    write(tmp_path, config_name, config_text)
    (tmp_path / "book").mkdir(exist_ok=True)
    write(tmp_path, "book/references.bib", BIB)
    return run(write(tmp_path, "book/background.md", CHAPTER.replace("{key}", key)))


def test_myst_roles_against_a_jupyter_book_bibliography(tmp_path):
    """From the ATBD: {cite:p}`a,b` and {cite:t}`a` cite, {term} and {numref} do not;
    _config.yml's bibtex_bibfiles names the book's .bib; a citation in a ```{note} is
    read, one in a code cell is not; "% general" is a comment; an entry this chapter does
    not cite is the book's, not a defect; "Climate Change Initiative" is no misspelt
    Chang."""
    _, extraction, findings, _ = _book(
        tmp_path, "_config.yml", "title: Snow\nbibtex_bibfiles:\n  - book/references.bib\n")
    assert [(c.form, c.key) for c in extraction.citations] == [
        ("myst", "chang_1987"), ("myst", "hall_2002"), ("myst", "hall_2002"),
        ("myst", "matzler_1994")]
    assert findings == []


def test_an_unknown_key_in_a_sphinx_or_mystmd_project(tmp_path):
    """conf.py's bibtex_bibfiles and myst.yml's project bibliography name the .bib too;
    a key that drifted is an error with the nearest key."""
    _, _, findings, _ = _book(tmp_path, "conf.py",
                              "project = 'Snow'\nbibtex_bibfiles = ['book/references.bib']\n",
                              key="hall_2020")
    assert [(f.kind, f.span.line, f.suggestion) for f in findings] == [
        ("citation-unmatched", 5, "@hall_2002")]
    assert "build warns" in findings[0].message
    other = tmp_path / "other"
    other.mkdir()
    _, extraction, findings, _ = _book(
        other, "myst.yml", "version: 1\nproject:\n  bibliography:\n    - book/references.bib\n")
    assert len(extraction.citations) == 4 and findings == []
