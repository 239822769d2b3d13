"""The library entry point: ``audit(options) -> AuditResult``.

Runs ingest → extract → check for every document, then asks the registries
about every DOI and scholarly-looking entry (one shared HTTP layer and cache
for the whole run).  With ``--offline`` only the cache is read; what could not
be verified is counted as unchecked with the reason, never reported as wrong.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from citecheck.check import check_document
from citecheck.check.registry import (
    book_findings,
    doi_findings,
    looks_like_book,
    looks_scholarly,
    search_findings,
    search_query,
)
from citecheck.extract import extract
from citecheck.ingest import discover, load_document
from citecheck.model import (
    AuditOptions,
    AuditResult,
    Document,
    DocumentResult,
    Doi,
    Extraction,
    Finding,
    LinkCheck,
    LinkStatus,
    Lookup,
    Unchecked,
)
from citecheck.resolve import Resolver
from citecheck.resolve.cache import Cache
from citecheck.resolve.endpoints import Endpoints
from citecheck.resolve.http import HttpLayer

LINKS_NOT_CHECKED = "link checking is not part of this version of citecheck"
OFFLINE = "--offline: no network"


def selected(kind: str, options: AuditOptions) -> bool:
    """``--select``/``--ignore`` with prefixes (``link-`` selects every link kind)."""
    if options.select and not any(kind.startswith(p) for p in options.select):
        return False
    return not any(kind.startswith(p) for p in options.ignore)


@dataclass
class _Pending:
    doc: Document
    extraction: Extraction
    findings: list[Finding]
    resolved: list[str | None]


def audit(
    options: AuditOptions,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    cache: Cache | None = None,
    endpoints: Endpoints | None = None,
) -> AuditResult:
    """Read, check and (unless offline) verify every document under ``options.paths``."""
    files = discover(options.paths)
    documents = [load_document(path) for path in files]
    # A .bib named by a Markdown document in this run is checked with it, not alone.
    used_bibs = {str(Path(b).resolve()) for doc in documents for b in doc.bib_paths}
    pending = []
    for doc in documents:
        if doc.kind == "bib" and str(Path(doc.path).resolve()) in used_bibs:
            continue
        extraction = extract(doc)
        findings, resolved = check_document(doc, extraction)
        pending.append(_Pending(doc, extraction, findings, resolved))
    registry = asyncio.run(_verify(pending, options, transport, cache, endpoints))
    results = []
    for item, (extra, unchecked) in zip(pending, registry, strict=True):
        findings = sorted(item.findings + extra, key=lambda f: (
            f.span.path != item.doc.path, f.span.path, f.span.line, f.span.column, f.kind))
        kept = tuple(f for f in findings if selected(f.kind, options))
        urls = dict.fromkeys(link.url for link in item.extraction.links)
        link_reason = OFFLINE if options.offline else LINKS_NOT_CHECKED
        checks = {url: LinkCheck(url, LinkStatus.UNCHECKED, reason=link_reason) for url in urls}
        reasons = [Unchecked(f"{len(urls)} links: {link_reason}")] if urls else []
        reasons += [Unchecked(f"{count} references: {reason}")
                    for reason, count in Counter(u.reason for u in unchecked).items()]
        results.append(DocumentResult(
            document=item.doc,
            extraction=item.extraction,
            findings=kept,
            citation_refs=tuple(item.resolved),
            link_checks=checks,
            unchecked=tuple(reasons),
            unchecked_count=len(urls) + len(unchecked),
        ))
    return AuditResult(tuple(results))


async def _verify(
    pending: list[_Pending],
    options: AuditOptions,
    transport: httpx.AsyncBaseTransport | None,
    cache: Cache | None,
    endpoints: Endpoints | None,
) -> list[tuple[list[Finding], list[Unchecked]]]:
    """Registry findings per document, and what could not be verified."""
    own_cache = cache is None
    if cache is None:
        try:
            cache = Cache()
        except (OSError, sqlite3.Error) as exc:
            print(f"citecheck: warning: cache unavailable ({exc}); continuing without it",
                  file=sys.stderr)
    http = None if options.offline else HttpLayer(
        mailto=options.mailto, timeout=options.timeout, transport=transport)
    resolver = Resolver(http, cache, endpoints or Endpoints.from_env(), offline=options.offline)
    try:
        dois = [d.value for item in pending for d in item.extraction.dois]
        dois += [r.doi for item in pending for r in item.extraction.references if r.doi]
        with _progress(len(dois)) as advance:
            lookups = await resolver.dois(list(dict.fromkeys(dois)))
            advance(len(dois))
            return [await _document_findings(item, lookups, resolver) for item in pending]
    finally:
        if http is not None:
            await http.aclose()
        if own_cache and cache is not None:
            cache.close()


async def _document_findings(
    item: _Pending, lookups: dict[str, Lookup], resolver: Resolver
) -> tuple[list[Finding], list[Unchecked]]:
    findings: list[Finding] = []
    unchecked: list[Unchecked] = []
    refs = item.extraction.references
    seen: set[str] = set()
    for doi in item.extraction.dois:
        ref = next((r for r in refs if r.span.start <= doi.span.start < r.span.end
                    and r.span.path == doi.span.path), None)
        if doi.value in seen:
            continue
        seen.add(doi.value)
        lookup = lookups.get(doi.value)
        if isinstance(lookup, Unchecked):
            unchecked.append(lookup)
        elif lookup is not None:
            findings += doi_findings(doi, lookup, ref)
    for ref in refs:
        if ref.doi and ref.doi not in seen:  # from a .bib file
            seen.add(ref.doi)
            lookup = lookups.get(ref.doi)
            fake = Doi(ref.span, ref.doi, ref.doi)
            if isinstance(lookup, Unchecked):
                unchecked.append(lookup)
            elif lookup is not None:
                findings += doi_findings(fake, lookup, ref)
        elif not ref.doi and looks_scholarly(ref) and ref.title:
            query = search_query(ref)
            result = await resolver.search(query, ref.year_digits)
            if isinstance(result, Unchecked):
                unchecked.append(result)
            else:
                findings += search_findings(ref, query, result)
        elif looks_like_book(ref) and ref.title:
            books = await resolver.book(ref.title, ref.authors[0] if ref.authors else None)
            if isinstance(books, Unchecked):
                unchecked.append(books)
            else:
                findings += book_findings(ref, books)
    return findings, unchecked


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for the network phase, only on a terminal."""
    if total == 0 or not sys.stderr.isatty():
        yield lambda _n: None
        return
    columns = (TextColumn("verifying references"), BarColumn(),
               TextColumn("{task.completed}/{task.total}"))
    with Progress(*columns, transient=True, console=Console(stderr=True)) as progress:
        task = progress.add_task("registries", total=total)
        yield lambda n: progress.advance(task, n)
