"""``citecheck archive`` (issue 22): Save Page Now for the cited pages that answer and
have no capture, against a local site, a local CDX server and a local Save Page Now that
behaves as SPN2 does (a job started by POST, polled until it succeeds or fails).  Jobs
submitted and polled, the user's keys sent, the number of captures at once held to the
limit, failures said with their reason, and each capture found by the next audit."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write
from servers import only, serving
from test_links_loopback import FAST, Archive, SiteA, page
from werkzeug import Request, Response

from citecheck.archiving import archive
from citecheck.audit import audit
from citecheck.cli import main
from citecheck.model import ArchiveMode, AuditOptions, LinkStatus
from citecheck.resolve.cache import Cache
from citecheck.resolve.ratelimit import DEFAULT_POLICIES, Policy
from citecheck.resolve.savepagenow import KEYED, Keys

QUICK = {**FAST, "spn": Policy(concurrency=2, interval=0.0, retries=1, backoff=0.01),
         "spn-status": Policy(concurrency=8, interval=0.0, retries=0)}
"""Save Page Now made quick for tests, two captures at once."""


class SaveService:
    """SPN2 on loopback: ``POST /save`` starts a job, ``/save/status/<job>`` is pending
    twice, then a success; a page whose path holds "refused" is refused at once, one
    holding "daily" fails while it runs, and one holding "busy" gets 429s."""

    def __init__(self) -> None:
        self.submitted: list[tuple[str, str]] = []
        self.jobs: dict[str, list[object]] = {}
        self.active = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        if request.method == "POST" and request.path == "/save":
            url = request.form["url"]
            self.submitted.append((url, request.headers.get("Authorization", "")))
            if "busy" in url:
                return Response("slow down", status=429)
            if "refused" in url:
                return _json({"status": "error", "status_ext": "error:not-found",
                              "message": "The server cannot find the requested resource."})
            with self.lock:
                job = f"spn2-{len(self.jobs)}"
                self.jobs[job] = [url, 2]
                self.active += 1
                self.most = max(self.most, self.active)
            return _json({"url": url, "job_id": job})
        job = request.path.rsplit("/", 1)[-1]
        with self.lock:
            url, pending = self.jobs[job]
            if isinstance(pending, int) and pending > 0:
                self.jobs[job][1] = pending - 1
                return _json({"status": "pending", "job_id": job})
            self.active -= 1
        if "daily" in str(url):
            return _json({"status": "error", "status_ext": "error:too-many-daily-captures"})
        return _json({"status": "success", "job_id": job, "timestamp": "20261207120000",
                      "original_url": url})


class Pages(SiteA):
    """SiteA, with pages of their own under /page-, /refused, /daily and /busy."""

    def __call__(self, request: Request) -> Response:
        if request.path.startswith(("/page-", "/refused", "/daily", "/busy")):
            return page(f"An article: {request.path[1:]}",
                        body=f"<p>The text of {request.path[1:]}, at length.</p>")
        return super().__call__(request)


def _json(data: object) -> Response:
    return Response(json.dumps(data), content_type="application/json")


@pytest.fixture
def world(tmp_path):
    handlers: dict[str, object] = {"site": Pages(), "archive": Archive([]),
                                   "spn": SaveService()}
    hosts = {"site": "127.0.0.12", "archive": "127.0.0.13", "spn": "127.0.0.14"}
    with serving(hosts, handlers) as bases:
        yield bases, handlers, only(wayback=bases["archive"], spn=bases["spn"])


def _essay(tmp_path: Path, site: str, *paths: str) -> str:
    links = ", ".join(f"<{site}{p}>" for p in paths)
    return str(write(tmp_path, "essay.md", f"# Essay\n\nPublished on 1 June 2026.\n\n"
                                           f"See {links}.\n"))


def test_pages_without_a_capture_are_saved_once_and_found_by_the_next_audit(world, tmp_path):
    bases, handlers, endpoints = world
    site = bases["site"]
    doc = _essay(tmp_path, site, "/ok", "/ok?utm_source=news", "/ok2", "/gone")
    cache = Cache(tmp_path / "c.sqlite3")
    options = AuditOptions(paths=(doc,), allow_private_hosts=True, timeout=2.0)
    done = archive(options, keys=Keys("key", "secret"), cache=cache, endpoints=endpoints,
                   policies=QUICK, poll=0.01)
    service = handlers["spn"]
    assert isinstance(service, SaveService)
    # /ok (two spellings, one page) and /ok2 answer with no capture; /gone is dead.
    assert sorted(url.rsplit("/", 1)[-1] for url, _ in service.submitted) == ["ok", "ok2"]
    assert {auth for _, auth in service.submitted} == {"LOW key:secret"}
    assert done.failed == () and len(done.saved) == 2
    assert {s.archive_url for s in done.saved} == {
        f"{bases['archive']}/web/20261207120000/{site}/ok",
        f"{bases['archive']}/web/20261207120000/{site}/ok2"}
    cdx = handlers["archive"]
    assert isinstance(cdx, Archive)
    cdx.queries.clear()
    later = audit(AuditOptions(paths=(doc,), allow_private_hosts=True, timeout=2.0,
                               archive=ArchiveMode.ALL),
                  cache=cache, endpoints=endpoints, policies=QUICK).documents[0]
    checks = {url.rsplit("/", 1)[-1]: c for url, c in later.link_checks.items()}
    assert checks["ok"].status is LinkStatus.ALIVE
    assert checks["ok"].archive_url == f"{bases['archive']}/web/20261207120000/{site}/ok"
    assert not [q for q in cdx.queries if q["url"].endswith(("/ok", "/ok2"))]
    assert not [f for f in later.findings if f.kind == "link-unarchived"
                and not f.text.endswith("/gone")]


def test_failures_are_said_with_their_reason(world, tmp_path):
    bases, handlers, endpoints = world
    doc = _essay(tmp_path, bases["site"], "/refused-page", "/daily-page", "/busy-page", "/ok")
    done = archive(AuditOptions(paths=(doc,), allow_private_hosts=True, timeout=2.0),
                   cache=Cache(tmp_path / "c.sqlite3"), endpoints=endpoints, policies=QUICK,
                   poll=0.01)
    reasons = {s.url.rsplit("/", 1)[-1]: s.reason for s in done.failed}
    assert reasons["refused-page"] == "Save Page Now: error:not-found"
    assert reasons["daily-page"] == "Save Page Now: error:too-many-daily-captures"
    assert "429" in reasons["busy-page"]
    assert [s.url.rsplit("/", 1)[-1] for s in done.saved] == ["ok"]
    service = handlers["spn"]
    assert isinstance(service, SaveService)
    assert {auth for _, auth in service.submitted} == {""}  # no keys: no Authorization


def test_no_more_captures_at_once_than_the_limit(world, tmp_path):
    bases, handlers, endpoints = world
    doc = _essay(tmp_path, bases["site"], *(f"/page-{i}" for i in range(7)))
    done = archive(AuditOptions(paths=(doc,), allow_private_hosts=True, timeout=2.0),
                   cache=Cache(tmp_path / "c.sqlite3"), endpoints=endpoints, policies=QUICK,
                   poll=0.01)
    service = handlers["spn"]
    assert isinstance(service, SaveService)
    assert len(done.saved) == 7 and 1 <= service.most <= 2  # QUICK allows two at once
    # The limits the command uses by default: SPN2's 4 a minute and 6 at once without
    # keys, 12 and 12 with them.
    assert (DEFAULT_POLICIES["spn"].interval, DEFAULT_POLICIES["spn"].concurrency) == (15.0, 6)
    assert (KEYED.interval, KEYED.concurrency) == (5.0, 12)


def test_the_command_lists_what_it_would_save(world, tmp_path, monkeypatch):
    bases, _, endpoints = world
    for name in ("wayback", "spn"):
        monkeypatch.setenv(f"CITECHECK_{name.upper()}_URL", getattr(endpoints, name))
    doc = _essay(tmp_path, bases["site"], "/ok")  # one Wayback lookup: no 2.6 s spacing
    result = CliRunner().invoke(main, ["archive", "--allow-private-hosts", "--dry-run", doc])
    assert result.exit_code == 0, result.output
    assert f"saved   {bases['site']}/ok (--dry-run)" in result.stdout
    assert result.stdout.rstrip().endswith("1 to save, 0 failed, 0 already captured")
    offline = CliRunner().invoke(main, ["archive", "--offline", doc])
    assert offline.exit_code == 2 and "needs the network" in offline.stderr
