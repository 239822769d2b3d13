"""Entries and calls a structured format marks up (JATS, TEI), made into the records
every check reads.

A tagged field is taken as given; an entry that tags nothing (TEI's free-text ``<bibl>``,
a JATS ``<mixed-citation>`` with no inner tags) is parsed from its text like any entry.
A call linked to an entry's id is a citation of that id (form ``anchor``), as a link to an
entry's anchor is in HTML: a target no entry has is found by the same check.
"""

from __future__ import annotations

import dataclasses
import re

from citecheck.extract.identifiers import normalize_doi
from citecheck.extract.references import EntryText, make_reference, unparsed_reference
from citecheck.model import Citation, Document, GivenEntry, Markup, Reference

_YEAR = re.compile(r"\d{4}[a-z]?|n\.\s?d\.")


def given_references(doc: Document, markup: Markup) -> list[Reference]:
    return [_reference(doc, index, entry) for index, entry in enumerate(markup.entries, 1)]


def _reference(doc: Document, index: int, entry: GivenEntry) -> Reference:
    text = EntryText(entry.start, entry.end, entry.label)
    if not entry.fields and not entry.authors:  # free text: read as any entry
        return dataclasses.replace(make_reference(doc, index, text), key=entry.id or None)
    year = _YEAR.search(entry.field("year") or "")
    doi = entry.field("doi")
    return dataclasses.replace(
        unparsed_reference(doc, index, text), key=entry.id or None,
        authors=entry.authors, et_al=entry.et_al,
        year=year.group() if year else None, title=entry.field("title"),
        container=entry.field("container"), volume=entry.field("volume"),
        issue=entry.field("issue"), pages=entry.field("pages"),
        publisher=entry.field("publisher"), doi=normalize_doi(doi) if doi else None,
        url=entry.field("url"), entry_type=entry.field("type"))
    # ``fields`` stays empty: it holds a BibTeX entry's fields, which the checks of
    # BibTeX's entry types read; a JATS entry's types are not BibTeX's.


def given_citations(doc: Document, markup: Markup) -> list[Citation]:
    return [Citation(doc.span(call.start, call.end), " ".join(doc.text[call.start:call.end].split()),
                     "anchor", key=call.target) for call in markup.calls]
