from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.check import check_document
from citecheck.extract.document import extract
from citecheck.ingest import load_document
from citecheck.model import Document, Extraction, Finding

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
GHEERAERT = SEEDS / "001_d6466370229cb92f.txt"
OPED_NOTES = SEEDS / "000_50dfe46c7c2c423d.txt"


def run(path: Path) -> tuple[Document, Extraction, list[Finding], list[str | None]]:
    doc = load_document(path)
    extraction = extract(doc)
    findings, resolved = check_document(doc, extraction)
    return doc, extraction, findings, resolved


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def gheeraert() -> tuple[Document, Extraction, list[Finding], list[str | None]]:
    return run(GHEERAERT)


@pytest.fixture(autouse=True)
def _no_real_services(monkeypatch, tmp_path_factory):
    """Tests never reach the internet: services point at a closed local port
    (connection refused at once) and the cache is a fresh file per test."""
    closed = "http://127.0.0.1:9"
    for name in ("CROSSREF", "DATACITE", "DOI", "WAYBACK", "OPENLIBRARY"):
        monkeypatch.setenv(f"CITECHECK_{name}_URL", closed)
    monkeypatch.setenv("CITECHECK_CACHE", str(tmp_path_factory.mktemp("cache") / "c.sqlite3"))


@pytest.fixture(autouse=True)
def _no_real_dns(monkeypatch):
    """Nothing reaches the internet from tests: no name resolves but ``localhost`` (as
    in any /etc/hosts; the local registries of some tests are named so)."""
    import socket

    async def nothing_resolves(host: str) -> list[str]:
        if host == "localhost":
            return ["127.0.0.1"]
        raise socket.gaierror(socket.EAI_NONAME, f"{host}: not resolved in tests")

    monkeypatch.setattr("citecheck.resolve.dns.threaded_resolve", nothing_resolves)
