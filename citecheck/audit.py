"""The library entry point: ``audit(options) -> AuditResult``.

Runs ingest → extract → check for every document and asks the registries about
every DOI and scholarly-looking entry (one shared HTTP layer and cache for the
whole run).  The links are checked from a first pass over each document (its
identifiers), while the rest of the reading and the local checks run in a child
process or on a worker thread; the registries are asked once that reading is done.
With ``--offline`` only the cache is read; what could not be verified is counted as
unchecked with the reason, never reported as wrong.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import importlib
import json
import re
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citecheck import aio, policy
from citecheck.extract.identifiers import (
    Identifiers,
    extract_identifiers,
    with_bibliographies,
)
from citecheck.fork import Deferred
from citecheck.ingest import discover, load_document
from citecheck.ingest.bibfiles import named_beside
from citecheck.model import (
    IN_TROUBLE,
    AuditOptions,
    AuditResult,
    Document,
    DocumentResult,
    Doi,
    Extraction,
    Finding,
    Link,
    LinkCheck,
    LinkStatus,
    Lookup,
    Unchecked,
)
from citecheck.resolve.cache import Cache
from citecheck.resolve.dns import HostNames
from citecheck.resolve.dns import Resolver as NameResolver
from citecheck.resolve.endpoints import Endpoints
from citecheck.resolve.http import HttpLayer
from citecheck.resolve.links import LinkChecker, LinkOptions
from citecheck.resolve.ratelimit import Policy
from citecheck.resolve.wayback import Wayback

if TYPE_CHECKING:  # httpx is imported when a registry is first asked
    import httpx

    from citecheck.check.figures import Claims
    from citecheck.resolve.registries import Resolver

OFFLINE = "--offline: no network"


FORK_THRESHOLD = 1_000_000
"""Characters from which a document's figures are read in a child process: below it,
starting one costs more than it saves."""


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
    link_transport: httpx.AsyncBaseTransport | None = None,
    resolve: NameResolver | None = None,
    policies: Mapping[str, Policy] | None = None,
) -> AuditResult:
    """Read, check and (unless offline) verify every document under ``options.paths``."""
    files = [f for f in discover(options.paths) if not policy.excluded(f, options.exclude)]
    given = (*options.bibliography, *named_beside(options.paths, files))
    documents = [load_document(path, given) for path in files
                 if str(path) not in given or len(files) == 1]
    # A .bib named by a Markdown document in this run is checked with it, not alone.
    used_bibs = {str(Path(b).resolve()) for doc in documents for b in doc.bib_paths}
    documents = [doc for doc in documents
                 if doc.kind != "bib" or str(Path(doc.path).resolve()) not in used_bibs]
    # The links are known from a first, fast pass (identifiers only): their checks start
    # at once.  The rest of the reading and the local checks need nothing from the
    # network, so they run meanwhile (checking links is mostly waiting for answers): in a
    # child process on the second core when there is one (citecheck.fork; forked here,
    # before any thread starts), else on a worker thread.  Offline there is nothing to
    # overlap and no first pass: the reading starts at once, and with it the child that
    # reads a large document's figures.
    first_pass = None if options.offline else [
        with_bibliographies(d, extract_identifiers(d)) for d in documents]
    online = first_pass is not None and any(ids.links or ids.dois for ids in first_pass)
    with Deferred(functools.partial(_read_all, documents, first_pass, options),
                  fork=online) as reading:
        if first_pass is not None and online:
            identifiers = first_pass
        else:
            # Read here, before any thread starts, where a large document's figures can
            # still go to a child.  ``read()`` then finds it done.
            identifiers = [Identifiers(extraction.links, extraction.dois, extraction.malformed)
                           for extraction, _, _ in reading.result()]

        def read() -> list[_Pending]:
            return [_Pending(doc, *item)
                    for doc, item in zip(documents, reading.result(), strict=True)]

        previous = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        try:
            pending, registry, links = aio.run(_verify(
                identifiers, read, options, transport, cache, endpoints, link_transport,
                resolve, policies))
        finally:
            sys.setswitchinterval(previous)
    from citecheck.check.links import link_findings

    checks = links.checks
    results = []
    for item, (extra, unchecked) in zip(pending, registry, strict=True):
        urls = dict.fromkeys(link.url for link in item.extraction.links)
        doc_checks = {url: checks.get(url) or LinkCheck(url, reason=OFFLINE) for url in urls}
        extra = extra + link_findings(item.extraction, doc_checks)
        kept = policy.apply(item.findings + extra, item.doc, options)
        not_checked = [c for c in doc_checks.values() if c.status is LinkStatus.UNCHECKED]
        reasons = [Unchecked(f"{count} links: {reason}")
                   for reason, count in Counter(c.reason for c in not_checked).items()]
        reasons += [Unchecked(f"{count} references: {reason}")
                    for reason, count in Counter(u.reason for u in unchecked).items()]
        reasons += [Unchecked(f"{count} archive lookups: {reason}")
                    for reason, count in Counter(links.archive_unchecked[url] for url in urls
                                                 if url in links.archive_unchecked).items()]
        results.append(DocumentResult(
            document=item.doc,
            extraction=item.extraction,
            findings=kept,
            citation_refs=tuple(item.resolved),
            link_checks=doc_checks,
            unchecked=tuple(reasons),
            unchecked_count=len(not_checked) + len(unchecked),
        ))
    return AuditResult(tuple(results))


def _read_claims(doc: Document) -> Claims:
    from citecheck.check.figures import read_claims

    return read_claims(doc)


_Read = tuple[Extraction, list[Finding], list[str | None]]


def _read_all(documents: list[Document], identifiers: list[Identifiers] | None,
              options: AuditOptions) -> list[_Read]:
    """The whole extraction and the local checks of each document (the extractors and
    checks are imported here, while the first links are checked).  Not the documents
    themselves: from a child process, only what the parent lacks comes back."""
    from citecheck.check import check_document
    from citecheck.extract.document import extract

    read: list[_Read] = []
    first_pass: list[Identifiers | None] = (
        list(identifiers) if identifiers is not None else [None] * len(documents))
    for doc, ids in zip(documents, first_pass, strict=True):
        # A large document's figures and attributions are read in a child of their own
        # while the extraction runs here; a .bib has none.
        has_prose = doc.kind != "bib"
        with Deferred(functools.partial(_read_claims, doc),
                      fork=has_prose and len(doc.text) >= FORK_THRESHOLD) as claims:
            extraction = extract(doc, ids)
            if options.language:
                extraction = dataclasses.replace(extraction, lang=options.language)
            findings, resolved = check_document(
                doc, extraction, claims.result() if has_prose else None)
        read.append((extraction, findings, resolved))
    return read


SWITCH_INTERVAL = 0.0005
"""Seconds a thread may hold the interpreter while another waits for it, during the
network phase (Python's default: 0.005).  Worker threads import and read there (the
registry client is made on one, the reading may run on another); the link checks then
wait at most half a millisecond for the interpreter each time answers arrive, not five."""


async def _verify(
    identifiers: list[Identifiers],
    read: Callable[[], list[_Pending]],
    options: AuditOptions,
    transport: httpx.AsyncBaseTransport | None,
    cache: Cache | None,
    endpoints: Endpoints | None,
    link_transport: httpx.AsyncBaseTransport | None,
    resolve: NameResolver | None,
    policies: Mapping[str, Policy] | None,
) -> tuple[list[_Pending], list[tuple[list[Finding], list[Unchecked]]], _LinkResults]:
    """``read()`` on a worker thread while the links are checked; then registry
    findings per document, the links still being checked."""
    own_cache = cache is None
    if cache is None:
        try:
            cache = Cache()
        except (OSError, sqlite3.Error) as exc:
            print(f"citecheck: warning: cache unavailable ({exc}); continuing without it",
                  file=sys.stderr)
    endpoints = endpoints or Endpoints.from_env()
    # One set of host-name lookups for the run: what the links' lookups learn (no name
    # resolves at all) spares the registries' their own wait, and the other way round.
    names = HostNames(resolve)
    http = None if options.offline else HttpLayer(
        mailto=options.mailto, timeout=options.timeout, transport=transport, policies=policies,
        names=names)
    has_links = any(ids.links for ids in identifiers)
    if http is not None and not has_links and any(ids.dois for ids in identifiers):
        http.prepare()  # the registry client is made while the rest is read
    wayback = Wayback(http, endpoints.wayback, cache, offline=options.offline)
    reading = asyncio.ensure_future(asyncio.to_thread(read))
    links = asyncio.ensure_future(_check_links(
        [ids.links for ids in identifiers], reading, options, cache, wayback, link_transport,
        names))
    try:
        pending = await reading
        if http is not None and has_links:
            # Made now rather than at the start, where importing httpx on its worker
            # thread held up the first rounds of link checks (30 ms on the bench).  Its
            # first users (registries, Wayback) wait for the reading anyway.
            http.prepare()
        # The registry clients, and the link findings' module needed at the very end
        # (with rapidfuzz), are imported now, while links are being checked.
        from citecheck.resolve.registries import Resolver

        importlib.import_module("citecheck.check.links")
        resolver = Resolver(http, cache, endpoints, offline=options.offline)
        dois = [d.value for item in pending for d in item.extraction.dois]
        dois += [r.doi for item in pending for r in item.extraction.references if r.doi]
        with _progress(len(dois)) as advance:
            lookups = await resolver.dois(list(dict.fromkeys(dois)))
            advance(len(dois))
            registry = [await _document_findings(item, lookups, resolver) for item in pending]
        return pending, registry, await links
    finally:
        # On the way out of a failure: stop the link checks, and take their own outcome
        # (an error too) so that it is not reported again as never retrieved.
        links.cancel()
        await asyncio.gather(links, return_exceptions=True)
        if http is not None:
            await http.aclose()
        names.close()
        if own_cache and cache is not None:
            cache.close()


LINK_TTL = {LinkStatus.ALIVE: 7 * 24 * 3600.0, LinkStatus.DEAD: 24 * 3600.0,
            LinkStatus.REDIRECTED: 7 * 24 * 3600.0, LinkStatus.REFUSED: 30 * 24 * 3600.0}
"""How long a link verdict is reused; errors and blocks are never cached."""
CACHE_BATCH = 256
"""Link verdicts written to the cache at a time during the run."""


@dataclass
class _LinkResults:
    checks: dict[str, LinkCheck]
    archive_unchecked: dict[str, str]
    """URLs in trouble whose Wayback lookup could not be made, and why."""


async def _check_links(
    links: list[tuple[Link, ...]],
    reading: asyncio.Future[list[_Pending]],
    options: AuditOptions,
    cache: Cache | None,
    wayback: Wayback,
    transport: httpx.AsyncBaseTransport | None,
    names: HostNames,
) -> _LinkResults:
    """Link verdicts (cached or fresh), then Wayback captures for the links in trouble.

    archive.org is throttled hard (one CDX request every 2.5 s), so its lookups run
    from a queue fed as soon as a verdict is final, side by side with the other
    link checks, instead of after all of them.  ``links``: each document's; the date
    a capture should be close to is its document's, known once ``reading`` is done.
    """
    document_of: dict[str, int] = {}
    for index, document_links in enumerate(links):
        for link in document_links:
            document_of.setdefault(link.url, index)
    results: dict[str, LinkCheck] = {}
    todo = []
    excluded = [re.compile(p) for p in options.exclude_urls]
    service = _link_service(options)
    cached = cache.get_many(service, list(document_of)) if cache is not None else {}
    for url in document_of:
        if any(p.search(url) for p in excluded):
            results[url] = LinkCheck(url, LinkStatus.UNCHECKED, reason="excluded by configuration")
            continue
        hit = cached.get(url)
        if hit is not None:
            results[url] = _link_from_json(hit[1])
        elif options.offline:
            results[url] = LinkCheck(url, LinkStatus.UNCHECKED, reason=OFFLINE)
        else:
            todo.append(url)

    queue: asyncio.Queue[str | None] = asyncio.Queue()
    queued: set[str] = set()
    archived: dict[str, str | None | Unchecked] = {}

    def ask_archive(check: LinkCheck) -> None:
        if check.status in IN_TROUBLE and check.archive_url is None and check.url not in queued:
            queued.add(check.url)
            queue.put_nowait(check.url)

    async def archivist() -> None:
        dates: list[date] = []
        while (url := await queue.get()) is not None:
            if not dates:  # the reading is shielded: a cancelled archivist leaves it be
                dates = [_document_date(item.extraction) for item in await asyncio.shield(reading)]
            archived[url] = await wayback.closest(url, dates[document_of[url]])

    stored: set[str] = set()
    rows: list[tuple[str, bool, Any, float | None]] = []

    def store(check: LinkCheck) -> None:
        """Verdicts go to the cache in batches while the other links are checked, not
        all at the end of the run (10 ms per 2,000 links)."""
        ttl = LINK_TTL.get(check.status)
        if cache is not None and ttl is not None and check.url not in stored:
            stored.add(check.url)
            rows.append((check.url, True, _link_to_json(check), ttl))
            if len(rows) >= CACHE_BATCH:
                flush()

    def flush() -> None:
        if cache is not None and rows:
            cache.put_many(service, rows)
            rows.clear()

    def heard(check: LinkCheck) -> None:
        ask_archive(check)
        store(check)

    worker = asyncio.ensure_future(archivist())
    try:
        for check in results.values():
            ask_archive(check)
        if todo:
            checker = LinkChecker(LinkOptions(
                allow_private_hosts=options.allow_private_hosts,
                max_concurrency=options.max_concurrency,
                host_concurrency=options.host_concurrency, timeout=options.timeout,
                mailto=options.mailto,
                accept_status={h: tuple(v) for h, v in options.accept_status.items()}),
                names=names, transport=transport)
            try:
                fresh = await checker.check_all(todo, on_final=heard)
            finally:
                await checker.aclose()
            results.update(fresh)
            for check in fresh.values():  # errors, blocks and unresolved hosts, now settled
                heard(check)
            flush()
        queue.put_nowait(None)
        await worker
    finally:
        worker.cancel()
    unchecked: dict[str, str] = {}
    for url, archive in archived.items():
        if isinstance(archive, Unchecked):
            unchecked[url] = archive.reason
        else:  # only final verdicts in trouble were queued
            results[url] = dataclasses.replace(results[url], archive_url=archive or "")
    return _LinkResults(results, unchecked)


def _link_service(options: AuditOptions) -> str:
    """The cache's name for link verdicts reached under these options.

    A verdict depends on more than its URL: with ``--allow-private-hosts`` a local page
    is fetched and found alive, without it the same URL is ``refused``; a status a host
    is configured to accept is alive, not dead.  Verdicts reached under other options
    are kept apart, so that a run never reports what its own options forbid (a cached
    "alive" for a private address, with no fetch, where it must say ``refused``).
    """
    service = "link"
    if options.allow_private_hosts:
        service += "+private"
    if options.accept_status:
        accepted = json.dumps(sorted((h, sorted(v)) for h, v in options.accept_status.items()))
        service += "+accept:" + accepted
    return service


_LINK_FIELDS = tuple(f.name for f in dataclasses.fields(LinkCheck))


def _link_to_json(check: LinkCheck) -> dict[str, Any]:
    """Its fields are plain values: a flat copy, not ``asdict``'s deep one (thousands
    of links per run)."""
    data = {name: getattr(check, name) for name in _LINK_FIELDS}
    data["status"] = check.status.value
    return data


def _link_from_json(data: dict[str, Any]) -> LinkCheck:
    return LinkCheck(**{**data, "status": LinkStatus(data["status"])})


def _document_date(extraction: Extraction) -> date:
    """The document's own date, else the latest year it cites, else today."""
    if extraction.published:
        return date.fromisoformat(extraction.published)
    years = [int(c.year[:4]) for c in extraction.citations if c.year and c.year[:4].isdigit()]
    if years:
        return date(max(years), 12, 31)
    return date.today()


async def _document_findings(
    item: _Pending, lookups: dict[str, Lookup], resolver: Resolver
) -> tuple[list[Finding], list[Unchecked]]:
    from citecheck.check.registry import (
        book_findings,
        doi_findings,
        looks_like_book,
        looks_scholarly,
        search_findings,
        search_query,
    )

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


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for the network phase, only on a terminal."""
    if total == 0 or not sys.stderr.isatty():
        yield lambda _n: None
        return
    from rich.console import Console  # only on a terminal: rich is slow to import
    from rich.progress import BarColumn, Progress, TextColumn

    columns = (TextColumn("verifying references"), BarColumn(),
               TextColumn("{task.completed}/{task.total}"))
    with Progress(*columns, transient=True, console=Console(stderr=True)) as progress:
        task = progress.add_task("registries", total=total)
        yield lambda n: progress.advance(task, n)
