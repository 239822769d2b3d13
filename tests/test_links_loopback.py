"""The link checker against real servers on several 127.x addresses, and a local Wayback.

Every verdict (alive, dead, soft 404, blocked, error, redirected, refused), the
Wayback lookups, the title check and the safety rules.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import write
from servers import reset_server, serving
from werkzeug import Request, Response

from citecheck.audit import Seams, audit, read_all
from citecheck.model import AuditOptions, LinkStatus
from citecheck.resolve.cache import Cache
from citecheck.resolve.endpoints import Endpoints
from citecheck.resolve.fetchers import PREFIX, LinkOptions
from citecheck.resolve.links import LinkChecker
from citecheck.resolve.ratelimit import Policy


def page(title: str, body: str = "", status: int = 200, **headers: str) -> Response:
    html = f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    return Response(html, status=status, content_type="text/html; charset=utf-8", headers=headers)


class SiteA:
    """Pages that exist, are gone, moved, loop, or pretend to exist."""

    def __init__(self) -> None:
        self.hits: list[str] = []

    def __call__(self, request: Request) -> Response:
        self.hits.append(request.path)
        path = request.path
        if path == "/ok":
            return page("The Golden Opportunity for American AI | Microsoft On the Issues")
        if path == "/ok2":
            return page("Quarterly earnings call transcript - Example Corp")
        if path == "/gone":
            return page("Not here", status=404)
        if path == "/removed":
            return page("Gone", status=410)
        if path == "/soft":
            return page("Page introuvable — Le Journal")
        if path == "/moved":
            return Response("", status=301, headers={"Location": "/new"})
        if path == "/new":
            return page("New home of the article")
        if path == "/temp":
            return Response("", status=302, headers={"Location": "/ok"})
        if path == "/loop":
            return Response("", status=302, headers={"Location": "/loop2"})
        if path == "/loop2":
            return Response("", status=302, headers={"Location": "/loop"})
        if path == "/deep/article":
            return Response("", status=302, headers={"Location": "/"})
        if path == "/walled":
            return Response("", status=302, headers={"Location": "/login?next=/walled"})
        if path == "/login":
            return page("Sign in")
        if path == "/":
            return page("Example news — home")
        # Any other address: the site's catch-all page, answered with 200.
        return page("Example news", body="<p>Welcome! Read our latest stories.</p>")


class SiteB:
    """Pages that block, throttle, fail or take too long."""

    def __init__(self, events: list[str]) -> None:
        self.throttled = False
        self.slow_started = False
        self.events = events

    def __call__(self, request: Request) -> Response:
        path = request.path
        if path == "/challenge":
            return page("Just a moment...", status=403, **{"cf-mitigated": "challenge",
                                                          "Server": "cloudflare"})
        if path == "/ratelimited":
            if not self.throttled:
                self.throttled = True
                # "0": the 429 path, without a second of waiting in every audit here (a real
                # wait is tested with the registries).
                return Response("slow down", status=429, headers={"Retry-After": "0"})
            return page("Finally")
        if path == "/broken":
            return Response("oops", status=500)
        if path == "/slow":
            self.slow_started = True
            self.events.append("slow asked")
            time.sleep(SLOW)  # longer than the audit's timeout
            self.events.append("slow answered")
            return page("Too late")
        if path == "/huge":
            return page("A very long page", body="<p>" + "x" * (5 * 1024 * 1024) + "</p>")
        return page("B", status=404)


class Archive:
    """A Wayback CDX endpoint: /gone was captured twice, the rest never.  It answers the
    one-request form (``closest=…&sort=closest&limit=1``) unless ``legacy``, where it
    refuses it with a 400 as an older CDX server would."""

    def __init__(self, events: list[str], legacy: bool = False) -> None:
        self.queries: list[dict[str, str]] = []
        self.events = events
        self.legacy = legacy

    def __call__(self, request: Request) -> Response:
        self.queries.append(dict(request.args))
        url = request.args.get("url", "")
        self.events.append(f"archive asked for {url.rsplit('/', 1)[-1]}")
        if "closest" in request.args and self.legacy:
            return Response("unknown parameter: closest", status=400)
        rows: list[list[str]] = [["timestamp", "original", "statuscode"]]
        if url.endswith("/gone"):
            captures = [["20190101000000", url, "200"], ["20250301120000", url, "200"]]
            if "closest" in request.args:
                target = int(request.args["closest"])
                rows.append(min(captures, key=lambda c: abs(int(c[0]) - target)))
            elif "to" in request.args:
                rows += [c for c in captures if c[0] <= request.args["to"]][-1:]
            else:
                rows += [c for c in captures if c[0] >= request.args.get("from", "")][:1]
        return Response(json.dumps(rows if len(rows) > 1 else []), content_type="application/json")


@pytest.fixture(scope="module")
def _sites():
    """The servers, started once for the module (stopping one takes half a second);
    each test gets fresh handlers through ``current``."""
    current: dict[str, object] = {}
    hosts = {"a": "127.0.0.2", "b": "127.0.0.3", "archive": "127.0.0.5"}
    with serving(hosts, current) as bases:
        reset, port = reset_server("127.0.0.4")
        bases["reset"] = f"http://127.0.0.4:{port}"
        yield bases, current
        reset.close()


@pytest.fixture
def web(_sites):
    bases, current = _sites
    events: list[str] = []  # what the servers saw, in order
    handlers = {"a": SiteA(), "b": SiteB(events), "archive": Archive(events), "events": events}
    current.update(handlers)
    return dict(bases), handlers


FAST = {"wayback": Policy(concurrency=1, interval=0.0, retries=0),
        "link": Policy(backoff=0.01)}
"""Politeness made quick for tests: no archive spacing, retries of links at once."""
TIMEOUT = 0.4
SLOW = 0.6
"""/slow answers after SLOW seconds, longer than the audits' TIMEOUT."""


