"""The library entry point: ``audit(options) -> AuditResult``, the stages wired.

ingest (which documents, loaded) → a first pass over their identifiers → the links
checked from it at once, while the rest of the reading and the local checks go on in a
child process or on a worker thread (``read_all``) → the registries asked once the
reading is done → the findings each document's policy keeps.  Offline there is no
network at all (``resolve.network``): only the cache is read, and what could not be
verified is counted as unchecked with the reason, never reported as wrong.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import importlib
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from citecheck import aio, policy
from citecheck.extract.identifiers import Identifiers, extract_identifiers, with_bibliographies
from citecheck.fork import Deferred, process_pool
from citecheck.ingest.selection import documents as documents_to_audit
from citecheck.model import (
    AuditOptions,
    AuditResult,
    Document,
    DocumentResult,
    Extraction,
    Finding,
    LinkCheck,
    LinkStatus,
    Lookup,
    Unchecked,
)
from citecheck.progress import REGISTRIES, Progress, Silent
from citecheck.resolve.cache import Cache
from citecheck.resolve.dns import Resolver as NameResolver
from citecheck.resolve.endpoints import Endpoints
from citecheck.resolve.link_run import CACHE_BATCH, LinkResults, LinkRun, document_date
from citecheck.resolve.network import OFFLINE, Network
from citecheck.resolve.ratelimit import Policy

if TYPE_CHECKING:  # httpx is imported when a registry is first asked
    import httpx

    from citecheck.extract.claims import Claims
    from citecheck.resolve.registries import Resolver

FORK_THRESHOLD = 1_000_000
"""Characters from which a document's figures are read in a child process: below it,
starting one costs more than it saves."""
POOL_DOCUMENTS = 20
POOL_CHARACTERS = 2_000_000
"""Documents, or characters in all, from which the reading goes to a pool of processes:
below both, five seed essays read in 0.43 s on one process and 0.52 s on two."""
SWITCH_INTERVAL = 0.0005
"""Seconds a thread may hold the interpreter while another waits, in the network phase
(default 0.005): with worker threads importing and reading, link answers then wait at
most half a millisecond for the interpreter, not five."""

_Read = tuple[Extraction, list[Finding], list[str | None]]
Reader = Callable[[list[Document], "list[Identifiers] | None", AuditOptions, "Seams"], list[_Read]]


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
    seams: Seams | None = None,
    progress: Progress | None = None,
) -> AuditResult:
    """Read, check and (unless offline) verify every document under ``options.paths``.
    The keyword arguments replace the outside world (transports, cache, endpoints, name
    resolution, politeness) and the run's own machinery (``seams``), for tests and
    embedders; ``progress`` hears how far the network phases are (the command line
    shows it)."""
    progress = Silent() if progress is None or options.offline else progress  # no network
    seams = seams or Seams()
    documents = documents_to_audit(options.paths, options.exclude, options.bibliography)
    # The links, known from a first fast pass, are checked while the rest is read (in a
    # child forked here, before any thread starts, or on a worker thread).  Offline
    # there is nothing to overlap and no first pass: the reading starts at once.
    first_pass = None if options.offline else [
        with_bibliographies(d, seams.first_pass(d)) for d in documents]
    online = first_pass is not None and any(ids.links or ids.dois for ids in first_pass)
    with seams.deferred(functools.partial(seams.read, documents, first_pass, options, seams),
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

        network = Network(options, cache=cache, endpoints=endpoints, transport=transport,
                          resolve=resolve, policies=policies)
        previous = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        try:
            pending, registry, links = aio.run(_verify(
                identifiers, read, network, LinkRun(
                    options, network.cache, network.wayback, network.names, link_transport,
                    seams.cache_batch, (policies or {}).get("link"), progress, seams.clock),
                progress))
        finally:
            sys.setswitchinterval(previous)
    return AuditResult(tuple(_result(item, found, links, options)
                             for item, found in zip(pending, registry, strict=True)))


def _result(item: _Pending, registry: tuple[list[Finding], list[Unchecked]],
            links: LinkResults, options: AuditOptions) -> DocumentResult:
    """One document's result: its findings as the policy keeps them, and what could not
    be checked, counted by reason."""
    from citecheck.check.links import link_findings

    extra, unchecked = registry
    urls = dict.fromkeys(link.url for link in item.extraction.links)
    checks = {url: links.checks.get(url) or LinkCheck(url, reason=OFFLINE) for url in urls}
    extra = extra + link_findings(item.extraction, checks)
    not_checked = [c for c in checks.values() if c.status is LinkStatus.UNCHECKED]
    reasons = [Unchecked(f"{count} links: {reason}")
               for reason, count in Counter(c.reason for c in not_checked).items()]
    reasons += [Unchecked(f"{count} references: {reason}")
                for reason, count in Counter(u.reason for u in unchecked).items()]
    reasons += [Unchecked(f"{count} archive lookups: {reason}")
                for reason, count in Counter(links.archive_unchecked[url] for url in urls
                                             if url in links.archive_unchecked).items()]
    return DocumentResult(
        document=item.doc,
        extraction=item.extraction,
        findings=policy.apply(item.findings + extra, item.doc, options),
        citation_refs=tuple(item.resolved),
        link_checks=checks,
        unchecked=tuple(reasons),
        unchecked_count=len(not_checked) + len(unchecked),
    )


def _read_claims(doc: Document) -> Claims:
    from citecheck.extract.claims import read_claims
    return read_claims(doc)


def read_all(documents: list[Document], identifiers: list[Identifiers] | None,
              options: AuditOptions, seams: Seams) -> list[_Read]:
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
        with seams.deferred(functools.partial(_read_claims, doc),
                            fork=has_prose and len(doc.text) >= seams.fork_threshold) as claims:
            extraction = extract(doc, ids)
            if options.language:
                extraction = dataclasses.replace(extraction, lang=options.language)
            findings, resolved = check_document(
                doc, extraction, claims.result() if has_prose else None)
        read.append((extraction, findings, resolved))
    return read


def pool_reader(jobs: int) -> Reader:
    """A ``Seams.read`` that reads on ``jobs`` processes (``--jobs``): the reading and
    local checks are most of a corpus's time, and a document needs no other."""
    return functools.partial(read_in_pool, jobs=jobs)


