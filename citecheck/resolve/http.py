"""The one HTTP layer every registry client uses (httpx, async).

Sends an honest User-Agent naming citecheck, its version and the contact
address (Crossref's polite pool), reads at most ``max_bytes`` of any body,
retries 429/5xx/timeouts/resets through the service's ``Limiter`` and returns
what happened as data: an ``HttpResult`` or an ``Unchecked`` with the reason.
It never raises for network trouble.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from citecheck import __version__
from citecheck.model import Unchecked
from citecheck.resolve.dns import NO_NETWORK, HostNames, NoNetwork
from citecheck.resolve.ratelimit import DEFAULT_POLICIES, Limiter, Policy, parse_retry_after
from citecheck.resolve.safety import address_literal

if TYPE_CHECKING:
    import httpx

MAX_BYTES = 8 * 1024 * 1024
"""Largest body we read from a registry; a bigger one is not trusted."""

RETRYABLE = {429, 500, 502, 503, 504}


@dataclass(frozen=True, slots=True)
class HttpResult:
    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


def _is_json(body: bytes) -> bool:
    try:
        json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return False
    return True


def _unreachable(service: str, why: str) -> str:
    """One wording for a service that cannot be reached, wherever it is found out: a
    report counts one cause once, whether its calls came before or after the giving up."""
    return f"{service} unreachable ({why})"


def _proxied() -> bool:
    """A proxy is configured (httpx follows these variables, as curl does)."""
    return any(name.lower() in {"http_proxy", "https_proxy", "all_proxy"} and value
               for name, value in os.environ.items())


def user_agent(mailto: str | None) -> str:
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"citecheck/{__version__} (https://github.com/citecheck/citecheck{contact})"


class HttpLayer:
    """Shared client, limits and retries; one ``Limiter`` per service name."""

    def __init__(
        self,
        *,
        mailto: str | None = None,
        timeout: float = 20.0,
        transport: httpx.AsyncBaseTransport | None = None,
        policies: Mapping[str, Policy] | None = None,
        max_bytes: int = MAX_BYTES,
        names: HostNames | None = None,
    ) -> None:
        """``names``: the run's host-name lookups, shared with the link checker.  With
        them, a service whose name does not resolve (or a run where no name resolves) is
        given up before any request, instead of after two failed connections and a
        backoff, or a hung lookup's five seconds."""
        self.mailto = mailto
        # Not with an injected transport (tests) or a proxy (it resolves names itself).
        self.names = None if transport is not None or _proxied() else names
        self.max_bytes = max_bytes
        self.timeout = timeout
        self._policies = dict(DEFAULT_POLICIES)
        self._policies.update(policies or {})
        self._limiters: dict[str, Limiter] = {}
        self._down: dict[str, str] = {}
        """Services that could not be reached at all: not asked again this run."""
        self._connect_failures: dict[str, int] = {}
        """Connection failures in a row per service, across calls: a service asked once
        per call (the Wayback Machine, no retries) must be given up on as surely as one
        asked several times."""
        self._client: httpx.AsyncClient | None = None
        self._client_lock = threading.Lock()
        self._preparing: asyncio.Future[httpx.AsyncClient] | None = None
        self._transport = transport
        self.requests = 0

    def prepare(self) -> None:
        """Make the client now, on a worker thread, while the caller gets on with other
        requests: importing httpx and loading the CA bundle take some 60 ms of CPU, which
        on the event loop would hold up every link check under way."""
        if self._client is None and self._preparing is None:
            self._preparing = asyncio.ensure_future(asyncio.to_thread(lambda: self.client))

    @property
    def client(self) -> httpx.AsyncClient:
        """Made on first use (or by ``prepare``): an audit with no registry lookup, or an
        offline one, never pays for it."""
        with self._client_lock:  # ``prepare``'s thread and the loop may both ask
            return self._make_client()

    def _make_client(self) -> httpx.AsyncClient:
        if self._client is None:
            import httpx  # here, not at the top: with rich and pygments it costs ~30 ms

            self._client = httpx.AsyncClient(
                headers={"User-Agent": user_agent(self.mailto), "Accept": "application/json"},
                timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
                follow_redirects=True,
                transport=self._transport,
                limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
            )
        return self._client

    def limiter(self, service: str) -> Limiter:
        if service not in self._limiters:
            self._limiters[service] = Limiter(self._policies.get(service, Policy()))
        return self._limiters[service]

    async def aclose(self) -> None:
        if self._preparing is not None:
            await self._preparing
        if self._client is not None:
            await self._client.aclose()

    async def get(
        self,
        service: str,
        url: str,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        expect_json: bool = True,
    ) -> HttpResult | Unchecked:
        """GET with retries; 2xx and 4xx (but 429) are results, the rest retried.

        With ``expect_json``, a 2xx body that is not JSON (a truncated or garbled
        answer) is retried too.
        """
        return await self._request(service, "GET", url, params, headers, None, expect_json)

    async def post(
        self,
        service: str,
        url: str,
        data: Mapping[str, str],
        headers: Mapping[str, str] | None = None,
    ) -> HttpResult | Unchecked:
        """A form POST (Save Page Now), under the same limits and retries as ``get``."""
        return await self._request(service, "POST", url, None, headers, data, True)

    async def _request(
        self,
        service: str,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        data: Mapping[str, str] | None,
        expect_json: bool,
    ) -> HttpResult | Unchecked:
        if service in self._down:
            return Unchecked(self._down[service])
        why = await self._unresolvable(url)
        if why:
            self._down[service] = _unreachable(service, why)
            return Unchecked(self._down[service])
        if self._preparing is not None and not self._preparing.done():
            await self._preparing  # the client is being made: wait without blocking the loop
        limiter = self.limiter(service)
        policy = limiter.policy
        last = "no attempt made"
        for attempt in range(policy.retries + 1):
            async with limiter.slot():
                if service in self._down:  # given up on while this call waited
                    return Unchecked(self._down[service])
                self.requests += 1
                outcome = await self._once(method, url, params, headers, data)
            if isinstance(outcome, HttpResult):
                self._connect_failures[service] = 0
                limiter.adapt(outcome.headers)
                if outcome.status < 300 and expect_json and not _is_json(outcome.body):
                    last = "a response that is not JSON"
                elif outcome.status not in RETRYABLE:
                    return outcome
                else:
                    last = f"HTTP {outcome.status}"
                wait = parse_retry_after(outcome.headers.get("retry-after"))
                if wait is not None and wait > policy.max_wait:
                    return Unchecked(f"{service}: asked to wait {wait:.0f} s (Retry-After)")
                if outcome.status in {429, 503} or wait is not None:
                    limiter.pause(wait if wait is not None else limiter.backoff(attempt + 1))
            else:
                last = outcome.reason
                if last.startswith("response"):
                    return Unchecked(f"{service}: {last}")  # too large: asking again won't help
                if last.startswith("connection failed"):
                    limiter.unsent()
                    failures = self._connect_failures.get(service, 0) + 1
                    self._connect_failures[service] = failures
                    if failures >= 2:
                        # No route, no name, refused: waiting will not help this run.
                        self._down[service] = _unreachable(service, last)
                        return Unchecked(self._down[service])
            if attempt < policy.retries:
                await asyncio.sleep(limiter.backoff(attempt))
        if last.startswith("connection failed"):
            # Worded as when the service is given up on, so that a report counts one
            # cause once, whether its calls came before or after the giving up.
            return Unchecked(_unreachable(service, last))
        attempts = policy.retries + 1
        return Unchecked(f"{service}: {last} after {attempts} attempt{'s' if attempts > 1 else ''}")

    async def _unresolvable(self, url: str) -> str | None:
        """Why the service's host name cannot be reached, when the run's lookups say so
        (not asked for an address)."""
        if self.names is None:
            return None
        host = urlsplit(url).hostname
        if not host or address_literal(host):
            return None
        try:
            await self.names.addresses(host)
        except NoNetwork:
            return NO_NETWORK
        except (OSError, UnicodeError):
            return f"{host} does not resolve"
        return None

    async def _once(
        self, method: str, url: str, params: Mapping[str, str] | None,
        headers: Mapping[str, str] | None, data: Mapping[str, str] | None = None,
    ) -> HttpResult | Unchecked:
        import httpx

        try:
            async with self.client.stream(method, url, params=params, headers=headers,
                                          data=data) as response:
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    return Unchecked(f"response of {declared} bytes is larger than allowed")
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        return Unchecked(f"response larger than {self.max_bytes} bytes")
                    chunks.append(chunk)
                return HttpResult(response.status_code, response.headers, b"".join(chunks),
                                  str(response.url))
        except httpx.TimeoutException:
            return Unchecked("timed out")
        except httpx.TooManyRedirects:
            return Unchecked("too many redirects")
        except httpx.DecodingError as exc:
            return Unchecked(f"undecodable response ({exc})")
        except httpx.ConnectError as exc:
            return Unchecked(f"connection failed ({type(exc).__name__})")
        except (httpx.TransportError, OSError) as exc:
            return Unchecked(f"connection reset ({type(exc).__name__})")
        except AttributeError as exc:
            # httpcore under anyio asks the socket for its peer after the server has
            # already reset it (uvloop closes the transport first): the socket is gone and
            # an AttributeError escapes instead of a TransportError.  Same meaning: reset.
            if "getpeername" not in str(exc) and "NoneType" not in str(exc):
                raise
            return Unchecked("connection reset (closed during the handshake)")
