"""The Wayback Machine: the capture closest to a date that was archived with status 200.

One CDX request per page: ``closest=<date>&sort=closest&limit=1`` with
``filter=statuscode:200`` gives the capture nearest the document's date.  Where that form
is refused (an older or stricter CDX server answers 400), the run falls back to two
plain queries (the last capture before the date, else the first after it).  archive.org
is slow and strict (about 24 CDX requests a minute; persisting after 429s gets an IP
firewalled), so it has its own ``Limiter`` and the first 429 ends Wayback lookups for
the run.

Two spellings of one page (``http``/``https``, ``www.``, a trailing slash, tracking
parameters) are one lookup and one cache entry (``archive_key``), asked once per run
whatever documents cite it.  Snapshots are cached for good.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from citecheck.lexicon import load
from citecheck.model import Unchecked
from citecheck.resolve.cache import Cache
from citecheck.resolve.http import HttpLayer
from citecheck.resolve.offline import OFFLINE

NO_SNAPSHOT = ""
SLOW_DOWN = "the Wayback Machine asked us to slow down; no more lookups this run"


def web_base(base: str) -> str:
    """archive.org's CDX and captures live on web.archive.org."""
    return "https://web.archive.org" if base.rstrip("/") in {"https://archive.org",
                                                             "http://archive.org"} else base


@functools.cache
def _tracking() -> re.Pattern[str]:
    names = load("links")["tracking_parameters"]
    return re.compile("|".join(f"(?:{n})" for n in names), re.I)


def asked_url(url: str) -> str:
    """The page as the Wayback Machine is asked for it: without its fragment and the
    tracking parameters a share button adds (``utm_source``, ``fbclid``…), which no
    capture carries."""
    parts = urlsplit(url)
    tracking = _tracking()
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not tracking.fullmatch(k)]
    query = parts.query if len(kept) == len(pairs) else urlencode(kept)  # as written
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def archive_key(url: str) -> str:
    """One key for the spellings of one page: no scheme, no ``www.``, the host in lower
    case, no trailing slash, no fragment or tracking parameters (the Wayback Machine's
    own index folds the first three the same way)."""
    parts = urlsplit(asked_url(url))
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


class Wayback:
    def __init__(self, http: HttpLayer | None, base: str, cache: Cache | None,
                 offline: bool = False) -> None:
        self.http = http
        self.base = web_base(base).rstrip("/")
        self.cache = cache
        self.offline = offline or http is None
        self.requests = 0
        """CDX requests sent in this run."""
        self._stopped: str | None = None
        self._closest_refused = False
        self._asked: dict[str, str | None | Unchecked] = {}

    @property
    def pace(self) -> float:
        """Seconds between two lookups at archive.org's limit: what sets this phase's
        length."""
        return self.http.limiter("wayback").policy.interval if self.http is not None else 0.0

    def archive_url(self, timestamp: str, original: str) -> str:
        return f"{self.base}/web/{timestamp}/{original}"

    async def closest(self, url: str, when: date) -> str | None | Unchecked:
        """The archive URL of the 200 capture closest to ``when``; ``None`` if never
        archived.  Asked once per page in a run, whatever its spelling or its date."""
        page = archive_key(url)
        if page not in self._asked:
            self._asked[page] = await self._closest(asked_url(url), page, when)
        return self._asked[page]

    def remember(self, url: str, when: date, archive: str) -> None:
        """A capture made since (Save Page Now): what later lookups of ``url`` for a
        document of ``when`` find in the cache."""
        if self.cache is not None:
            self.cache.put("wayback", f"{archive_key(url)}|{when:%Y%m%d}", True, archive)

    async def _closest(self, url: str, page: str, when: date) -> str | None | Unchecked:
        key = f"{page}|{when:%Y%m%d}"
        if self.cache is not None:
            hit = self.cache.get("wayback", key)
            if hit is not None:
                return hit[1] or None
        if self.offline or self.http is None:
            return Unchecked(OFFLINE)
        if self._stopped:
            return Unchecked(self._stopped)
        stamp = f"{when:%Y%m%d}235959"
        found: tuple[str, str] | None | Unchecked = None
        if not self._closest_refused:
            found = await self._query(url, {"closest": stamp, "sort": "closest", "limit": "1"})
            if isinstance(found, _Refused):
                self._closest_refused = True
        if self._closest_refused:
            found = await self._query(url, {"to": stamp, "limit": "-1"})
            if found is None:
                found = await self._query(url, {"from": stamp, "limit": "1"})
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
        self.requests += 1
        result = await self.http.get("wayback", f"{self.base}/cdx/search/cdx", params)
        if isinstance(result, Unchecked):
            if "429" in result.reason or "Retry-After" in result.reason:
                self._stopped = SLOW_DOWN
            return result
        if result.status == 429:
            self._stopped = SLOW_DOWN
            return Unchecked(self._stopped)
        if result.status == 400 and "closest" in extra:
            return _Refused(f"Wayback CDX refused the closest form (HTTP {result.status})")
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


class _Refused(Unchecked):
    """The server does not take the one-request form: ask it the older way."""
