"""The registry clients against real HTTP servers on 127.0.0.1 serving recorded responses.

One local server plays Crossref, DataCite and doi.org (each under its own path
prefix, as CONTRACT.md allows); faults are injected in front of it: 429 storms
with Retry-After, 500s, malformed JSON, slow answers and connection resets.
The findings must be the same with and without faults.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA, write
from fake_registry import QUICK, Registry
from pytest_httpserver import HTTPServer
from servers import reset_server

from citecheck.audit import audit
from citecheck.model import AuditOptions, Severity
from citecheck.resolve.cache import Cache
from citecheck.resolve.endpoints import Endpoints
from citecheck.resolve.ratelimit import Policy

DOCUMENT = (DATA / "registry_paper.md").read_text(encoding="utf-8")

@pytest.fixture
def registry(httpserver: HTTPServer) -> tuple[Registry, Endpoints]:
    handler = Registry()
    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    base = httpserver.url_for("").rstrip("/")
    return handler, Endpoints(crossref=f"{base}/crossref", datacite=f"{base}/datacite",
                              doi=f"{base}/doi", openlibrary=f"{base}/openlibrary")




def _run(tmp_path: Path, endpoints: Endpoints, cache: Cache | None = None, offline: bool = False,
         timeout: float = 10.0):
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = write(tmp_path, "paper.md", DOCUMENT)
    own = cache or Cache(tmp_path / "cache.sqlite3")
    result = audit(AuditOptions(paths=(str(path),), offline=offline, timeout=timeout,
                                mailto="editor@example.org"), cache=own, endpoints=endpoints,
                   policies=QUICK)
    return result.documents[0]


def _summary(doc) -> list[tuple[str, str, str]]:
    return sorted((f.kind, f.severity.value, str(f.evidence.get("field") or f.evidence.get("doi")))
                  for f in doc.findings if f.kind in {
                      "doi-not-found", "metadata-mismatch", "reference-not-found",
                      "doi-suggested", "retracted", "published-version"})



def test_findings_from_recorded_responses(registry, tmp_path):
    handler, endpoints = registry
    doc = _run(tmp_path, endpoints)
    found = _summary(doc)
    kinds = [k for k, _, _ in found]
    assert ("doi-not-found", "error", "10.9999/does.not.exist") in found
    title = next(f for f in doc.findings if f.evidence.get("field") == "title")
    assert "Growth hormone secretagogue" in title.evidence["registered"]
    year = next(f for f in doc.findings if f.evidence.get("field") == "year")
    assert (year.evidence["cited"], year.evidence["registered"]) == ("2011", "2012")
    assert "reference-not-found" in kinds  # Doe 2018: Crossref search found nothing
    retracted = [f for f in doc.findings if f.kind == "retracted"]
    assert [(f.severity.value, f.evidence["notice"]) for f in retracted] == [
        ("error", "10.1016/s0140-6736(10)60175-4")]
    published = [f for f in doc.findings if f.kind == "published-version"]
    assert [f.suggestion for f in published] == ["10.5555/3295222.3295349"]
    # Pages 519-27 = 519-527, PLoS and Scientific Reports agree, arXiv is DataCite's: no findings.
    assert not [f for f in doc.findings if f.evidence.get("field") == "pages"]
    assert not [f for f in doc.findings if "1902.02534" in str(f.evidence.get("doi", ""))]
    assert doc.unchecked_count == 0 + len({link.url for link in doc.extraction.links})
    # One batch for the six DOIs, then doi.org and DataCite for the two Crossref lacks.
    batches = [r for r in handler.requests if r.startswith("/crossref/works?filter")]
    assert len(batches) == 1
    assert "mailto=editor%40example.org" in batches[0]


def test_second_run_makes_no_requests(registry, tmp_path):
    handler, endpoints = registry
    cache = Cache(tmp_path / "shared.sqlite3")
    first = _summary(_run(tmp_path, endpoints, cache))
    count = len(handler.requests)
    second = _summary(_run(tmp_path, endpoints, cache))
    assert second == first
    assert len(handler.requests) == count


def test_offline_uses_cache_only(registry, tmp_path):
    handler, endpoints = registry
    doc = _run(tmp_path, endpoints, offline=True)
    assert handler.requests == []
    assert not _summary(doc)
    assert any("offline" in u.reason for u in doc.unchecked)


@pytest.mark.parametrize("faults", [
    ["429"] * 3,
    ["429-date", "500", "garbage"],
    ["500"] * 4,
    ["slow", "garbage", "429"],
    ["504-recorded", "504-recorded"],
])
def test_same_findings_under_faults(registry, tmp_path, faults):
    handler, endpoints = registry
    clean = _summary(_run(tmp_path / "a", endpoints))
    handler.requests.clear()
    handler.faults = list(faults)
    noisy = _summary(_run(tmp_path / "b", endpoints, timeout=0.5))
    assert noisy == clean
    assert len(handler.requests) > len(faults)


def test_resets_leave_references_unchecked_not_missing(tmp_path):
    server, port = reset_server()
    try:
        base = f"http://127.0.0.1:{port}"
        doc = _run(tmp_path, Endpoints(crossref=base, datacite=base, doi=base), timeout=2.0)
    finally:
        server.close()
    assert not [f for f in doc.findings if f.kind in {"doi-not-found", "reference-not-found"}]
    assert doc.unchecked_count >= 7
    assert any("reset" in u.reason or "unreachable" in u.reason for u in doc.unchecked)


def test_oversized_body_is_refused(httpserver: HTTPServer, tmp_path):
    httpserver.expect_request(re.compile(".*")).respond_with_data(
        b"[" + b"0," * (9 * 1024 * 1024) + b"0]", content_type="application/json")
    base = httpserver.url_for("").rstrip("/")
    doc = _run(tmp_path, Endpoints(crossref=base, datacite=base, doi=base))
    assert not [f for f in doc.findings if f.kind == "doi-not-found"]
    assert any("larger than" in u.reason for u in doc.unchecked)
    assert Severity.ERROR not in {f.severity for f in doc.findings}


def test_seed_essay_verifies_against_registries(registry, tmp_path):
    """The Gheeraert essay: arXiv DOIs verify at DataCite, Walter's print year is fine."""
    from conftest import GHEERAERT

    handler, endpoints = registry
    result = audit(AuditOptions(paths=(str(GHEERAERT),)), cache=Cache(tmp_path / "c.sqlite3"),
                   endpoints=endpoints, policies=QUICK)
    doc = result.documents[0]
    registry_kinds = {"doi-not-found", "metadata-mismatch", "reference-not-found", "doi-suggested",
                      "retracted", "published-version"}
    found = [(f.kind, f.severity.value, f.text[:20]) for f in doc.findings if f.kind in registry_kinds]
    # Walter 2025 cites the print issue of a work first published online in 2023:
    # correct practice, so nothing is said (a finding must name something to change).
    assert not [f for f in doc.findings if f.kind == "metadata-mismatch"]
    suggested = [f for f in doc.findings if f.kind == "doi-suggested"]
    assert [f.suggestion for f in suggested] == ["10.1215/01642472-18-2_63-33"]  # Terranova 2000
    assert not [k for k, severity, _ in found if severity == "error"]
    missing_books = [f.text[:14] for f in doc.findings
                     if f.kind == "reference-not-found" and f.severity is Severity.INFO]
    assert missing_books == ["Marx, Karl, et", "Vitali-Rosati,"]
    # Batching: the five DOIs in one Crossref request; the two arXiv DOIs at doi.org + DataCite.
    registries = [r for r in handler.requests if not r.startswith("/openlibrary")]
    assert len(registries) / len(doc.extraction.references) <= 0.3


