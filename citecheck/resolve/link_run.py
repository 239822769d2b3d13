"""One run's link verdicts: from the cache, from fresh checks, and their Wayback copies.

The link checker (``resolve.links``) knows how to judge one URL.  This module runs it
over every URL of an audit: it answers from the cache what the cache still holds (a
verdict reached under other options is kept apart, see ``link_service``), checks the
rest, stores each verdict as soon as it is final, and asks the Wayback Machine about
the links in trouble from a queue fed while the other checks go on — archive.org is
throttled hard (one CDX request every 2.6 s), so waiting for every verdict first
would leave a long silent wait at the end.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from citecheck.model import (
    AuditOptions,
    Extraction,
    Link,
    LinkCheck,
    LinkStatus,
    Unchecked,
)
from citecheck.progress import ARCHIVE, LINKS, Progress, Silent
from citecheck.resolve.cache import Cache
from citecheck.resolve.dns import HostNames
from citecheck.resolve.fetchers import LinkOptions
from citecheck.resolve.links import LinkChecker
from citecheck.resolve.network import OFFLINE
from citecheck.resolve.ratelimit import Policy
from citecheck.resolve.wayback import Wayback

if TYPE_CHECKING:
    import httpx

LINK_TTL = {LinkStatus.ALIVE: 7 * 24 * 3600.0, LinkStatus.DEAD: 24 * 3600.0,
            LinkStatus.REDIRECTED: 7 * 24 * 3600.0, LinkStatus.REFUSED: 30 * 24 * 3600.0}
"""How long a link verdict is reused; errors and blocks are never cached."""
CACHE_BATCH = 256
"""Link verdicts written to the cache at a time during the run."""
DAY = 24 * 3600.0
FAILURES_TTL = 180 * DAY
"""How long a link's record of failures is kept (``--confirm-dead``)."""


@dataclass
class LinkResults:
    checks: dict[str, LinkCheck]
    archive_unchecked: dict[str, str]
    """URLs in trouble whose Wayback lookup could not be made, and why."""