def _document(bases: dict[str, str]) -> str:
    a, b, r = bases["a"], bases["b"], bases["reset"]
    return f"""# Links

Published on 1 April 2026.

See <{a}/ok>, <{a}/gone>, <{a}/removed>, <{a}/soft>, <{a}/moved>, <{a}/temp>, <{a}/loop>,
<{a}/deep/article>, <{a}/walled>, <{a}/some/unknown-story>, <{b}/challenge>,
<{b}/ratelimited>, <{b}/broken>, <{b}/slow>, <{b}/huge>, <{r}/anything> and again <{a}/ok>.

## References

Smith, Brad. 2025. « The Golden Opportunity for American AI ». *Microsoft On the Issues*. <{a}/ok>.

Doe, Jane. 2024. « A report on renewable energy policy ». *Example Corp*. <{a}/ok2>.
"""


def _audit(tmp_path: Path, bases: dict[str, str], seams: Seams | None = None,
           **options: object):
    path = write(tmp_path, "links.md", _document(bases))
    endpoints = Endpoints(crossref="http://127.0.0.1:9", datacite="http://127.0.0.1:9",
                          doi="http://127.0.0.1:9", wayback=bases["archive"],
                          openlibrary="http://127.0.0.1:9")
    opts = AuditOptions(paths=(str(path),), allow_private_hosts=True, timeout=TIMEOUT,
                        host_concurrency=2, **options)  # type: ignore[arg-type]
    return audit(opts, cache=Cache(tmp_path / "c.sqlite3"), endpoints=endpoints,
                 policies=FAST, seams=seams).documents[0]


