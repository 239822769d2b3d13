"""Save Page Now 2: ask the Wayback Machine to capture a page, and wait for the capture.

``POST /save`` (form ``url``, ``Accept: application/json``, and with the user's
Internet Archive keys ``Authorization: LOW access:secret``) starts a capture job; ``GET
/save/status/{job_id}`` says ``pending``, ``success`` (with its ``timestamp``) or
``error`` (with ``status_ext``, such as ``error:not-found``).  The service's limits
(SERVICES.md): 4 captures a minute without keys and 12 with them, 6 and 12 at once, a
capture given up after about two minutes.  Captures are started no faster than that,
no more at once, and each job is polled until it ends or its time runs out; what could
not be saved is said with the reason, never retried blindly.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from citecheck.model import Unchecked
from citecheck.resolve.http import HttpLayer, HttpResult
from citecheck.resolve.ratelimit import Policy

KEYED = Policy(concurrency=12, interval=5.0, retries=1, backoff=20.0)
"""12 captures a minute, 12 at once, with the user's keys."""
JOB_TIME = 150.0
"""Seconds a capture job is waited for (the service gives up on one after about 120)."""
POLL = 6.0
"""Seconds between two looks at a job's status."""


@dataclass(frozen=True)
class Keys:
    access: str
    secret: str

    @classmethod
    def from_env(cls) -> Keys | None:
        access = os.environ.get("CITECHECK_IA_ACCESS", "").strip()
        secret = os.environ.get("CITECHECK_IA_SECRET", "").strip()
        return cls(access, secret) if access and secret else None


@dataclass(frozen=True)
class Saved:
    """What became of one page: its capture (``timestamp``, ``archive_url``), or why it
    has none (``reason``)."""

    url: str
    archive_url: str | None = None
    timestamp: str | None = None
    reason: str = ""


class SavePageNow:
    """One run's captures.  ``sleep`` is the pause between two looks at a job (a seam
    for tests); the pace and the number of jobs at once follow ``policy``."""

    def __init__(self, http: HttpLayer, base: str, wayback: str, keys: Keys | None,
                 poll: float = POLL, job_time: float = JOB_TIME,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> None:
        self.http = http
        self.base = base.rstrip("/")
        self.wayback = wayback.rstrip("/")
        self.keys = keys
        self.poll = poll
        self.job_time = job_time
        self.sleep = sleep
        self._at_once = asyncio.Semaphore(http.limiter("spn").policy.concurrency)

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.keys is not None:
            headers["Authorization"] = f"LOW {self.keys.access}:{self.keys.secret}"
        return headers

    async def save(self, url: str) -> Saved:
        """Start a capture of ``url`` and wait for it, one of the allowed number at once."""
        async with self._at_once:
            started = await self.http.post("spn", f"{self.base}/save",
                                           {"url": url, "capture_outlinks": "0"},
                                           self._headers())
            job = _job(started)
            if isinstance(job, Unchecked):
                return Saved(url, reason=job.reason)
            return await self._wait(url, job)

    async def _wait(self, url: str, job: str) -> Saved:
        waited = 0.0
        while waited < self.job_time:
            await self.sleep(self.poll)
            waited += self.poll
            answer = await self.http.get("spn-status", f"{self.base}/save/status/{job}",
                                         headers=self._headers())
            if isinstance(answer, Unchecked):
                return Saved(url, reason=answer.reason)
            status = _json(answer)
            state = status.get("status")
            if state == "success" and status.get("timestamp"):
                original = str(status.get("original_url") or url)
                stamp = str(status["timestamp"])
                return Saved(url, f"{self.wayback}/web/{stamp}/{original}", stamp)
            if state == "error" or answer.status >= 400:
                why = status.get("status_ext") or status.get("message") or f"HTTP {answer.status}"
                return Saved(url, reason=f"Save Page Now: {why}")
        return Saved(url, reason=f"Save Page Now: no capture after {self.job_time:.0f} s")


def _json(result: HttpResult) -> dict[str, Any]:
    try:
        data = result.json()
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _job(result: HttpResult | Unchecked) -> str | Unchecked:
    """The job a capture request started, or why none was."""
    if isinstance(result, Unchecked):
        return Unchecked(f"Save Page Now: {result.reason}")
    data = _json(result)
    if result.status == 401 or result.status == 403:
        return Unchecked(f"Save Page Now refused the keys (HTTP {result.status}); check "
                         "CITECHECK_IA_ACCESS and CITECHECK_IA_SECRET")
    if data.get("job_id"):
        return str(data["job_id"])
    why = data.get("status_ext") or data.get("message") or f"HTTP {result.status}"
    return Unchecked(f"Save Page Now: {why}")