@dataclass
class LinkRun:
    """The link work of one audit.  ``dates()`` gives each document's date (a Wayback
    capture should be close to it), known once the documents are read."""

    options: AuditOptions
    cache: Cache | None
    wayback: Wayback
    names: HostNames
    transport: httpx.AsyncBaseTransport | None = None
    cache_batch: int = CACHE_BATCH
    link_policy: Policy | None = None
    """``policies["link"]`` of ``audit()``: the retry backoff of link checks."""
    progress: Progress = dataclasses.field(default_factory=Silent)
    clock: Callable[[], float] = time.time
    """Now, in seconds since the epoch: when a failure is recorded (``--confirm-dead``)."""
    _settled: dict[str, LinkCheck] = dataclasses.field(default_factory=dict)
    _rows: list[tuple[str, bool, Any, float | None]] = dataclasses.field(default_factory=list)
    _stored: set[str] = dataclasses.field(default_factory=set)
    _queued: set[str] = dataclasses.field(default_factory=set)
    _queue: asyncio.Queue[str | None] = dataclasses.field(default_factory=asyncio.Queue)

    async def run(self, links: Sequence[tuple[Link, ...]],
                  dates: Callable[[], Awaitable[list[date]]]) -> LinkResults:
        """Link verdicts (cached or fresh), then Wayback captures for those in trouble.
        ``links``: each document's."""
        document_of: dict[str, int] = {}
        for index, document_links in enumerate(links):
            for link in document_links:
                document_of.setdefault(link.url, index)
        results, todo = self._known(list(document_of))
        if todo:
            self.progress.add(LINKS, len(todo))
        archived: dict[str, str | None | Unchecked] = {}
        worker = asyncio.ensure_future(self._archivist(document_of, dates, archived))
        try:
            for check in results.values():
                self._ask_archive(check)
            if todo:
                results.update(await self._check(todo))
            self._queue.put_nowait(None)
            await worker
        finally:
            worker.cancel()
        unchecked: dict[str, str] = {}
        for url, archive in archived.items():
            if isinstance(archive, Unchecked):
                unchecked[url] = archive.reason
            else:  # only final verdicts in trouble were queued
                results[url] = dataclasses.replace(results[url], archive_url=archive or "")
        return LinkResults(results, unchecked)

    def _known(self, urls: list[str]) -> tuple[dict[str, LinkCheck], list[str]]:
        """The verdicts known without a request (excluded, cached, offline), and the URLs
        left to check."""
        results: dict[str, LinkCheck] = {}
        todo = []
        excluded = [re.compile(p) for p in self.options.exclude_urls]
        cached = self.cache.get_many(link_service(self.options), urls) if self.cache else {}
        for url in urls:
            if any(p.search(url) for p in excluded):
                results[url] = LinkCheck(url, LinkStatus.UNCHECKED,
                                         reason="excluded by configuration")
                continue
            hit = cached.get(url)
            if hit is not None:
                results[url] = link_from_json(hit[1])
            elif self.options.offline:
                results[url] = LinkCheck(url, LinkStatus.UNCHECKED, reason=OFFLINE)
            else:
                todo.append(url)
        return results, todo

    async def _check(self, todo: list[str]) -> dict[str, LinkCheck]:
        options = self.options
        checker = LinkChecker(LinkOptions(
            allow_private_hosts=options.allow_private_hosts,
            max_concurrency=options.max_concurrency,
            host_concurrency=options.host_concurrency, timeout=options.timeout,
            mailto=options.mailto, backoff=self.link_policy.backoff if self.link_policy else 0.5,
            accept_status={h: tuple(v) for h, v in options.accept_status.items()}),
            names=self.names, transport=self.transport)
        try:
            fresh = await checker.check_all(
                todo, on_final=self._heard, on_checked=lambda _: self.progress.advance(LINKS))
        finally:
            await checker.aclose()
        for check in fresh.values():  # errors, blocks and unresolved hosts, now settled
            self._heard(check)
        self._flush()
        return {url: self._settled.get(url, check) for url, check in fresh.items()}

    def _heard(self, check: LinkCheck) -> None:
        if check.url not in self._settled:
            self._settled[check.url] = self._confirmed(check)
        check = self._settled[check.url]
        self._ask_archive(check)
        self._store(check)

    def _confirmed(self, check: LinkCheck) -> LinkCheck:
        """With ``--confirm-dead N``: a dead page is dead once it has failed N times, at
        least a day apart (the failures are kept in the cache); until then, unstable.
        A page that answers again starts afresh."""
        needed = self.options.confirm_dead
        if needed <= 1:
            return check
        record = self.cache.get("link-failures", check.url) if self.cache else None
        failures: list[float] = list(record[1]) if record and record[1] else []
        if check.status is not LinkStatus.DEAD:
            if failures and check.status in {LinkStatus.ALIVE, LinkStatus.REDIRECTED}:
                self.cache.put("link-failures", check.url, True, [], FAILURES_TTL)  # type: ignore[union-attr]
            return check
        now = self.clock()
        if not failures or now - failures[-1] >= DAY:
            failures.append(now)
            if self.cache is not None:
                self.cache.put("link-failures", check.url, True, failures, FAILURES_TTL)
        first = date.fromtimestamp(failures[0]).isoformat()
        if len(failures) >= needed:
            return dataclasses.replace(check, reason=f"{check.reason} (failed {len(failures)} "
                                                     f"times, a day apart, since {first})")
        return dataclasses.replace(check, status=LinkStatus.UNSTABLE, reason=(
            f"{check.reason}; failure {len(failures)} of the {needed} a day apart that "
            f"--confirm-dead asks before calling it dead (first on {first})"))

    def _ask_archive(self, check: LinkCheck) -> None:
        if (self.options.archive.wants(check.status) and check.archive_url is None
                and check.url not in self._queued):
            self._queued.add(check.url)
            self._queue.put_nowait(check.url)
            self.progress.add(ARCHIVE, 1, self.wayback.pace)

    async def _archivist(self, document_of: dict[str, int],
                         dates: Callable[[], Awaitable[list[date]]],
                         archived: dict[str, str | None | Unchecked]) -> None:
        known: list[date] = []
        while (url := await self._queue.get()) is not None:
            if not known:
                known = await dates()
            archived[url] = await self.wayback.closest(url, known[document_of[url]])
            self.progress.advance(ARCHIVE)

    def _store(self, check: LinkCheck) -> None:
        """Verdicts go to the cache in batches while the other links are checked, not
        all at the end of the run (10 ms per 2,000 links)."""
        ttl = LINK_TTL.get(check.status)
        if check.status is LinkStatus.DEAD and self.options.confirm_dead > 1:
            ttl = None  # looked at again each run: its record of failures is the memory
        if self.cache is not None and ttl is not None and check.url not in self._stored:
            self._stored.add(check.url)
            self._rows.append((check.url, True, link_to_json(check), ttl))
            if len(self._rows) >= self.cache_batch:
                self._flush()

    def _flush(self) -> None:
        if self.cache is not None and self._rows:
            self.cache.put_many(link_service(self.options), self._rows)
            self._rows.clear()


def link_service(options: AuditOptions) -> str:
    """The cache's name for link verdicts reached under these options.

    A verdict depends on more than its URL: with ``--allow-private-hosts`` a local page
    is fetched and found alive, without it the same URL is ``refused``; a status a host
    is configured to accept is alive, not dead.  Verdicts reached under other options
    are kept apart, so that a run never reports what its own options forbid (a cached
    "alive" for a private address, with no fetch, where it must say ``refused``).
    """
    service = "link"
    if options.confirm_dead > 1:  # a dead verdict is one confirmed so many times
        service += f"+confirm:{options.confirm_dead}"
    if options.allow_private_hosts:
        service += "+private"
    if options.accept_status:
        accepted = json.dumps(sorted((h, sorted(v)) for h, v in options.accept_status.items()))
        service += "+accept:" + accepted
    return service


_LINK_FIELDS = tuple(f.name for f in dataclasses.fields(LinkCheck))


def link_to_json(check: LinkCheck) -> dict[str, Any]:
    """Its fields are plain values: a flat copy, not ``asdict``'s deep one (thousands
    of links per run)."""
    data = {name: getattr(check, name) for name in _LINK_FIELDS}
    data["status"] = check.status.value
    return data


def link_from_json(data: dict[str, Any]) -> LinkCheck:
    return LinkCheck(**{**data, "status": LinkStatus(data["status"])})


def document_date(extraction: Extraction) -> date:
    """The document's own date, else the latest year it cites, else today: the date a
    Wayback capture of its links should be close to."""
    if extraction.published:
        return date.fromisoformat(extraction.published)
    years = [int(c.year[:4]) for c in extraction.citations if c.year and c.year[:4].isdigit()]
    if years:
        return date(max(years), 12, 31)
    return date.today()
