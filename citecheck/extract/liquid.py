"""Citations of Jekyll sites that use jekyll-scholar: ``{% cite key %}``.

A Jekyll blog post cites with a Liquid tag, ``{% cite einstein1905 %}``, ``{% cite a b
--file papers %}``, ``{% cite key -l 23 %}`` (a locator), or quotes a whole entry with
``{% reference key %}``; the site's bibliography is ``_bibliography/references.bib``
unless ``_config.yml`` says otherwise (found in ``ingest.bibfiles``).  The tags are read
here as key citations, checked like Pandoc's.  Other Liquid tags stay masked as no
prose (``ingest.prose``).
"""

from __future__ import annotations

import re

from citecheck.model import Citation, Document
from citecheck.text import Ranges

CITE_TAG = re.compile(r"\{%-?\s*(?:cite|citation|reference)\s+(?P<args>[^%]{1,400}?)\s*-?%\}")
"""A jekyll-scholar tag that cites: ``{% cite k1 k2 -l 4 --file refs %}``."""
_OPTION = re.compile(r"(?:^|\s)(?:-[lf]|--(?:locator|label|file|prefix|suffix))\s+\S+")


def liquid_citations(doc: Document, exclude: list[tuple[int, int]]) -> list[Citation]:
    """One citation per key of each ``{% cite … %}`` tag, written ``@key`` as Pandoc's
    are and checked the same way (form ``liquid``)."""
    if "{%" not in doc.text:
        return []
    excluded = Ranges(exclude)
    found: list[Citation] = []
    for tag in CITE_TAG.finditer(doc.text):
        if tag.start() in excluded:
            continue
        locator = re.search(r"(?:-l|--locator)\s+(\S+)", tag.group("args"))
        found.extend(Citation(doc.span(tag.start(), tag.end()), f"@{key}", "liquid", key=key,
                              locator=locator.group(1) if locator else None)
                     for key in _OPTION.sub(" ", tag.group("args")).split())
    return found
