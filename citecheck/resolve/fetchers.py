"""Fetching one page for the link checker: a bounded read of its first bytes (``Page``)
over the raw wire client (``WireFetcher``: one connection per request, addresses checked
before connecting) or an injected httpx transport (``HttpxFetcher``, for tests)."""


from __future__ import annotations

import functools
import html
import re
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from citecheck.model import LinkCheck, LinkStatus
from citecheck.resolve.dns import NO_NETWORK, Resolver
from citecheck.resolve.http import user_agent
from citecheck.resolve.safety import (
    forbidden_address,
    host_of,
    private_address_reason,
)
from citecheck.resolve.wire import WireClient, WireError

if TYPE_CHECKING:
    import httpx

PREFIX = 64 * 1024
"""Body bytes read at most (after decompression: no decompression bomb gets further)."""


MAX_HOPS = 10


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


_OG_TITLE = re.compile(
    r"<meta[^>]+(?:property|name)=[\"']og:title[\"'][^>]*content=[\"']([^\"']*)[\"']", re.I)


_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.I | re.S)


_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Page:
    """What one GET told us.  Text, title and heading are worked out once, when asked."""

    status: int
    url: str
    headers: Mapping[str, str]
    """Lower-cased names."""
    body: bytes

    @functools.cached_property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @functools.cached_property
    def title(self) -> str | None:
        for pattern in (_OG_TITLE, _TITLE):
            match = pattern.search(self.text)
            if match:
                return _clean(match.group(1))
        return None

    @functools.cached_property
    def heading(self) -> str | None:
        match = _H1.search(self.text)
        return _clean(match.group(1)) if match else None


def _clean(value: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", value)).split())[:300]


@dataclass(frozen=True, slots=True)
class LinkOptions:
    allow_private_hosts: bool = False
    max_concurrency: int = 32
    host_concurrency: int = 4
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 0.5
    """Seconds of the first wait before a retry (doubled each time, with jitter)."""
    mailto: str | None = None
    accept_status: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    """Statuses that count as alive for a host (``accept-status`` in the configuration)."""


class Fetcher:
    """One GET, headers and a bounded body prefix, redirects not followed."""

    async def get(self, url: str) -> Page | LinkCheck:
        raise NotImplementedError

    async def aclose(self) -> None:
        raise NotImplementedError


def _headers() -> dict[str, str]:
    return {"Accept": BROWSER_ACCEPT, "Accept-Language": "fr,en;q=0.8"}


class WireFetcher(Fetcher):
    """The bulk path: our lean HTTP/1.1 client (``wire``), keep-alive per origin.  It
    connects only to addresses that pass the safety rule, checked at connection time."""

    def __init__(self, options: LinkOptions, resolve: Resolver) -> None:
        def allow(host: str, address: str) -> str | None:
            if options.allow_private_hosts or not forbidden_address(address):
                return None
            return private_address_reason(host, address)

        self.client = WireClient(
            headers={"User-Agent": user_agent(options.mailto), **_headers()}, resolve=resolve,
            allow=allow, limit=PREFIX, timeout=options.timeout,
            connect_timeout=min(options.timeout, 10))

    async def get(self, url: str) -> Page | LinkCheck:
        try:
            answer = await self.client.get(url)
        except WireError as exc:
            return _wire_failure(url, exc)
        return Page(answer.status, url, answer.headers, answer.body)

    async def aclose(self) -> None:
        await self.client.aclose()


_WIRE_VERDICTS: dict[str, tuple[LinkStatus, str]] = {
    "resolve": (LinkStatus.DEAD, "host does not resolve ({host})"),
    "refused": (LinkStatus.DEAD, "connection refused"),
    "forbidden": (LinkStatus.REFUSED, "{detail}"),
    "offline": (LinkStatus.UNCHECKED, NO_NETWORK),
    "tls": (LinkStatus.ERROR, "TLS failure ({detail})"),
    "timeout": (LinkStatus.ERROR, "timed out"),
    "protocol": (LinkStatus.ERROR, "not a valid HTTP answer ({detail})"),
    "reset": (LinkStatus.ERROR, "connection reset ({detail})"),
}
"""Verdict and reason for each way a request can fail (the reasons' beginnings are what
``LinkChecker._fetch`` looks at)."""


def _wire_failure(url: str, exc: WireError) -> LinkCheck:
    status, reason = _WIRE_VERDICTS.get(exc.kind, _WIRE_VERDICTS["reset"])
    host = host_of(url)
    return LinkCheck(url, status, reason=reason.format(host=host, detail=exc.detail))


class HttpxFetcher(Fetcher):
    """The injectable path (``httpx.MockTransport`` in unit tests)."""

    def __init__(self, options: LinkOptions, transport: httpx.AsyncBaseTransport) -> None:
        import httpx  # only this injectable path needs it; bulk checks use the wire client

        self.client = httpx.AsyncClient(
            headers={"User-Agent": user_agent(options.mailto), **_headers()},
            timeout=httpx.Timeout(options.timeout), follow_redirects=False, transport=transport)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def get(self, url: str) -> Page | LinkCheck:
        import httpx

        client = self.client
        try:
            async with client.stream("GET", url) as response:
                chunks: list[bytes] = []
                size = 0
                content_type = response.headers.get("content-type", "")
                if "html" in content_type or "xml" in content_type or not content_type:
                    async for chunk in response.aiter_bytes():
                        chunks.append(chunk)
                        size += len(chunk)
                        if size >= PREFIX:
                            break
                headers = {k.lower(): v for k, v in response.headers.items()}
                return Page(response.status_code, str(response.url), headers,
                            b"".join(chunks)[:PREFIX])
        except httpx.TimeoutException:
            return LinkCheck(url, LinkStatus.ERROR, reason="timed out")
        except httpx.ConnectError as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, ssl.SSLError) or "SSL" in str(exc) or "certificate" in str(exc):
                return LinkCheck(url, LinkStatus.ERROR, reason=f"TLS failure ({exc})")
            if isinstance(cause, socket.gaierror) or "Name or service" in str(exc):
                return LinkCheck(url, LinkStatus.DEAD, reason="host does not resolve")
            if isinstance(cause, ConnectionRefusedError) or "refused" in str(exc).lower():
                return LinkCheck(url, LinkStatus.DEAD, reason="connection refused")
            return LinkCheck(url, LinkStatus.ERROR, reason=f"connection reset ({exc or 'no answer'})")
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            return LinkCheck(url, LinkStatus.ERROR, reason=f"connection reset ({type(exc).__name__})")
        except httpx.HTTPError as exc:
            return LinkCheck(url, LinkStatus.ERROR, reason=f"{type(exc).__name__}: {exc}")