def test_every_verdict(web, tmp_path):
    bases, handlers = web
    doc = _audit(tmp_path, bases)
    status = {url.split(":", 2)[2].split("/", 1)[1]: check.status
              for url, check in doc.link_checks.items()}
    reasons = {url.split(":", 2)[2].split("/", 1)[1]: check.reason
               for url, check in doc.link_checks.items()}
    assert status["ok"] is LinkStatus.ALIVE
    assert status["temp"] is LinkStatus.ALIVE  # a temporary redirect is fine
    assert status["gone"] is LinkStatus.DEAD and status["removed"] is LinkStatus.DEAD
    assert status["soft"] is LinkStatus.DEAD and "soft 404" in reasons["soft"]
    assert status["deep/article"] is LinkStatus.DEAD and "home page" in reasons["deep/article"]
    assert status["walled"] is LinkStatus.DEAD and "login" in reasons["walled"]
    assert status["some/unknown-story"] is LinkStatus.DEAD
    assert "any unknown address" in reasons["some/unknown-story"]
    assert status["moved"] is LinkStatus.REDIRECTED
    assert doc.link_checks[f"{bases['a']}/moved"].final_url == f"{bases['a']}/new"
    assert status["loop"] is LinkStatus.ERROR and "loop" in reasons["loop"]
    assert status["challenge"] is LinkStatus.BLOCKED and "cf-mitigated" in reasons["challenge"]
    assert status["ratelimited"] is LinkStatus.ALIVE  # Retry-After honoured, then 200
    assert status["broken"] is LinkStatus.ERROR and "500" in reasons["broken"]
    assert status["slow"] is LinkStatus.ERROR and "timed out" in reasons["slow"]
    assert status["huge"] is LinkStatus.ALIVE
    assert doc.link_checks[f"{bases['b']}/huge"].title == "A very long page"
    assert status["anything"] is LinkStatus.ERROR and "reset" in reasons["anything"]
    # /ok is cited three times: fetched once for them, once more at the end of /temp.
    assert handlers["a"].hits.count("/ok") == 2
    probes = [h for h in handlers["a"].hits if re.fullmatch(r"/[0-9a-f]{32}", h)]
    assert len(probes) == 1  # the random-path probe, once per host


def test_findings_wayback_and_titles(web, tmp_path):
    bases, handlers = web
    doc = _audit(tmp_path, bases)
    by_kind: dict[str, list] = {}
    for finding in doc.findings:
        by_kind.setdefault(finding.kind, []).append(finding)
    gone = next(f for f in by_kind["link-dead"] if f.text.endswith("/gone"))
    # The capture closest before the document's date (1 April 2026), status 200.
    assert gone.evidence["archive_url"] == f"{bases['archive']}/web/20250301120000/{bases['a']}/gone"
    assert gone.suggestion.startswith("archived copy: ")
    unarchived = {f.text.rsplit("/", 1)[-1] for f in by_kind["link-unarchived"]}
    assert "removed" in unarchived and "gone" not in unarchived
    assert any(q.get("filter") == "statuscode:200" for q in handlers["archive"].queries)
    titles = by_kind["link-title-mismatch"]
    assert [f.text.rsplit("/", 1)[-1] for f in titles] == ["ok2"]  # /ok's title agrees
    assert {f.kind for f in doc.findings} >= {"link-dead", "link-error", "link-blocked",
                                               "link-redirected", "link-unarchived"}


def test_archive_lookups_start_while_links_are_still_checked(web, tmp_path):
    """/gone is dead as soon as it answers: its Wayback lookup must not wait for /slow,
    which takes longer than the timeout twice (first look, then the look again at the end)."""
    bases, handlers = web
    _audit(tmp_path, bases)
    events = handlers["events"]
    assert "slow asked" in events and "archive asked for gone" in events
    assert events.index("archive asked for gone") < events.index("slow answered")