def test_a_refused_request_is_unchecked_not_not_found(registry, tmp_path):
    """Crossref's recorded 400 validation failure: the batch is unverified, not missing."""
    handler, endpoints = registry
    handler.faults = ["400-recorded"]
    doc = _run(tmp_path, endpoints)
    assert not [f for f in doc.findings if f.kind == "doi-not-found"]
    assert any("HTTP 400" in u.reason for u in doc.unchecked)


def test_other_agencies_are_compared_through_doi_org_csl(registry, tmp_path):
    """A DOI held by another agency (here mEDRA) is compared using doi.org's CSL-JSON
    (citation-js's recorded body for 10.1021/ja01577a030)."""
    handler, endpoints = registry
    paper = write(tmp_path, "amines.md", (
        "As shown (Hall 1958).\n\n## References\n\n"
        "Hall, H. K. (1958). Correlation of the base strengths of amines. *Journal of the "
        "American Chemical Society*, 79(20), 5441–5444. https://doi.org/10.1021/ja01577a030\n"))
    result = audit(AuditOptions(paths=(str(paper),)), cache=Cache(tmp_path / "c.sqlite3"),
                   endpoints=endpoints)
    findings = result.documents[0].findings
    assert [(f.kind, f.evidence.get("field")) for f in findings] == [("metadata-mismatch", "year")]
    assert findings[0].evidence["registered"] == "1957"
    assert any(r.startswith("/doi/10.1021/") for r in handler.requests)