def read_in_pool(documents: list[Document], identifiers: list[Identifiers] | None,
                 options: AuditOptions, seams: Seams, *, jobs: int) -> list[_Read]:
    """``read_all`` over slices of the documents, in order, on a pool of processes: when
    there is enough to read to pay for starting them (about 0.1 s on the bench)."""
    characters = sum(len(doc.text) for doc in documents)
    if jobs <= 1 or len(documents) < 2 or (len(documents) < POOL_DOCUMENTS
                                            and characters < POOL_CHARACTERS):
        return read_all(documents, identifiers, options, seams)
    size = max(1, -(-len(documents) // (4 * jobs)))  # a few slices a process: balanced
    plain = dataclasses.replace(seams, read=read_all)
    slices = [(documents[i:i + size], None if identifiers is None else identifiers[i:i + size],
               options, plain) for i in range(0, len(documents), size)]
    with process_pool(jobs) as pool:
        return [item for part in pool.map(_read_slice, slices) for item in part]


def _read_slice(work: tuple[list[Document], list[Identifiers] | None, AuditOptions, Seams]
                ) -> list[_Read]:
    return read_all(*work)


@dataclass(frozen=True)
class Seams:
    """The run's own machinery, replaceable by tests and embedders: how the first pass
    reads identifiers, how the documents are read (``read``), how work is deferred to a
    child process (``deferred``), from what size a document's figures go to a child, and
    how many link verdicts are written to the cache at a time."""

    first_pass: Callable[[Document], Identifiers] = extract_identifiers
    read: Reader = read_all
    deferred: type[Deferred] = Deferred  # type: ignore[type-arg]
    fork_threshold: int = FORK_THRESHOLD
    cache_batch: int = CACHE_BATCH
    clock: Callable[[], float] = time.time
    """Now (seconds since the epoch), when failures are recorded (``--confirm-dead``)."""


async def _verify(
    identifiers: list[Identifiers],
    read: Callable[[], list[_Pending]],
    network: Network,
    link_run: LinkRun,
    progress: Progress,
) -> tuple[list[_Pending], list[tuple[list[Finding], list[Unchecked]]], LinkResults]:
    """``read()`` on a worker thread while the links are checked; then registry
    findings per document, the links still being checked."""
    has_links = any(ids.links for ids in identifiers)
    if not has_links and any(ids.dois for ids in identifiers):
        network.prepare()  # the registry client is made while the rest is read
    reading = asyncio.ensure_future(asyncio.to_thread(read))

    async def dates() -> list[date]:  # the reading is shielded: a cancelled archivist
        return [document_date(item.extraction) for item in await asyncio.shield(reading)]

    links = asyncio.ensure_future(link_run.run([ids.links for ids in identifiers], dates))
    try:
        pending = await reading
        if has_links:
            # Made now rather than at the start, where importing httpx on its worker
            # thread held up the first rounds of link checks (30 ms on the bench).  Its
            # first users (registries, Wayback) wait for the reading anyway.
            network.prepare()
        # The registry clients, and the link findings' module needed at the very end
        # (with rapidfuzz), are imported now, while links are being checked.
        resolver = network.registries()
        importlib.import_module("citecheck.check.links")
        registry = await _registry(pending, resolver, progress)
        return pending, registry, await links
    finally:
        # On the way out of a failure: stop the link checks, and take their own outcome
        # (an error too) so that it is not reported again as never retrieved.
        links.cancel()
        await asyncio.gather(links, return_exceptions=True)
        await network.aclose()


async def _registry(pending: list[_Pending], resolver: Resolver, progress: Progress
                    ) -> list[tuple[list[Finding], list[Unchecked]]]:
    """Every DOI of the run asked in one batch, then each document's registry findings."""
    from citecheck.check.registry import registry_findings

    dois = list(dict.fromkeys([d.value for item in pending for d in item.extraction.dois]
                              + [r.doi for item in pending for r in item.extraction.references
                                 if r.doi]))
    if dois:
        progress.add(REGISTRIES, len(dois))
    lookups: dict[str, Lookup] = await resolver.dois(dois)
    progress.advance(REGISTRIES, len(dois))
    return [await registry_findings(item.extraction, lookups, resolver) for item in pending]
