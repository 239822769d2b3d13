"""``Extraction`` (+ what was resolved) → ``Finding``s.

Each module holds one family of checks; ``check_document`` runs them all and
orders the findings by place.  Checks decide severity and wording; they do no
I/O.
"""

from __future__ import annotations

from citecheck.check.citations import check_citations, uncited
from citecheck.check.figures import attribution_anchors, check_figures
from citecheck.check.local import check_entries, check_footnotes, check_identifiers
from citecheck.extract.figures import Folded, figure_anchors, find_figures
from citecheck.model import Document, Extraction, Finding
from citecheck.text import Ranges


def check_document(doc: Document, extraction: Extraction) -> tuple[list[Finding], list[str | None]]:
    findings, resolved, cited = check_citations(extraction, doc.text)
    if doc.kind != "bib":
        bib_paths = {bib.path for bib in extraction.bib_documents}
        findings += uncited(extraction, cited, bib_paths)
    findings += check_entries(extraction)
    findings += check_footnotes(extraction)
    findings += check_identifiers(extraction)
    if doc.kind != "bib":
        skip = [(link.span.start, link.span.end) for link in extraction.links]
        skip += [(d.span.start, d.span.end) for d in extraction.dois]
        skip += [(m.span.start, m.span.end) for m in extraction.markers]
        if extraction.bibliography:
            skip.append(extraction.bibliography)
        folded = Folded(doc.text)
        folded.prefetch(*figure_anchors(), *attribution_anchors())
        figures = find_figures(doc, 0, len(doc.text), Ranges(skip), folded)
        findings += check_figures(doc, extraction, figures, folded)
    findings.sort(key=lambda f: (f.span.path != doc.path, f.span.path, f.span.line,
                                 f.span.column, f.kind))
    return findings, resolved