def test_verdicts_are_cached_while_links_are_still_checked(web, tmp_path, monkeypatch):
    """/ok's verdict stands as soon as it answers: it is stored then, not after /slow's
    two timeouts; and every verdict that may be kept is stored by the end."""
    bases, handlers = web
    events = handlers["events"]
    real = Cache.put_many

    def recording(self: Cache, service: str, rows: list) -> None:  # type: ignore[type-arg]
        if service.startswith("link"):  # the Wayback lookups have a cache of their own
            events.extend(f"stored {row[0]}" for row in rows)
        real(self, service, rows)

    monkeypatch.setattr(Cache, "put_many", recording)
    doc = _audit(tmp_path, bases, Seams(cache_batch=1))
    when = {e.removeprefix("stored "): i for i, e in enumerate(events) if e.startswith("stored ")}
    assert when[f"{bases['a']}/ok"] < events.index("slow answered")
    kept = {url for url, c in doc.link_checks.items()
            if c.status.value in {"alive", "dead", "redirected", "refused"}}
    assert kept and kept == set(when)
    assert f"{bases['b']}/slow" not in when  # an error is never cached


def test_a_reading_error_stops_the_link_checks_at_once(web, tmp_path, caplog, monkeypatch):
    """The rest of the document is read while links are checked: when that reading
    fails (a .bib it names is binary), the error comes out at once, the slow link's
    check is not waited for, and nothing is left behind unretrieved."""
    from citecheck.errors import CitecheckError

    bases, handlers = web

    def late(*args: object) -> object:  # the links have started by the time it fails
        time.sleep(0.3)
        return read_all(*args)  # type: ignore[arg-type]

    (tmp_path / "broken.bib").write_bytes(b"@book{key,\x00\x9f\x00 title = {T}}\n")
    path = write(tmp_path, "doc.md", "---\nbibliography: broken.bib\n---\n# T\n\n"
                 f"See <{bases['b']}/slow> [@key].\n")
    with pytest.raises(CitecheckError, match="broken.bib"):
        audit(AuditOptions(paths=(str(path),), allow_private_hosts=True, timeout=5.0),
              cache=Cache(tmp_path / "c.sqlite3"), endpoints=Endpoints(wayback="http://127.0.0.1:9"),
              seams=Seams(read=late))  # type: ignore[arg-type]
    # Out before /slow answered: its check had started, and was not waited for.
    assert handlers["events"] == ["slow asked"]
    assert "never retrieved" not in caplog.text


def test_an_unreachable_archive_is_given_up_on_and_said(web, tmp_path):
    """archive.org refusing connections: two attempts, not one per dead link, and the
    report says why the dead links carry no archived copy."""
    bases, _ = web
    lines = "\n".join(f"- <{bases['a']}/gone/{i}>" for i in range(6))
    path = write(tmp_path, "dead.md", f"# Dead\n\n{lines}\n")
    endpoints = Endpoints(wayback="http://127.0.0.1:9")  # nothing listens there
    # archive.org's spacing, made an hour here, is not spent on refusals: were it spent
    # between the six lookups, the guard would stop the audit first.
    hourly = {"wayback": Policy(concurrency=1, interval=3600.0, retries=0)}
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(audit(
        AuditOptions(paths=(str(path),), allow_private_hosts=True, timeout=2.0),
        cache=Cache(tmp_path / "c.sqlite3"), endpoints=endpoints, policies=hourly)),
        daemon=True)
    worker.start()
    worker.join(10.0)
    assert done, "archive.org's spacing was waited for after a refusal"
    doc = done[0].documents[0]  # type: ignore[attr-defined]
    assert all(c.archive_url is None for c in doc.link_checks.values())
    assert {c.status for c in doc.link_checks.values()} == {LinkStatus.DEAD}  # soft 404s
    archive = [u.reason for u in doc.unchecked if " archive lookups: " in u.reason]
    assert sum(int(r.split()[0]) for r in archive) == 6
    assert len(archive) == 1 and "wayback unreachable (connection failed" in archive[0]


def test_second_run_reuses_verdicts_but_not_errors(web, tmp_path):
    bases, handlers = web
    _audit(tmp_path, bases)
    before = list(handlers["a"].hits)
    _audit(tmp_path, bases)
    again = handlers["a"].hits[len(before):]
    assert "/ok" not in again and "/gone" not in again  # alive and dead are cached
    assert "/loop" in again  # errors never are


