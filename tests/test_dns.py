"""Host-name lookups: once per run, on threads of their own, and given up quickly on a
network where nothing resolves — never turned into "dead".

The name servers here are functions: a hung lookup is one that never answers (a lost
packet waits out the system resolver's 5 s, and again).
"""

from __future__ import annotations

import asyncio
import socket
import threading

import pytest

from citecheck.audit import audit
from citecheck.model import AuditOptions, LinkStatus
from citecheck.resolve import dns
from citecheck.resolve.dns import NO_NETWORK, HostNames, NoNetwork
from citecheck.resolve.fetchers import LinkOptions
from citecheck.resolve.http import HttpLayer
from citecheck.resolve.links import LinkChecker
from citecheck.resolve.ratelimit import Policy

GUARD = 10.0
"""Seconds after which a test that should have ended is stopped (never a measure)."""
HOUR = 3600.0
"""A timeout or a backoff no test may wait for: the guard fails first."""


def _server(answers: dict[str, str | None], asked: list[str] | None = None):
    """``host -> address``; a host missing from ``answers`` does not resolve; ``None``
    never answers."""
    async def resolve(host: str) -> list[str]:
        if asked is not None:
            asked.append(host)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, f"{host}: unknown")
        address = answers[host]
        if address is None:
            await asyncio.Event().wait()
        return [str(address)]
    return resolve


def test_a_hung_lookup_is_given_up_when_nothing_resolves():
    """A lookup that never answers, on a network where no name has resolved, ends in
    ``NoNetwork`` (it would hang forever otherwise: the guard only stops a broken test);
    a second look is answered from what was learnt, with no new lookup to wait for."""
    asked: list[str] = []

    async def run() -> tuple[str, list[str], list[str]]:
        names = HostNames(_server({"hung.example": None}, asked), grace=0.2)
        with pytest.raises(socket.gaierror):
            await names.addresses("gone.example")
        with pytest.raises(NoNetwork) as caught:
            await asyncio.wait_for(names.addresses("hung.example"), GUARD)
        first = list(asked)
        with pytest.raises(NoNetwork):  # a second look: the grace is not waited again
            await asyncio.wait_for(names.addresses("hung.example"), GUARD)
        names.close()
        return str(caught.value), first, list(asked)

    message, first, after = asyncio.run(run())
    assert "hung.example" in message
    assert first == ["gone.example", "hung.example"] and after == first


def test_once_a_name_resolves_a_slow_lookup_is_waited_for():
    """The network works: a slow answer is an answer, however late."""
    async def run() -> list[str]:
        gate = asyncio.Event()

        async def resolve(host: str) -> list[str]:
            if host == "slow.example":
                await gate.wait()
                return ["93.184.215.14"]
            if host == "fast.example":
                return ["93.184.215.15"]
            raise socket.gaierror(socket.EAI_NONAME, host)

        names = HostNames(resolve, grace=0.1)
        with pytest.raises(socket.gaierror):
            await names.addresses("gone.example")
        assert await names.addresses("fast.example") == ["93.184.215.15"]
        slow = asyncio.ensure_future(names.addresses("slow.example"))
        await asyncio.sleep(0.4)  # four graces: still waiting, not given up
        assert not slow.done()
        gate.set()
        return await slow

    assert asyncio.run(run()) == ["93.184.215.14"]


def test_each_name_is_looked_up_once():
    asked: list[str] = []

    async def run() -> None:
        names = HostNames(_server({"a.example": "93.184.215.14"}, asked))
        results = await asyncio.gather(*(names.addresses("a.example") for _ in range(5)))
        assert results == [["93.184.215.14"]] * 5

    asyncio.run(run())
    assert asked == ["a.example"]


def test_system_lookups_run_on_threads(monkeypatch):
    """The real resolver: localhost from the hosts file, and a name that is not one
    (no name server is asked for either)."""
    monkeypatch.undo()  # conftest's fake name server is not wanted here

    async def run() -> list[str]:
        with pytest.raises((OSError, UnicodeError)):
            await dns.threaded_resolve("bad..name")
        return await dns.threaded_resolve("localhost")

    assert "127.0.0.1" in asyncio.run(run())


def test_links_on_a_network_that_resolves_nothing_are_unchecked_quickly():
    """Some names fail at once, one never answers: the run ends after the grace, with
    every link unchecked and none called dead."""
    async def run() -> dict[str, object]:
        names = HostNames(_server({"hung.example": None}), grace=0.3)
        checker = LinkChecker(LinkOptions(timeout=HOUR), names=names)
        try:  # done long before the hour-long timeout: the grace decides
            return dict(await asyncio.wait_for(checker.check_all(
                ["http://hung.example/page", "http://gone.example/a", "http://gone2.example/b"]),
                GUARD))
        finally:
            await checker.aclose()
            names.close()

    results = asyncio.run(run())
    assert {r.status for r in results.values()} == {LinkStatus.UNCHECKED}  # type: ignore[attr-defined]
    assert results["http://hung.example/page"].reason == NO_NETWORK  # type: ignore[attr-defined]


def test_a_registry_whose_name_does_not_resolve_is_given_up_before_any_request():
    async def run() -> tuple[object, object, int]:
        names = HostNames(_server({}))
        # An hour between attempts, were there any: the guard would stop the test.
        http = HttpLayer(names=names, policies={"crossref": Policy(backoff=HOUR)})
        try:
            first = await asyncio.wait_for(
                http.get("crossref", "https://api.registry.example/works"), GUARD)
            second = await asyncio.wait_for(
                http.get("crossref", "https://api.registry.example/works/10.1/x"), GUARD)
            return first, second, http.requests
        finally:
            await http.aclose()

    first, second, requests = asyncio.run(run())
    assert requests == 0
    assert first.reason == "crossref unreachable (api.registry.example does not resolve)"  # type: ignore[attr-defined]
    assert second == first


def test_a_registry_behind_a_proxy_is_not_looked_up_here(monkeypatch):
    """A proxy resolves names itself: the request goes to it (here a closed port)."""
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    asked: list[str] = []

    async def run() -> tuple[object, int]:
        http = HttpLayer(names=HostNames(_server({}, asked)), timeout=5)
        try:
            return await http.get("crossref", "https://api.registry.example/works"), http.requests
        finally:
            await http.aclose()

    result, requests = asyncio.run(run())
    assert asked == []
    assert requests >= 1
    assert "unreachable (connection failed" in result.reason  # type: ignore[attr-defined]


def test_an_audit_on_a_network_that_resolves_nothing_does_not_wait(tmp_path):
    document = tmp_path / "essay.md"
    document.write_text(
        "# Essay\n\nSee <https://hung.example/report> and <https://gone.example/page>.\n",
        encoding="utf-8")
    done: list[object] = []
    # An hour-long timeout: only the grace can end this audit before the guard.
    worker = threading.Thread(target=lambda: done.append(audit(
        AuditOptions(paths=(str(document),), timeout=HOUR),
        resolve=_server({"hung.example": None}))), daemon=True)
    worker.start()
    worker.join(GUARD)
    assert done, "the audit waited for a lookup that never answers"
    result = done[0]
    checks = result.documents[0].link_checks  # type: ignore[attr-defined]
    assert {c.status for c in checks.values()} == {LinkStatus.UNCHECKED}
    assert not [f for f in result.documents[0].findings  # type: ignore[attr-defined]
                if f.kind == "link-dead"]
