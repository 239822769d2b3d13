"""``Extraction`` (+ what was resolved) → ``Finding``s.

Each module holds one family of checks; ``check_document`` runs them all and
orders the findings by place.  Checks decide severity and wording; they do no
I/O.
"""

from __future__ import annotations

import bisect
import dataclasses

from citecheck.check.citations import check_citations, uncited
from citecheck.check.local import (
    check_commas,
    check_entries,
    check_footnotes,
    check_identifiers,
)
from citecheck.check.prose_names import prose_mismatches
from citecheck.check.sourcing import check_claims
from citecheck.extract.bibtex import entry_heads
from citecheck.extract.claims import Claims, read_claims
from citecheck.model import Document, Extraction, Finding
from citecheck.text import Ranges, merge_spans


def check_document(doc: Document, extraction: Extraction, claims: Claims | None = None
                   ) -> tuple[list[Finding], list[str | None]]:
    """Every local check of one document.  ``claims``: its figures and attributions,
    when they were read beforehand (``read_claims``, perhaps on another core)."""
    findings, resolved, cited = check_citations(extraction, doc.text)
    findings += prose_mismatches(doc.text, extraction, resolved)
    # A list that nothing in the text cites is a bibliography page or a reading list
    # (a book's "Bibliographie" chapter): its entries are offered, not forgotten.
    if doc.kind != "bib" and not extraction.rendered and extraction.citations:
        bib_paths = {bib.path for bib in extraction.bib_documents}
        findings += uncited(extraction, cited, bib_paths)
    hidden = _Unprinted(doc, extraction)
    shown = dataclasses.replace(extraction, references=tuple(
        r for r in extraction.references if r.id not in hidden.ids)) if hidden.ids else extraction
    findings += check_entries(shown)
    findings += check_commas(shown)
    findings += check_footnotes(extraction)
    findings += [f for f in check_identifiers(extraction) if not hidden.holds(f)]
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



class _Unprinted:
    """The entries of a document's ``.bib`` files whose key it never cites: BibTeX,
    biblatex and Pandoc print only what is cited (or ``nocite``d), so nothing in them
    reaches a reader and none of them is checked (a LaTeX main file that cites nothing
    itself leaves its entries to the chapters that cite them).  None for a ``.bib``
    audited alone or ``nocite: '@*'``."""

    def __init__(self, doc: Document, extraction: Extraction) -> None:
        self.ids: set[str] = set()
        self.entries: dict[str, tuple[list[int], list[bool]]] = {}
        """By .bib file: where each entry starts, and whether it is printed."""
        if doc.kind == "bib" or "*" in doc.nocite:
            return
        printed = {c.key for c in extraction.citations if c.key} | set(doc.nocite)
        for bib in extraction.bib_documents:
            heads = entry_heads(bib.text)
            self.entries[bib.path] = ([start for start, _ in heads],
                                      [key in printed for _, key in heads])
        self.ids = {ref.id for ref in extraction.references
                    if ref.span.path in self.entries and ref.key not in printed}

    def holds(self, finding: Finding) -> bool:
        """Whether a finding lies in an unprinted entry (its first line to the next's)."""
        starts, shown = self.entries.get(finding.span.path, ([], []))
        index = bisect.bisect_right(starts, finding.span.start) - 1
        return index >= 0 and not shown[index]