def test_private_addresses_are_refused_without_the_flag(web, tmp_path):
    bases, handlers = web
    path = write(tmp_path, "p.md", f"See <{bases['a']}/ok>, <http://localhost:1/x>, "
                                   "<http://user:secret@example.org/x> and <ftp://example.org/f>.\n")
    result = audit(AuditOptions(paths=(str(path),)), cache=Cache(tmp_path / "c.sqlite3"),
                   endpoints=Endpoints(wayback=bases["archive"]), policies=FAST,
                   resolve=_fake_dns({"localhost": "127.0.0.1", "example.org": "93.184.215.14"}))
    checks = result.documents[0].link_checks
    assert checks[f"{bases['a']}/ok"].status is LinkStatus.REFUSED
    assert checks["http://localhost:1/x"].status is LinkStatus.REFUSED
    assert "credentials" in checks["http://user:secret@example.org/x"].reason
    assert handlers["a"].hits == []
    assert {f.kind for f in result.documents[0].findings} == {"link-refused"}


def test_a_verdict_cached_with_the_flag_is_not_reused_without_it(web, tmp_path):
    """A local page found alive under --allow-private-hosts is refused in a later run
    without the flag on the same cache, and a refusal cached without the flag does not
    stop a later run with it from fetching the page."""
    bases, handlers = web
    url = f"{bases['a']}/ok"
    path = write(tmp_path, "p.md", f"See <{url}>.\n")
    cache_path = tmp_path / "c.sqlite3"

    def run(allow: bool) -> LinkStatus:
        result = audit(AuditOptions(paths=(str(path),), allow_private_hosts=allow),
                       cache=Cache(cache_path), endpoints=Endpoints(wayback=bases["archive"]),
                       policies=FAST)
        return result.documents[0].link_checks[url].status

    assert run(allow=True) is LinkStatus.ALIVE
    assert run(allow=False) is LinkStatus.REFUSED
    hits = len(handlers["a"].hits)
    assert run(allow=True) is LinkStatus.ALIVE and len(handlers["a"].hits) == hits  # cached
    assert run(allow=False) is LinkStatus.REFUSED


def test_a_status_accepted_for_a_host_is_not_served_a_verdict_cached_without_it(web, tmp_path):
    bases, handlers = web
    url = f"{bases['a']}/gone"
    path = write(tmp_path, "g.md", f"See <{url}>.\n")
    cache_path = tmp_path / "c.sqlite3"

    def run(**options: object) -> LinkStatus:
        result = audit(AuditOptions(paths=(str(path),), allow_private_hosts=True,
                                    **options),  # type: ignore[arg-type]
                       cache=Cache(cache_path), endpoints=Endpoints(wayback=bases["archive"]),
                       policies=FAST)
        return result.documents[0].link_checks[url].status

    host = url.split("/")[2].split(":")[0]
    assert run() is LinkStatus.DEAD
    assert run(accept_status={host: (404,)}) is LinkStatus.ALIVE
    assert run() is LinkStatus.DEAD


def _fake_dns(table: dict[str, str]):
    async def resolve(host: str) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, host)
        return [table[host]]
    return resolve


def test_every_redirect_hop_is_checked():
    """A public page that redirects to an internal address is refused before connecting."""
    contacted: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        contacted.append(str(request.url))
        if request.url.host == "public.example":
            return httpx.Response(302, headers={"Location": "http://intranet.example/admin"})
        return httpx.Response(200, text="<title>secret</title>")

    async def run() -> object:
        checker = LinkChecker(LinkOptions(), transport=httpx.MockTransport(handler),
                              resolve=_fake_dns({"public.example": "93.184.215.14",
                                                 "intranet.example": "10.0.0.7"}))
        try:
            return await checker.check("http://public.example/page")
        finally:
            await checker.aclose()

    result = asyncio.run(run())
    assert result.status is LinkStatus.REFUSED and "10.0.0.7" in result.reason
    assert contacted == ["http://public.example/page"]


