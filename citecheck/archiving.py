"""``citecheck archive``: captures, by Save Page Now, of the cited pages the Wayback
Machine does not hold — so that when a page dies, the citation has a copy to point to.

The documents are audited with every link looked up in the Wayback Machine
(``--archive all``); the pages that answer and have no capture (or none since
``since``) are saved, each once however it is spelt and however many documents cite
it; each capture is written to the cache, where the next ``audit`` finds it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from citecheck import aio
from citecheck.audit import audit
from citecheck.model import ArchiveMode, AuditOptions, AuditResult, LinkStatus
from citecheck.progress import Progress
from citecheck.resolve.cache import Cache
from citecheck.resolve.endpoints import Endpoints
from citecheck.resolve.http import HttpLayer
from citecheck.resolve.link_run import document_date
from citecheck.resolve.network import user_cache
from citecheck.resolve.ratelimit import Policy
from citecheck.resolve.savepagenow import KEYED, POLL, Keys, Saved, SavePageNow
from citecheck.resolve.wayback import Wayback, archive_key, web_base
from citecheck.text import visible


@dataclass(frozen=True)
class Archived:
    """What ``citecheck archive`` did: pages saved, pages that could not be, and how
    many cited pages already had a capture."""

    saved: tuple[Saved, ...]
    failed: tuple[Saved, ...]
    captured: int
    audit: AuditResult

    def lines(self, dry_run: bool) -> list[str]:
        """What the command prints: each page saved (or to save), each failure and its
        reason, then the counts."""
        out = [f"saved   {visible(s.url)}" + (f" → {visible(s.archive_url)}" if s.archive_url
                                              else " (--dry-run)") for s in self.saved]
        out += [f"failed  {visible(f.url)}: {visible(f.reason)}" for f in self.failed]
        out.append(f"{len(self.saved)} {'to save' if dry_run else 'saved'}, "
                   f"{len(self.failed)} failed, {self.captured} already captured")
        return out


def to_save(result: AuditResult, since: date | None) -> dict[str, list[date]]:
    """The pages that answer and have no capture (or none since ``since``), one URL per
    page, with the dates of the documents that cite it."""
    pages: dict[str, str] = {}
    wanted: dict[str, list[date]] = {}
    for doc in result.documents:
        when = document_date(doc.extraction)
        for url, check in doc.link_checks.items():
            if check.status is not LinkStatus.ALIVE or check.archive_url is None:
                continue
            if check.archive_url and not _older(check.archive_url, since):
                continue
            first = pages.setdefault(archive_key(url), url)
            wanted.setdefault(first, []).append(when)
    return wanted


def _older(archive_url: str, since: date | None) -> bool:
    stamp = re.search(r"/web/(\d{8})", archive_url)
    return since is not None and stamp is not None and stamp.group(1) < f"{since:%Y%m%d}"


def archive(options: AuditOptions, *, since: date | None = None, keys: Keys | None = None,
            dry_run: bool = False, cache: Cache | None = None,
            endpoints: Endpoints | None = None, policies: Mapping[str, Policy] | None = None,
            poll: float = POLL,
            sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
            progress: Progress | None = None) -> Archived:
    """Audit ``options.paths``, then save the pages with no capture (``dry_run``: only
    say which).  ``keys``: the user's Internet Archive keys, which raise the limits."""
    endpoints = endpoints or Endpoints.from_env()
    own = cache is None
    cache = cache or user_cache()
    try:
        return _archive(options, since, keys, dry_run, cache, endpoints, policies, poll, sleep,
                        progress)
    finally:
        if own and cache is not None:
            cache.close()


def _archive(options: AuditOptions, since: date | None, keys: Keys | None, dry_run: bool,
             cache: Cache | None, endpoints: Endpoints, policies: Mapping[str, Policy] | None,
             poll: float, sleep: Callable[[float], Awaitable[Any]],
             progress: Progress | None) -> Archived:
    result = audit(dataclasses.replace(options, archive=ArchiveMode.ALL), cache=cache,
                   endpoints=endpoints, policies=policies, progress=progress)
    wanted = to_save(result, since)
    captured = sum(1 for doc in result.documents for check in doc.link_checks.values()
                   if check.status is LinkStatus.ALIVE and check.archive_url)
    if dry_run or not wanted:
        return Archived(tuple(Saved(url, reason="not saved (--dry-run)") for url in wanted),
                        (), captured, result)
    pace = {**({"spn": KEYED} if keys is not None else {}), **(policies or {})}  # given wins
    outcomes = aio.run(_save_all(list(wanted), options, endpoints, keys, pace, poll, sleep))
    wayback = Wayback(None, endpoints.wayback, cache)
    for saved in outcomes:
        if saved.archive_url:
            for when in wanted[saved.url]:
                wayback.remember(saved.url, when, saved.archive_url)
    return Archived(tuple(s for s in outcomes if s.archive_url),
                    tuple(s for s in outcomes if not s.archive_url), captured, result)


async def _save_all(urls: list[str], options: AuditOptions, endpoints: Endpoints,
                    keys: Keys | None, policies: Mapping[str, Policy], poll: float,
                    sleep: Callable[[float], Awaitable[Any]]) -> list[Saved]:
    http = HttpLayer(mailto=options.mailto, timeout=options.timeout, policies=policies)
    try:
        spn = SavePageNow(http, endpoints.spn, web_base(endpoints.wayback), keys, poll=poll,
                          sleep=sleep)
        return list(await asyncio.gather(*(spn.save(url) for url in urls)))
    finally:
        await http.aclose()
