"""Check every URL like a careful editor: alive, dead, blocked, error, redirected, refused.

Each URL is fetched with GET, reading the headers and at most ``PREFIX`` bytes
of the body (enough for ``<title>`` and soft-404 signs).  Redirects are
followed by hand, hop by hop (at most 10), so that every hop is checked for
safety and permanent moves are seen.  Politeness comes from ``ratelimit``: one
``Limiter`` per host (``--host-concurrency``), one global cap
(``--max-concurrency``), ``Retry-After`` honoured per host, hosts interleaved,
and errors and blocks looked at once more at the end.  Outcomes are data
(``LinkCheck``); "we could not connect at all" is never "dead".
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlunsplit

from citecheck.lexicon import folded_set
from citecheck.model import LinkCheck, LinkStatus
from citecheck.resolve.dns import NO_NETWORK, HostNames, NoNetwork, Resolver
from citecheck.resolve.fetchers import (
    MAX_HOPS,
    Fetcher,
    HttpxFetcher,
    LinkOptions,
    Page,
    WireFetcher,
)
from citecheck.resolve.ratelimit import Limiter, Policy, parse_retry_after
from citecheck.resolve.safety import (
    address_refusal,
    host_of,
    split,
    url_refusal,
)
from citecheck.text import fold

if TYPE_CHECKING:
    import httpx


def is_final(check: LinkCheck) -> bool:
    """A first verdict that stands: a page that answered (alive, dead, moved for good)
    or a URL refused before any request.  Errors and blocks are looked at again, and
    "does not resolve" becomes "unchecked" when no host resolved at all (offline)."""
    return check.status in {LinkStatus.ALIVE, LinkStatus.REDIRECTED, LinkStatus.REFUSED} or (
        check.status is LinkStatus.DEAD and check.http_status is not None)




@dataclass
class _Host:
    limiter: Limiter
    probe: asyncio.Task[Page | None] | None = None




@dataclass
class _State:
    resolved_any: bool = False
    """Some host answered: the network works, so a name that does not resolve is dead."""


class LinkChecker:
    def __init__(self, options: LinkOptions, *, resolve: Resolver | None = None,
                 transport: httpx.AsyncBaseTransport | None = None,
                 names: HostNames | None = None) -> None:
        """``names``: the run's shared host-name lookups (made here from ``resolve``,
        the system resolver by default, when not given)."""
        self.options = options
        self._own_names = names is None
        self.names = names or HostNames(resolve)
        self._fetcher: Fetcher = (HttpxFetcher(options, transport) if transport is not None
                                  else WireFetcher(options, self.resolve))
        self._hosts: dict[str, _Host] = {}
        self._global = asyncio.Semaphore(options.max_concurrency)
        self._state = _State()
        self.requests = 0

    async def resolve(self, host: str) -> list[str]:
        """Each host name resolved once per run (the safety check and the connection
        then use the same addresses); ``NoNetwork`` when nothing resolves."""
        return await self.names.addresses(host)

    def _host(self, host: str) -> _Host:
        if host not in self._hosts:
            policy = Policy(concurrency=self.options.host_concurrency, interval=0.0,
                            retries=self.options.retries, backoff=self.options.backoff,
                            max_wait=30.0)
            self._hosts[host] = _Host(Limiter(policy))
        return self._hosts[host]

    async def aclose(self) -> None:
        for host in self._hosts.values():
            if host.probe is not None and not host.probe.done():
                host.probe.cancel()
        await self._fetcher.aclose()
        if self._own_names:
            self.names.close()

    async def check_all(self, urls: Iterable[str],
                        on_final: Callable[[LinkCheck], None] | None = None,
                        on_checked: Callable[[LinkCheck], None] | None = None,
                        ) -> dict[str, LinkCheck]:
        """Every URL once, hosts interleaved; errors and blocks looked at again at the end.

        ``on_final`` hears each verdict that the end of the run cannot change
        (``is_final``) as soon as it is known, so that follow-ups (the Wayback Machine,
        the cache) are done while the other links are checked; ``on_checked`` hears
        every first verdict (for a progress display).
        """
        unique = list(dict.fromkeys(urls))
        order = _interleave(unique)
        checked = await self._check_many(order, on_final, on_checked)
        by_url = dict(zip(order, checked, strict=True))
        results = {url: by_url[url] for url in unique}
        again = [u for u, r in results.items() if r.status in {LinkStatus.ERROR, LinkStatus.BLOCKED}
                 and not r.reason.startswith("known") or r.reason == NO_NETWORK]
        if again:
            # A lookup given up on may have answered since, or the network proved to work.
            second = await asyncio.gather(*(self.check(url) for url in again))
            results.update({url: result for url, result in zip(again, second, strict=True)
                            if result.status in {LinkStatus.ALIVE, LinkStatus.DEAD}
                            or results[url].reason == NO_NETWORK})
        if not self._state.resolved_any:
            # Nothing resolved at all: we are offline, not the web.
            for url, result in results.items():
                if result.reason.startswith("host does not resolve"):
                    results[url] = LinkCheck(url, LinkStatus.UNCHECKED, reason=NO_NETWORK)
        return results

    async def _check_many(self, order: list[str],
                          on_final: Callable[[LinkCheck], None] | None,
                          on_checked: Callable[[LinkCheck], None] | None = None,
                          ) -> list[LinkCheck]:
        """Start the checks a batch at a time, letting the first requests leave before
        thousands of tasks are created (on a large document that is a round trip saved)."""
        tasks: list[asyncio.Future[LinkCheck]] = []

        def hear(task: asyncio.Future[LinkCheck]) -> None:
            if not task.cancelled() and task.exception() is None:
                result = task.result()
                if on_checked is not None:
                    on_checked(result)
                if on_final is not None and is_final(result):
                    on_final(result)

        try:
            for index, url in enumerate(order):
                tasks.append(asyncio.ensure_future(self.check(url)))
                if on_final is not None or on_checked is not None:
                    tasks[-1].add_done_callback(hear)
                if index % 50 == 49:
                    await asyncio.sleep(0)
            return list(await asyncio.gather(*tasks))
        except BaseException:
            for task in tasks:
                task.cancel()
            raise

    async def check(self, url: str) -> LinkCheck:
        refusal = url_refusal(url)
        if refusal:
            return LinkCheck(url, LinkStatus.REFUSED, reason=refusal)
        current = url
        seen = {url}
        permanent = False
        first_status: int | None = None
        for _hop in range(MAX_HOPS + 1):
            host = host_of(current)
            refusal = url_refusal(current)
            if refusal:
                return LinkCheck(url, LinkStatus.REFUSED, first_status, current, reason=refusal)
            if not self.options.allow_private_hosts:
                try:
                    refusal = await address_refusal(host, self.resolve)
                except NoNetwork:
                    return LinkCheck(url, LinkStatus.UNCHECKED, first_status, current,
                                     reason=NO_NETWORK)
                except (socket.gaierror, UnicodeError, OSError):
                    return LinkCheck(url, LinkStatus.DEAD, None, current,
                                     reason=f"host does not resolve ({host})")
                if refusal:
                    return LinkCheck(url, LinkStatus.REFUSED, first_status, current,
                                     reason=refusal)
            outcome = await self._fetch(host, current)
            if isinstance(outcome, LinkCheck):
                return replace(outcome, url=url, final_url=current)
            page = outcome
            self._state.resolved_any = True
            first_status = first_status or page.status
            location = page.headers.get("location")
            if 300 <= page.status < 400 and location:
                permanent = permanent or page.status in {301, 308}
                current = urljoin(current, location)
                if current in seen:
                    return LinkCheck(url, LinkStatus.ERROR, first_status, current,
                                     reason="redirect loop")
                seen.add(current)
                continue
            return await self._classify(url, page, first_status, permanent)
        return LinkCheck(url, LinkStatus.ERROR, first_status, current,
                         reason=f"more than {MAX_HOPS} redirects")

    async def _fetch(self, host: str, url: str, urgent: bool = False) -> Page | LinkCheck:
        """One GET with retries on 429/5xx/timeouts/resets, honouring Retry-After per host.

        ``urgent``: goes before first requests.  Only the random-path probe is: every
        check of that host waits for it.  A redirect's next hop is not: first requests
        go first, because any of them may turn out to redirect and need a second round
        trip, while a hop already known is one request with nothing behind it (the
        longest remaining chain first, which keeps the last round from growing a tail;
        3-4 % off the bench's link phase).  The host's slot is taken before the global
        one, so that a check waiting for a busy host does not hold a global slot another
        host could use.
        """
        state = self._host(host)
        limiter = state.limiter
        last = LinkCheck(url, LinkStatus.ERROR, reason="no attempt made")
        for attempt in range(limiter.policy.retries + 1):
            async with limiter.slot(urgent), self._global:
                self.requests += 1
                result = await self._fetcher.get(url)
            if isinstance(result, Page):
                if result.status == 429 or result.status >= 500:
                    wait = parse_retry_after(result.headers.get("retry-after"))
                    if wait is not None and wait > limiter.policy.max_wait:
                        return _status_check(url, result)
                    limiter.pause(wait if wait is not None else limiter.backoff(attempt + 1))
                    last = _status_check(url, result)
                    continue
                return result
            last = result
            if result.reason.startswith(("connection refused", "connection reset", "TLS")):
                self._state.resolved_any = True
            if result.reason.startswith(("connection refused", "TLS", "host does not")) or (
                    result.reason == NO_NETWORK):
                return result
            if attempt >= 1:
                return result  # a second timeout or reset: the end-of-run look will retry
            await asyncio.sleep(limiter.backoff(attempt))
        return last

    async def _classify(self, url: str, page: Page, first_status: int,
                        permanent: bool) -> LinkCheck:
        host = host_of(url)
        status = page.status
        title = page.title
        if status in self.options.accept_status.get(host, ()):
            return LinkCheck(url, LinkStatus.ALIVE, status, page.url,
                             reason=f"{status} accepted for {host} by configuration", title=title)
        if status in {404, 410}:
            return LinkCheck(url, LinkStatus.DEAD, status, page.url, reason=f"answered {status}",
                             title=title)
        if status in {401, 403, 429, 999} or (status >= 400 and _challenge(page)):
            sign = _challenge(page)
            known = host in folded_set("links", "bot_blocking_hosts")
            why = ("known to refuse automated checks" if known else
                   f"bot protection ({sign})" if sign else "refused an automated check")
            return LinkCheck(url, LinkStatus.BLOCKED, status, page.url,
                             reason=f"{why} ({status})", title=title)
        if status >= 500:
            return LinkCheck(url, LinkStatus.ERROR, status, page.url,
                             reason=f"answered {status}", title=title)
        if status >= 400:
            return LinkCheck(url, LinkStatus.DEAD, status, page.url, reason=f"answered {status}",
                             title=title)
        soft = await self._soft_404(url, page)
        if soft:
            return LinkCheck(url, LinkStatus.DEAD, status, page.url, reason=f"soft 404: {soft}",
                             title=title)
        if permanent and _moved(url, page.url):
            return LinkCheck(url, LinkStatus.REDIRECTED, first_status, page.url,
                             reason=f"moved permanently to {page.url}", title=title)
        return LinkCheck(url, LinkStatus.ALIVE, status, page.url, reason="", title=title)

    async def _soft_404(self, url: str, page: Page) -> str | None:
        phrases = folded_set("links", "soft_404")
        for label, value in (("title", page.title), ("heading", page.heading)):
            if not value:
                continue
            folded = fold(value)
            if any(p in folded for p in phrases):
                return f"the page {label} says « {value[:80]} »"
        asked = split(url)
        landed = split(page.url)
        asked_path = asked.path.strip("/")
        landed_path = landed.path.strip("/").lower()
        if asked_path and landed.netloc.lower().removeprefix("www.") == asked.netloc.lower(
        ).removeprefix("www.") and landed_path != asked_path.lower():
            if not landed_path:
                return "redirected to the site's home page"
            if any(p in landed_path.split("/") or landed_path.endswith(p)
                   for p in folded_set("links", "login_paths")):
                return "redirected to a login page"
        if asked_path and page.title:
            probe = await self._probe(url)
            if probe is not None and probe.status < 300 and probe.title == page.title and abs(
                    len(probe.body) - len(page.body)) < max(200, len(page.body) // 20):
                return "the page is what the site returns for any unknown address"
        return None

    async def _probe(self, url: str) -> Page | None:
        """What the host answers for a random path (asked once per host)."""
        parts = split(url)
        host = host_of(url)
        state = self._host(host)
        if state.probe is None:
            random_url = urlunsplit((parts.scheme, parts.netloc, f"/{uuid.uuid4().hex}", "", ""))

            async def fetch() -> Page | None:
                result = await self._fetch(host, random_url, urgent=True)
                return result if isinstance(result, Page) else None

            state.probe = asyncio.ensure_future(fetch())
        return await state.probe


def _status_check(url: str, page: Page) -> LinkCheck:
    if page.status == 429:
        return LinkCheck(url, LinkStatus.BLOCKED, 429, page.url,
                         reason="rate-limited the check (429)")
    return LinkCheck(url, LinkStatus.ERROR, page.status, page.url,
                     reason=f"answered {page.status}")


def _challenge(page: Page) -> str | None:
    for name in folded_set("links", "challenge_headers"):
        if name in page.headers:
            return f"{name}: {page.headers[name]}"
    if "cloudflare" in page.headers.get("server", "").lower() and page.status in {403, 503}:
        return "Cloudflare"
    text = fold(page.title or "") + " " + fold(page.text[:4000])
    for phrase in folded_set("links", "challenge_phrases"):
        if phrase in text:
            return f"« {phrase} »"
    return None


def _normal(url: str) -> str:
    parts = split(url)
    host = host_of(url).removeprefix("www.")
    path = parts.path.rstrip("/") or ""
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"


def _moved(original: str, final: str) -> bool:
    """A permanent redirect that changes more than scheme, ``www.`` or a final slash."""
    return _normal(original) != _normal(final)


def _interleave(urls: list[str]) -> list[str]:
    """Round-robin over hosts so that no host's queue blocks the others."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        # The authority is enough to group by host (and ten times cheaper than urlsplit).
        by_host[url.partition("//")[2].split("/", 1)[0].lower()].append(url)
    out: list[str] = []
    queues = list(by_host.values())
    index = 0
    while len(out) < len(urls):
        out.extend(queue[index] for queue in queues if index < len(queue))
        index += 1
    return out