def test_a_socket_gone_during_the_handshake_is_a_reset_not_a_crash():
    """httpcore/anyio can raise AttributeError ("'NoneType' object has no attribute
    'getpeername'") when the server resets the connection before the handshake ends; the
    loopback reset test above hits it now and then.  Here it is raised on every request."""
    import asyncio

    import httpx

    from citecheck.model import Unchecked
    from citecheck.resolve.http import HttpLayer

    class GoneSocket(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            raise AttributeError("'NoneType' object has no attribute 'getpeername'")

    async def fetch() -> object:
        layer = HttpLayer(transport=GoneSocket(), timeout=1.0, policies=QUICK)
        try:
            return await layer.get("crossref", "https://api.crossref.org/works/10.1/x")
        finally:
            await layer.aclose()

    outcome = asyncio.run(fetch())
    assert isinstance(outcome, Unchecked) and "connection reset" in outcome.reason


def test_a_client_prepared_off_the_loop_serves_every_request(httpserver: HTTPServer):
    """``prepare`` makes the registry client on a worker thread while requests are
    already being asked for: they wait for it (without blocking the loop) and share it."""
    import asyncio

    from citecheck.resolve.http import HttpLayer, HttpResult

    httpserver.expect_request("/works").respond_with_json({"status": "ok"})

    async def run() -> tuple[list[object], object, object]:
        layer = HttpLayer(timeout=5.0, policies={"crossref": Policy(interval=0.0)})
        layer.prepare()
        results = await asyncio.gather(*(layer.get("crossref", httpserver.url_for("/works"))
                                         for _ in range(3)))
        prepared = await layer._preparing if layer._preparing else None
        client = layer.client
        await layer.aclose()
        return list(results), prepared, client

    results, prepared, client = asyncio.run(run())
    assert all(isinstance(r, HttpResult) and r.status == 200 for r in results)
    assert prepared is client


def test_importing_the_command_line_leaves_httpx_and_rich_for_later():
    """Start-up cost: httpx (which pulls in rich and pygments) is imported when a
    registry is first asked, rich when a terminal report is drawn; the extractors,
    checks and registry clients while the first links are checked, not before."""
    import subprocess
    import sys

    later = {"httpx", "rich", "citecheck.extract.document", "citecheck.extract.references",
             "citecheck.check", "citecheck.resolve.registries", "citecheck.resolve.crossref",
             "rapidfuzz", "bibtexparser"}
    code = f"import sys, citecheck.cli; print(sorted({sorted(later)!r} & sys.modules.keys()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
