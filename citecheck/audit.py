"""The library entry point: ``audit(options) -> AuditResult``.

Runs ingest → extract → check for every document.  Network resolution
(registries, links) plugs in between extract and check; until a resolver is
available, or with ``--offline``, what it would have verified is counted as
unchecked with the reason, never reported as wrong.
"""

from __future__ import annotations

from pathlib import Path

from citecheck.check import check_document
from citecheck.extract import extract
from citecheck.ingest import discover, load_document
from citecheck.model import (
    AuditOptions,
    AuditResult,
    DocumentResult,
    Finding,
    LinkCheck,
    LinkStatus,
    Unchecked,
)

NETWORK_UNAVAILABLE = (
    "registry and link checks are not part of this version of citecheck; "
    "references and links were read but not verified online"
)
OFFLINE = "--offline: no network; references and links were not verified online"


def selected(kind: str, options: AuditOptions) -> bool:
    """``--select``/``--ignore`` with prefixes (``link-`` selects every link kind)."""
    if options.select and not any(kind.startswith(p) for p in options.select):
        return False
    return not any(kind.startswith(p) for p in options.ignore)


def audit(options: AuditOptions) -> AuditResult:
    files = discover(options.paths)
    documents = [load_document(path) for path in files]
    # A .bib named by a Markdown document in this run is checked with it, not alone.
    used_bibs = {str(Path(b).resolve()) for doc in documents for b in doc.bib_paths}
    results = []
    for doc in documents:
        if doc.kind == "bib" and str(Path(doc.path).resolve()) in used_bibs:
            continue
        extraction = extract(doc)
        findings, resolved = check_document(doc, extraction)
        kept = tuple(f for f in findings if selected(f.kind, options))
        reason = OFFLINE if options.offline else NETWORK_UNAVAILABLE
        urls = dict.fromkeys(link.url for link in extraction.links)
        checks = {url: LinkCheck(url, LinkStatus.UNCHECKED, reason=reason) for url in urls}
        unchecked_count = len(urls) + len(extraction.references)
        results.append(DocumentResult(
            document=doc,
            extraction=extraction,
            findings=kept,
            citation_refs=tuple(resolved),
            link_checks=checks,
            unchecked=(Unchecked(reason),) if unchecked_count else (),
            unchecked_count=unchecked_count,
        ))
    return AuditResult(tuple(results))


def worst(findings: tuple[Finding, ...] | list[Finding]) -> int:
    return max((f.severity.rank for f in findings), default=0)
