"""Host names looked up once per run, shared by the link checker and the registries.

Why a module of its own, not ``loop.getaddrinfo``:

- **A lookup can hang for the system resolver's whole timeout** (5 s, then again): a
  name server that loses a packet, or one on a network that resolves nothing.  Each
  lookup runs on a daemon thread of its own, so a hung one neither fills the event
  loop's small pool (uvloop's holds four: four hung lookups there held up every other
  lookup, the registries' included) nor holds up the end of the process.
- **A network that resolves nothing is recognised quickly.**  When no name has
  resolved this run, some name has already failed outright, and a lookup has not
  answered within ``GRACE`` seconds, waiting on is pointless: that lookup is given up
  with ``NoNetwork``.  Callers report it as *unchecked*, never as "does not resolve":
  a name is called dead only when the resolver said so.  Once any name has resolved,
  the network works and every lookup is waited for in full.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Awaitable, Callable

Resolver = Callable[[str], Awaitable[list[str]]]

GRACE = 1.0
"""Seconds a lookup is waited for, while nothing resolves, before it is given up."""
CONCURRENCY = 16
"""Lookups under way at once (a document may name hundreds of hosts)."""
NO_NETWORK = "no network: no host name could be resolved"


class NoNetwork(Exception):
    """A lookup given up: nothing resolves this run, and it did not answer in time."""


async def threaded_resolve(host: str) -> list[str]:
    """Addresses of ``host`` from the system resolver, on a daemon thread (raises
    ``socket.gaierror`` when it does not resolve)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[list[str]] = loop.create_future()

    def settle(addresses: list[str] | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(addresses or [])

    def work() -> None:
        addresses: list[str] | None = None
        error: BaseException | None = None
        try:
            infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
            addresses = sorted({str(info[4][0]) for info in infos})
        except (OSError, UnicodeError) as exc:
            error = exc
        # The loop may be closed: the run is over, nobody waits for this answer any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(settle, addresses, error)

    threading.Thread(target=work, name=f"dns {host}", daemon=True).start()
    return await future


class HostNames:
    """Each host name resolved once per run; ``NoNetwork`` when nothing resolves."""

    def __init__(self, resolve: Resolver | None = None, *, grace: float = GRACE,
                 concurrency: int = CONCURRENCY) -> None:
        self._resolve = resolve or threaded_resolve
        self.grace = grace
        self._slots = asyncio.Semaphore(concurrency)
        self._lookups: dict[str, asyncio.Future[list[str]]] = {}
        self._started: dict[str, float] = {}
        self.resolved_any = False
        """Some name resolved: the network works."""
        self.failed_any = False
        """Some name failed outright."""

    async def addresses(self, host: str) -> list[str]:
        """``host``'s addresses; ``socket.gaierror`` (or another ``OSError``) when the
        resolver says it does not resolve, ``NoNetwork`` when given up (see above)."""
        lookup = self._lookups.get(host)
        if lookup is None:
            lookup = asyncio.ensure_future(self._lookup(host))
            self._lookups[host] = lookup
            self._started[host] = asyncio.get_running_loop().time()
        if not lookup.done():
            await self._wait(lookup, host)
        return list(lookup.result())

    async def _lookup(self, host: str) -> list[str]:
        async with self._slots:
            try:
                addresses = await self._resolve(host)
            except (OSError, UnicodeError):
                self.failed_any = True
                raise
        if addresses:
            self.resolved_any = True
        else:
            self.failed_any = True
        return addresses

    async def _wait(self, lookup: asyncio.Future[list[str]], host: str) -> None:
        """Until ``lookup`` is done, or given up (never cancelled: another caller, or a
        later look at the same link, may still use its answer).  The grace runs from the
        lookup's start: a second look at a link is not made to wait it out again."""
        loop = asyncio.get_running_loop()
        started = self._started[host]
        while not lookup.done():
            waited = loop.time() - started
            if waited >= self.grace and not self.resolved_any and self.failed_any:
                raise NoNetwork(f"{host} did not resolve within {waited:.1f} s, and no "
                                "other name resolved")
            await asyncio.wait({lookup}, timeout=max(self.grace - waited, self.grace / 4))

    def close(self) -> None:
        """Forget the lookups under way (their threads end on their own)."""
        for lookup in self._lookups.values():
            if not lookup.done():
                lookup.cancel()
            elif not lookup.cancelled():
                lookup.exception()  # already reported to its callers