def test_first_requests_go_before_a_redirects_next_hop(web):
    """One request at a time to the host: the redirect's second hop waits behind the
    first requests (any of them may redirect too), so the run ends without a tail."""
    bases, handlers = web

    async def run() -> dict[str, object]:
        checker = LinkChecker(LinkOptions(host_concurrency=1, allow_private_hosts=True))
        try:
            return dict(await checker.check_all(
                f"{bases['a']}/{p}" for p in ("moved", "gone", "removed")))
        finally:
            await checker.aclose()

    results = asyncio.run(run())
    assert handlers["a"].hits[:4] == ["/moved", "/gone", "/removed", "/new"]
    assert results[f"{bases['a']}/moved"].status is LinkStatus.REDIRECTED  # type: ignore[attr-defined]


def test_names_that_do_not_resolve_are_dead_only_when_the_network_works(web, tmp_path):
    bases, _ = web
    async def run(urls: list[str]) -> dict:
        table = {"reachable.example": "127.0.0.2"}
        checker = LinkChecker(LinkOptions(timeout=2.0), resolve=_fake_dns(table),
                              transport=httpx.AsyncHTTPTransport())
        try:
            return await checker.check_all(urls)
        finally:
            await checker.aclose()

    offline = asyncio.run(run(["http://nowhere.invalid/a", "http://nothing.invalid/b"]))
    assert {c.status for c in offline.values()} == {LinkStatus.UNCHECKED}
    online = asyncio.run(run(["http://nowhere.invalid/a", f"{bases['a']}/ok"]))
    # 127.0.0.2 is private: refused, but it proves that the network answers.
    assert online["http://nowhere.invalid/a"].status in {LinkStatus.DEAD, LinkStatus.UNCHECKED}


def test_body_reads_are_bounded():
    served = {"bytes": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        body = b"<title>big</title>" + b"y" * (10 * PREFIX)
        served["bytes"] = len(body)
        return httpx.Response(200, content=body, headers={"content-type": "text/html"})

    async def run() -> object:
        checker = LinkChecker(LinkOptions(allow_private_hosts=True),
                              transport=httpx.MockTransport(handler))
        try:
            return await checker.check("http://bulk.example/")
        finally:
            await checker.aclose()

    result = asyncio.run(run())
    assert result.status is LinkStatus.ALIVE and result.title == "big"


def test_the_urls_of_a_pandoc_documents_bib_are_checked(web, tmp_path):
    """A URL in the .bib a document cites from is checked with the document's links, and
    its finding points at the .bib's line."""
    bases, _ = web
    (tmp_path / "refs.bib").write_text(
        "@misc{gone2024,\n  author = {Site, Team},\n  title = {A page that went},\n"
        f"  year = {{2024}},\n  url = {{{bases['a']}/gone}}\n}}\n", encoding="utf-8")
    path = write(tmp_path, "paper.md", "---\nbibliography: refs.bib\n---\n# T\n\n"
                 f"As shown [@gone2024], and <{bases['a']}/ok>.\n")
    endpoints = Endpoints(crossref="http://127.0.0.1:9", datacite="http://127.0.0.1:9",
                          doi="http://127.0.0.1:9", wayback="http://127.0.0.1:9",
                          openlibrary="http://127.0.0.1:9")
    doc = audit(AuditOptions(paths=(str(path),), allow_private_hosts=True, timeout=2.0),
                cache=Cache(tmp_path / "c.sqlite3"), endpoints=endpoints,
                policies=FAST).documents[0]
    assert doc.link_checks[f"{bases['a']}/gone"].status is LinkStatus.DEAD
    assert doc.link_checks[f"{bases['a']}/ok"].status is LinkStatus.ALIVE
    dead = [f for f in doc.findings if f.kind == "link-dead"]
    assert [(f.span.path.rsplit("/", 1)[-1], f.span.line) for f in dead] == [("refs.bib", 5)]
