"""``Extraction`` (+ what was resolved) → ``Finding``s.

Each module holds one family of checks; ``check_document`` runs them all and
orders the findings by place.  Checks decide severity and wording; they do no
I/O.
"""

from __future__ import annotations

from citecheck.check.citations import check_citations, uncited
from citecheck.check.figures import Claims, read_claims
from citecheck.check.local import check_entries, check_footnotes, check_identifiers
from citecheck.check.sourcing import check_claims
from citecheck.model import Document, Extraction, Finding
from citecheck.text import Ranges, merge_spans


def check_document(doc: Document, extraction: Extraction, claims: Claims | None = None
                   ) -> tuple[list[Finding], list[str | None]]:
    """Every local check of one document.  ``claims``: its figures and attributions,
    when they were read beforehand (``read_claims``, perhaps on another core)."""
    findings, resolved, cited = check_citations(extraction, doc.text)
    # A list that nothing in the text cites is a bibliography page or a reading list
    # (a book's "Bibliographie" chapter): its entries are offered, not forgotten.
    if doc.kind != "bib" and not extraction.rendered and extraction.citations:
        bib_paths = {bib.path for bib in extraction.bib_documents}
        findings += uncited(extraction, cited, bib_paths)
    findings += check_entries(extraction)
    findings += check_footnotes(extraction)
    findings += check_identifiers(extraction)
    if doc.kind != "bib":
        # Offsets in this document's text (a .bib it cites from has links of its own).
        skip = [(link.span.start, link.span.end) for link in extraction.links
                if link.span.path == doc.path]
        skip += [(d.span.start, d.span.end) for d in extraction.dois]
        skip += [(m.span.start, m.span.end) for m in extraction.markers]
        if extraction.bibliography:
            skip.append(extraction.bibliography)
        skip += extraction.code  # "x = 50% of 100" in a code block is code
        skip += extraction.not_claims  # headlines; "41% of participants" in own Results
        claims = read_claims(doc) if claims is None else claims
        findings += check_claims(doc, extraction, claims, Ranges(merge_spans(skip)))
    findings.sort(key=lambda f: (f.span.path != doc.path, f.span.path, f.span.line,
                                 f.span.column, f.kind))
    return findings, resolved
