"""Fixes from the registries: numbers that disagree with the registered record, a DOI
Crossref matched for an entry without one, a preprint's published version."""

from __future__ import annotations

import re
from typing import Any

from citecheck.fix.edit import Edit, bib_entry, closing_brace, first_line, narrowed
from citecheck.model import DocumentResult, Finding, Reference, Span
from citecheck.text import fold_words

NUMBERS = frozenset({"year", "volume", "issue", "pages"})
"""The registered values written over the entry's: numbers only.  A title or author
list that disagrees may as well mean the DOI is the wrong one; that needs the author."""


def registered(finding: Finding, refs: dict[str, Reference], result: DocumentResult
                ) -> list[Edit] | None:
    field_name = finding.evidence.get("field")
    cited, registered = finding.evidence.get("cited"), finding.evidence.get("registered")
    if field_name not in NUMBERS or not cited or not registered:
        return None
    ref = next((r for r in refs.values() if r.span == finding.span), None)
    where = once(finding.span, result, str(cited))
    if ref is None or where is None:
        return None
    reason = f"the {field_name} registered for {finding.evidence.get('doi')}"
    edits = [Edit(where, str(cited), str(registered), finding, reason,
                  {"doi": finding.evidence.get("doi"), "field": field_name})]
    if field_name == "year":  # its citations name the year too: they follow the entry
        for citation, target in zip(result.extraction.citations, result.citation_refs,
                                    strict=True):
            year = once(citation.span, result, str(cited)) if target == ref.id else None
            if year is not None:
                edits.append(Edit(year, str(cited), str(registered), finding,
                                  f"the year of the entry it cites, {reason}",
                                  {"entry": ref.id}))
    return edits


def once(span: Span, result: DocumentResult, value: str) -> Span | None:
    """The span of ``value`` where it stands once, as a whole token, in ``span`` (its
    first line)."""
    text = first_line(span, result.document)
    found = [m.start() for m in re.finditer(rf"(?<![\w.]){re.escape(value)}(?![\w])",
                                            text or "")]
    return narrowed(span, found[0], len(value)) if len(found) == 1 else None


def suggested_doi(finding: Finding, refs: dict[str, Reference], result: DocumentResult
                   ) -> Edit | None:
    """A DOI the registry matched with confidence, added at the end of its entry (a
    line of a reference list; in a .bib, a field after the last)."""
    doi = finding.evidence.get("doi")
    span = finding.span
    doc = result.document
    if not doi or span.path != doc.path or doc.offsets is not None or span.end < 0:
        return None
    reason = "the DOI Crossref holds for this work (title, first author and year agree)"
    evidence = {"doi": doi, "title": finding.evidence.get("title")}
    if doc.kind != "bib":
        return appended(finding, result, f" https://doi.org/{doi}", reason, evidence)
    entry = bib_entry(span)
    if entry is None or "doi" in fold_words(entry.body).split():
        return None
    where, new = entry.field_added(span.path, "doi", str(doi))
    return Edit(where, "", new, finding, reason, evidence)


def appended(finding: Finding, result: DocumentResult, text: str, reason: str,
              evidence: dict[str, Any]) -> Edit | None:
    """``text`` added after an entry that is one line of a reference list."""
    doc, span = result.document, finding.span
    if span.path != doc.path or doc.offsets is not None or span.end < 0 or doc.kind == "bib":
        return None
    entry = doc.text[span.start:span.end]
    if "\n" in entry.rstrip() or not entry.strip() or text.strip() in entry:
        return None
    return inserted(doc.text, span.path, span.start + len(entry.rstrip()), text, finding,
                     reason, evidence)


def inserted(text: str, path: str, at: int, new: str, finding: Finding, reason: str,
              evidence: dict[str, Any]) -> Edit:
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Edit(Span(path, line, column, line, column, at, at), "", new, finding, reason,
                evidence)


def published(finding: Finding, refs: dict[str, Reference], result: DocumentResult,
               replace: bool) -> Edit | None:
    """A preprint's published version: its DOI added after the entry (a line of a
    reference list), or, with ``--replace-preprints``, written over the preprint's DOI
    where the entry gives it once (a .bib ``doi`` field too)."""
    published = finding.evidence.get("published")
    preprint = str(finding.evidence.get("doi") or "")
    if not published or not preprint:
        return None
    if replace:
        doc = result.document
        end = (closing_brace(doc.text, finding.span.start) if doc.kind == "bib"
               else finding.span.end)
        if end is None or finding.span.start < 0 or finding.span.path != doc.path:
            return None
        entry = doc.text[finding.span.start:end]
        at = entry.lower().find(preprint.lower())
        if at < 0 or entry.lower().find(preprint.lower(), at + 1) >= 0:
            return None
        start = finding.span.start + at
        line = doc.text.count("\n", 0, start) + 1
        column = start - (doc.text.rfind("\n", 0, start) + 1) + 1
        span = Span(finding.span.path, line, column, line, column + len(preprint), start,
                    start + len(preprint))
        return Edit(span, entry[at:at + len(preprint)], str(published), finding,
                    "the published version of the preprint", {"published": published})
    label = "Version publiée" if result.extraction.lang == "fr" else "Published version"
    return appended(finding, result, f" {label} : https://doi.org/{published}"
                     if label.startswith("Version") else f" {label}: https://doi.org/{published}",
                     "the published version of the preprint, beside it",
                     {"published": published})
