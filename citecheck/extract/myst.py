"""Citations of MyST Markdown (Jupyter Book, Sphinx with sphinxcontrib-bibtex, mystmd).

A chapter cites with roles: ``{cite}`key```, ``{cite:p}`a,b```, ``{cite:t}`key```
(narrative), ``{cite:ps}``, ``{cite:year}``…; the keys are those of the ``.bib`` files
the book's ``_config.yml``, ``conf.py`` or ``myst.yml`` names (``ingest.bibfiles``).
Each key is read as a key citation, checked like Pandoc's (form ``myst``).  Other roles
(``{term}``, ``{numref}``, ``{eq}``…) cite nothing: their backticks are code to the
extractors.
"""

from __future__ import annotations

import re

from citecheck.model import Citation, Document
from citecheck.text import Ranges

CITE_ROLE = re.compile(r"\{cite(?::[a-z]{1,10})?\}`(?P<keys>[^`\n]{1,400})`")
"""A sphinxcontrib-bibtex or MyST citation role: ``{cite:p}`hall_2002,chang_1987```."""


def myst_citations(doc: Document, exclude: list[tuple[int, int]]) -> list[Citation]:
    """One citation per key of each ``{cite…}`…``` role, outside ``exclude`` (code
    blocks: the role itself starts before the backticks it holds)."""
    if "{cite" not in doc.text:
        return []
    excluded = Ranges(exclude)
    found: list[Citation] = []
    for role in CITE_ROLE.finditer(doc.text):
        if role.start() in excluded:
            continue
        span = doc.span(role.start(), role.end())
        found.extend(Citation(span, f"@{key}", "myst", key=key)
                     for key in (k.strip() for k in role.group("keys").split(",")) if key)
    return found
