"""Politeness in one place: per-service concurrency, spacing, pauses and retries.

Every registry client and the link checker go through a ``Limiter``.  It keeps
at most ``concurrency`` requests in flight, spaces request starts by
``interval`` seconds, pauses everyone after a 429 (honouring ``Retry-After``)
and tightens itself when a service announces its limits
(``x-rate-limit-limit``/``x-rate-limit-interval``, as Crossref does).  It must
not know about HTTP bodies or any particular service.
"""

from __future__ import annotations

import asyncio
import email.utils
import heapq
import itertools
import random
import re
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Policy:
    """How hard one service may be asked."""

    concurrency: int = 2
    interval: float = 0.1
    """Minimum seconds between two request starts."""
    retries: int = 4
    """Further attempts after a retryable failure (429, 5xx, timeout, reset)."""
    backoff: float = 0.5
    """First backoff in seconds; doubles each attempt, with jitter."""
    max_wait: float = 60.0
    """Longest single wait we accept from ``Retry-After``; beyond it we give up."""


# Conservative starting points (SERVICES.md); services' headers can only tighten them.
DEFAULT_POLICIES: dict[str, Policy] = {
    "crossref": Policy(concurrency=3, interval=0.1),
    "datacite": Policy(concurrency=2, interval=0.3),
    "doi": Policy(concurrency=2, interval=0.2),
    "openlibrary": Policy(concurrency=2, interval=0.5),
    "wayback": Policy(concurrency=1, interval=2.6, retries=0),
    # Save Page Now without keys: 4 captures a minute, 6 at once (with keys, the
    # command gives it 12 and 12: resolve/savepagenow.py); its job status, gently.
    "spn": Policy(concurrency=6, interval=15.0, retries=1, backoff=20.0),
    "spn-status": Policy(concurrency=6, interval=1.0, retries=2),
}


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


class Slots:
    """A semaphore whose waiters can jump the queue.

    A request that many others wait on (the link checker's one probe of a host
    for a random path) is urgent: left at the back of a host's queue it would hold
    every check of that host until the end.
    """

    def __init__(self, count: int) -> None:
        self._free = count
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def acquire(self, urgent: bool = False) -> None:
        if self._free > 0 and not self._waiters:
            self._free -= 1
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (0 if urgent else 1, next(self._order), future))
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release()  # handed a slot just as we were cancelled: pass it on
            raise

    def release(self) -> None:
        while self._waiters:
            _, _, future = heapq.heappop(self._waiters)
            if not future.done():
                future.set_result(None)
                return
        self._free += 1


class Limiter:
    """Concurrency, spacing and shared pauses for one service (or one host)."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._slots = Slots(policy.concurrency)
        self._interval = policy.interval
        self._next_start = 0.0
        self._paused_until = 0.0
        self._lock = asyncio.Lock()
        self.requests = 0
        self.throttled = 0

    @property
    def interval(self) -> float:
        return self._interval

    @asynccontextmanager
    async def slot(self, urgent: bool = False) -> AsyncIterator[None]:
        """Hold one of the service's slots; ``urgent`` waiters are served first."""
        await self._slots.acquire(urgent)
        try:
            now = time.monotonic()
            if self._interval == 0 and self._paused_until <= now:
                self.requests += 1  # no spacing and no pause: no bookkeeping (bulk link checks)
                yield
                return
            async with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start, self._paused_until)
                self._next_start = start + self._interval
            if start > now:
                await asyncio.sleep(start - now)
            self.requests += 1
            yield
        finally:
            self._slots.release()

    def unsent(self) -> None:
        """The request just started never reached the service (no connection): the
        spacing it reserved is given back, so the next attempt need not wait for it."""
        self._next_start = min(self._next_start, time.monotonic())

    def pause(self, seconds: float) -> None:
        """Nobody starts a request for ``seconds`` (after a 429 or a 503)."""
        self.throttled += 1
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    def adapt(self, headers: Mapping[str, str]) -> None:
        """Follow ``x-rate-limit-limit: N`` per ``x-rate-limit-interval: Ns``."""
        limit = headers.get("x-rate-limit-limit")
        window = headers.get("x-rate-limit-interval")
        if not limit or not window:
            return
        try:
            count = float(limit)
            seconds = float(window.rstrip("s"))
        except ValueError:
            return
        if count > 0:
            self._interval = max(self._interval, seconds / count)

    def backoff(self, attempt: int) -> float:
        """Exponential backoff with full jitter."""
        return float(random.uniform(0, self.policy.backoff * (2 ** attempt)))
