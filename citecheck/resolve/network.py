"""One run's way to the outside world: cache, endpoints, host names, the HTTP layer,
the Wayback Machine and the registries, opened and closed together.

Offline simply means "no HTTP layer": every service then answers from the cache or
says it could not look (``Unchecked(OFFLINE)``), with one reason text for all.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from citecheck.model import AuditOptions
from citecheck.resolve.cache import Cache
from citecheck.resolve.dns import HostNames
from citecheck.resolve.dns import Resolver as NameResolver
from citecheck.resolve.endpoints import Endpoints
from citecheck.resolve.http import HttpLayer
from citecheck.resolve.offline import OFFLINE
from citecheck.resolve.ratelimit import Policy
from citecheck.resolve.wayback import Wayback

if TYPE_CHECKING:
    import httpx

    from citecheck.resolve.registries import Resolver

__all__ = ["OFFLINE", "Network"]


class Network:
    """The services of one audit.  ``cache``: a given cache stays open at the end (its
    owner closes it); without one the user's cache is opened, or the run goes on
    without a cache when it cannot be (a warning says so)."""

    def __init__(self, options: AuditOptions, *, cache: Cache | None = None,
                 endpoints: Endpoints | None = None,
                 transport: httpx.AsyncBaseTransport | None = None,
                 resolve: NameResolver | None = None,
                 policies: Mapping[str, Policy] | None = None) -> None:
        self.offline = options.offline
        self._own_cache = cache is None
        self.cache = cache if cache is not None else user_cache()
        self.endpoints = endpoints or Endpoints.from_env()
        # One set of host-name lookups for the run: what the links' lookups learn (no
        # name resolves at all) spares the registries' their own wait, and the other way.
        self.names = HostNames(resolve)
        self.http = None if options.offline else HttpLayer(
            mailto=options.mailto, timeout=options.timeout, transport=transport,
            policies=policies, names=self.names)
        self.wayback = Wayback(self.http, self.endpoints.wayback, self.cache,
                               offline=options.offline)

    def prepare(self) -> None:
        """Make the HTTP client now (on a worker thread), before its first user."""
        if self.http is not None:
            self.http.prepare()

    def registries(self) -> Resolver:
        """The registry clients (imported on first use: httpx and friends are slow to
        import, and the links are being checked meanwhile)."""
        from citecheck.resolve.registries import Resolver

        return Resolver(self.http, self.cache, self.endpoints, offline=self.offline)

    async def aclose(self) -> None:
        if self.http is not None:
            await self.http.aclose()
        self.names.close()
        if self._own_cache and self.cache is not None:
            self.cache.close()


def user_cache() -> Cache | None:
    try:
        return Cache()
    except (OSError, sqlite3.Error) as exc:
        print(f"citecheck: warning: cache unavailable ({exc}); continuing without it",
              file=sys.stderr)
        return None
