"""Wayback lookups that respect archive.org and the user's time (issue 22): one CDX
request per page in trouble, whatever its spelling and however many documents cite it;
none for pages that answer unless ``--archive all``; none at all with ``--archive none``
or on a warm cache; two plain queries only where a server refuses the one-request form.
Counted on a local site and a local CDX server."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write
from servers import only, serving
from test_links_loopback import FAST, Archive, SiteA, page

from citecheck.audit import Seams, audit
from citecheck.model import ArchiveMode, AuditOptions, AuditResult
from citecheck.resolve.cache import Cache


@pytest.fixture
def servers():
    handlers: dict[str, object] = {"site": SiteA(), "archive": Archive([])}
    with serving({"site": "127.0.0.6", "archive": "127.0.0.7"}, handlers) as bases:
        yield bases, handlers


def _documents(tmp_path: Path, site: str) -> tuple[str, ...]:
    """Two documents: /gone cited under three spellings, /removed, a page that answers
    and one moved for good."""
    one = write(tmp_path, "one.md", f"# One\n\nPublished on 1 April 2026.\n\nSee <{site}/gone>, "
                f"<{site}/gone?utm_source=news&utm_medium=email>, <{site}/removed>, "
                f"<{site}/ok> and <{site}/moved>.\n")
    two = write(tmp_path, "two.md", f"# Two\n\nPublished on 3 May 2026.\n\nAgain "
                f"<{site}/gone#part-2> and <{site}/removed>.\n")
    return str(one), str(two)


def _audit(tmp_path: Path, bases: dict[str, str], archive: ArchiveMode = ArchiveMode.BROKEN,
           cache: str = "c.sqlite3") -> AuditResult:
    endpoints = only(wayback=bases["archive"])
    options = AuditOptions(paths=_documents(tmp_path, bases["site"]), allow_private_hosts=True,
                           timeout=2.0, archive=archive)
    return audit(options, cache=Cache(tmp_path / cache), endpoints=endpoints, policies=FAST)


def _asked(handlers: dict[str, object]) -> list[str]:
    archive = handlers["archive"]
    assert isinstance(archive, Archive)
    return [q["url"].rsplit("/", 1)[-1] for q in archive.queries]


def _unarchived(result: AuditResult) -> list[tuple[str, str]]:
    return sorted((f.text.rsplit("/", 1)[-1], f.severity.value) for d in result.documents
                  for f in d.findings if f.kind == "link-unarchived")


def test_one_request_per_page_in_trouble_then_none(servers, tmp_path):
    bases, handlers = servers
    result = _audit(tmp_path, bases)
    asked = _asked(handlers)
    assert sorted(asked) == ["gone", "removed"]  # not /ok, not /moved, not twice
    archive = handlers["archive"]
    assert isinstance(archive, Archive)
    assert all(q["closest"] == "20260401235959" and q["sort"] == "closest"
               and q["limit"] == "1" and q["filter"] == "statuscode:200"
               for q in archive.queries)
    gone = [d.link_checks[url] for d in result.documents for url in d.link_checks
            if "/gone" in url]
    assert len(gone) == 3 and {c.archive_url for c in gone} == {
        f"{bases['archive']}/web/20250301120000/{bases['site']}/gone"}
    assert _unarchived(result) == [("removed", "warning"), ("removed", "warning")]
    archive.queries.clear()
    again = _audit(tmp_path, bases)
    assert _asked(handlers) == []  # a warm cache asks nothing
    assert _unarchived(again) == _unarchived(result)


def test_archive_none_and_all(servers, tmp_path):
    bases, handlers = servers
    none = _audit(tmp_path, bases, ArchiveMode.NONE, "none.sqlite3")
    assert _asked(handlers) == [] and _unarchived(none) == []
    everything = _audit(tmp_path, bases, ArchiveMode.ALL, "all.sqlite3")
    assert sorted(_asked(handlers)) == ["gone", "moved", "ok", "removed"]
    assert _unarchived(everything) == [("moved", "info"), ("ok", "info"),
                                       ("removed", "warning"), ("removed", "warning")]


def test_a_server_that_refuses_the_closest_form_is_asked_the_older_way(servers, tmp_path):
    bases, handlers = servers
    handlers["archive"] = legacy = Archive([], legacy=True)
    result = _audit(tmp_path, bases)
    forms = [("closest" in q, "to" in q, "from" in q) for q in legacy.queries]
    # The first request is refused, once for the run; then before the date, else after.
    assert forms[0] == (True, False, False) and all(not c for c, _, _ in forms[1:])
    assert len(legacy.queries) == 1 + 1 + 2  # /gone found before; /removed asked twice
    gone = {d.link_checks[u].archive_url for d in result.documents for u in d.link_checks
            if u.endswith("/gone")}
    assert gone == {f"{bases['archive']}/web/20250301120000/{bases['site']}/gone"}


class Revived(SiteA):
    """The same site, where /gone answers again."""

    def __call__(self, request):  # type: ignore[no-untyped-def]
        if request.path == "/gone":
            return page("Back again")
        return super().__call__(request)


def test_a_link_is_dead_only_after_failures_a_day_apart(servers, tmp_path):
    """--confirm-dead 3 on a fake clock: /gone is unstable (a warning) after its first
    failure, still after a second the same day, and after one the next day; dead (an
    error) after a third failure a day later.  Once it answers again it starts afresh."""
    bases, handlers = servers
    now = [1_800_000_000.0]
    doc = write(tmp_path, "essay.md", f"# Essay\n\nSee <{bases['site']}/gone>.\n")
    endpoints = only(wayback=bases["archive"])

    def verdict(hours_later: float) -> tuple[str, str]:
        now[0] += hours_later * 3600
        result = audit(AuditOptions(paths=(str(doc),), allow_private_hosts=True, timeout=2.0,
                                    confirm_dead=3),
                       cache=Cache(tmp_path / "c.sqlite3"), endpoints=endpoints,
                       policies=FAST, seams=Seams(clock=lambda: now[0]))
        [finding] = [f for f in result.documents[0].findings if f.kind.startswith("link-")
                     and f.kind != "link-unarchived"]
        return finding.kind, finding.severity.value

    assert verdict(0) == ("link-unstable", "warning")
    assert verdict(2) == ("link-unstable", "warning")   # the same day: not a second failure
    assert verdict(24) == ("link-unstable", "warning")  # the second
    assert verdict(24) == ("link-dead", "error")        # the third, a day later
    handlers["site"] = Revived()
    revived = audit(AuditOptions(paths=(str(doc),), allow_private_hosts=True, timeout=2.0,
                                 confirm_dead=3),
                    cache=Cache(tmp_path / "c.sqlite3"), endpoints=endpoints, policies=FAST,
                    seams=Seams(clock=lambda: now[0]))
    assert not [f for f in revived.documents[0].findings if f.kind.startswith("link-")]
    # Its record of failures is gone: a failure next month would be the first again.
    url = f"{bases['site']}/gone"
    assert Cache(tmp_path / "c.sqlite3").get("link-failures", url) == (True, [])
