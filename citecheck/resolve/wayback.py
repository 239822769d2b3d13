"""The Wayback Machine: the capture closest to a date that was archived with status 200.

Uses the CDX API (``/cdx/search/cdx?url=…&filter=statuscode:200``): the last
capture before the document's date, else the first after it.  archive.org is
slow and strict (about 24 CDX requests a minute; persisting after 429s gets an
IP firewalled), so it has its own ``Limiter`` and the first 429 ends Wayback
lookups for the run.  Snapshots are cached for good.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from citecheck.model import Unchecked
from citecheck.resolve.cache import Cache
from citecheck.resolve.http import HttpLayer
from citecheck.resolve.offline import OFFLINE

NO_SNAPSHOT = ""


def web_base(base: str) -> str:
    """archive.org's CDX and captures live on web.archive.org."""
    return "https://web.archive.org" if base.rstrip("/") in {"https://archive.org",
                                                             "http://archive.org"} else base


class Wayback:
    def __init__(self, http: HttpLayer | None, base: str, cache: Cache | None,
                 offline: bool = False) -> None:
        self.http = http
        self.base = web_base(base).rstrip("/")
        self.cache = cache
        self.offline = offline or http is None
        self._stopped: str | None = None

    def archive_url(self, timestamp: str, original: str) -> str:
        return f"{self.base}/web/{timestamp}/{original}"

    async def closest(self, url: str, when: date) -> str | None | Unchecked:
        """The archive URL of the 200 capture closest to ``when``; ``None`` if never archived."""
        key = f"{url}|{when:%Y%m%d}"
        if self.cache is not None:
            hit = self.cache.get("wayback", key)
            if hit is not None:
                return hit[1] or None
        if self.offline or self.http is None:
            return Unchecked(OFFLINE)
        if self._stopped:
            return Unchecked(self._stopped)
        stamp = f"{when:%Y%m%d}235959"
        before = await self._query(url, {"to": stamp, "limit": "-1"})
        if isinstance(before, Unchecked):
            return before
        found = before or await self._query(url, {"from": stamp, "limit": "1"})
        if isinstance(found, Unchecked):
            return found
        archive = self.archive_url(found[0], found[1]) if found else None
        if self.cache is not None:
            self.cache.put("wayback", key, True, archive or NO_SNAPSHOT)
        return archive

    async def _query(self, url: str, extra: dict[str, str]) -> tuple[str, str] | None | Unchecked:
        assert self.http is not None
        params = {"url": url, "filter": "statuscode:200", "output": "json",
                  "fl": "timestamp,original,statuscode", **extra}
        result = await self.http.get("wayback", f"{self.base}/cdx/search/cdx", params)
        if isinstance(result, Unchecked):
            if "429" in result.reason or "Retry-After" in result.reason:
                self._stopped = "the Wayback Machine asked us to slow down; no more lookups this run"
            return result
        if result.status == 429:
            self._stopped = "the Wayback Machine asked us to slow down; no more lookups this run"
            return Unchecked(self._stopped)
        if result.status >= 400:
            return Unchecked(f"Wayback CDX answered HTTP {result.status}")
        try:
            rows: Any = result.json() if result.body.strip() else []
        except (ValueError, UnicodeDecodeError):
            return Unchecked("Wayback CDX sent a response that is not JSON")
        captures = [r for r in rows if isinstance(r, list) and len(r) >= 2 and r[0] != "timestamp"]
        if not captures:
            return None
        chosen = captures[-1] if extra.get("limit", "").startswith("-") else captures[0]
        return str(chosen[0]), str(chosen[1])
