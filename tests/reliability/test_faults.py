"""Faults never change verdicts (issue 20): with one registry failing — for its first
requests (retries get through) or for all of them (the service is broken, or down) —
an audit keeps every verdict it could reach, counts the rest as unchecked, and never
reports "not found" or a mismatch because of its own trouble.

The registries are the recorded answers of tests/fake_registry.py; the whole matrix
(every fault, every service) is ``bench/fault_matrix.py``; here, one fault of each
family per service, and every service down."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA
from fake_registry import OUTAGES, QUICK, REGISTRY_KINDS, SERVICES, Faulty
from pytest_httpserver import HTTPServer

from citecheck.audit import audit
from citecheck.model import AuditOptions
from citecheck.resolve.cache import Cache
from citecheck.resolve.endpoints import Endpoints


@pytest.fixture(scope="module")
def registries():
    handler = Faulty()
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.expect_request(re.compile(".*")).respond_with_handler(handler)
    server.start()
    yield handler, server.url_for("").rstrip("/")
    server.stop()


def _audit(base: str, tmp: Path, out: tuple[str, str] | None = None):
    endpoints = {name: f"{base}/{name}" for name in SERVICES}
    if out:  # (service, outage): the service is out of reach
        endpoints[out[0]] = OUTAGES[out[1]]
    doc = audit(AuditOptions(paths=(str(DATA / "registry_paper.md"),), timeout=0.5,
                             mailto="tests@example.org"),
                cache=Cache(tmp / "c.sqlite3"), endpoints=Endpoints(**endpoints),
                policies=QUICK).documents[0]
    return {(f.kind, f.severity.value, f.span.line) for f in doc.findings
            if f.kind in REGISTRY_KINDS}, doc.unchecked_count


@pytest.fixture(scope="module")
def clean(registries, tmp_path_factory):
    handler, base = registries
    handler.service = ""
    found, unchecked = _audit(base, tmp_path_factory.mktemp("clean"))
    assert len(found) == 6 and unchecked == 0
    return found


@pytest.mark.parametrize("service, fault", [
    (service, fault) for service in SERVICES for fault in ("503", "truncated", "cut")] + [
    ("crossref", "slow"), ("datacite", "slow")])  # 429 storms: test_registry_loopback
def test_a_recoverable_fault_changes_nothing(registries, clean, tmp_path, service, fault):
    handler, base = registries
    handler.service, handler.fault, handler.count = service, fault, 2
    found, unchecked = _audit(base, tmp_path)
    assert found == clean and unchecked == 0


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("fault", ["500", "html", "cut", "down", "dns"])
def test_a_broken_service_costs_verdicts_never_truth(registries, clean, tmp_path, service,
                                                     fault):
    """What the broken service would have said is unchecked; nothing false is said. (A
    DOI that doi.org gives to DataCite while DataCite fails is unchecked, not unknown.)"""
    handler, base = registries
    handler.service, handler.fault, handler.count = ("", "", 0) if fault in OUTAGES else (
        service, fault, -1)
    found, unchecked = _audit(base, tmp_path, (service, fault) if fault in OUTAGES else None)
    assert found <= clean
    assert unchecked >= len(clean - found)
