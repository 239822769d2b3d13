"""``Extraction`` (+ what was resolved) → ``Finding``s.

Each module holds one family of checks; ``check_document`` runs them all and
orders the findings by place.  Checks decide severity and wording; they do no
I/O.
"""

from __future__ import annotations

from citecheck.check.citations import check_citations, uncited
from citecheck.check.local import check_entries, check_footnotes, check_identifiers
from citecheck.model import Document, Extraction, Finding


def check_document(doc: Document, extraction: Extraction) -> tuple[list[Finding], list[str | None]]:
    findings, resolved, cited = check_citations(extraction, doc.text)
    if doc.kind != "bib":
        bib_paths = {bib.path for bib in extraction.bib_documents}
        findings += uncited(extraction, cited, bib_paths)
    findings += check_entries(extraction)
    findings += check_footnotes(extraction)
    findings += check_identifiers(extraction)
    findings.sort(key=lambda f: (f.span.path != doc.path, f.span.path, f.span.line,
                                 f.span.column, f.kind))
    return findings, resolved
