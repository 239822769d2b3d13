"""Requests per reference, cold and warm cache, for the Gheeraert bibliography.

Runs the real registry clients against a local server (tests/fake_registry.py:
recorded and constructed Crossref/DataCite/doi.org answers) and prints figures.
Aim: <= 0.3 requests per reference cold (batching), 0 warm.
"""

from __future__ import annotations

import logging
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_registry import Registry  # noqa: E402
from pytest_httpserver import HTTPServer  # noqa: E402

from citecheck.audit import audit  # noqa: E402
from citecheck.model import AuditOptions  # noqa: E402
from citecheck.resolve.cache import Cache  # noqa: E402
from citecheck.resolve.endpoints import Endpoints  # noqa: E402


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = HTTPServer(host="127.0.0.1", port=0)
    handler = Registry()
    server.expect_request(re.compile(".*")).respond_with_handler(handler)
    server.start()
    try:
        base = server.url_for("").rstrip("/")
        endpoints = Endpoints(crossref=f"{base}/crossref", datacite=f"{base}/datacite",
                              doi=f"{base}/doi", openlibrary=f"{base}/openlibrary")
        seed = ROOT / "seeds" / "001_d6466370229cb92f.txt"
        with tempfile.TemporaryDirectory() as tmp:
            cache = Cache(Path(tmp) / "cache.sqlite3")
            for label in ("cold cache", "warm cache"):
                before = len(handler.requests)
                start = time.perf_counter()
                result = audit(AuditOptions(paths=(str(seed),)), cache=cache, endpoints=endpoints)
                elapsed = time.perf_counter() - start
                refs = len(result.documents[0].extraction.references)
                new = handler.requests[before:]
                books = sum(1 for r in new if r.startswith("/openlibrary"))
                made = len(new) - books
                print(f"{label}: {made} registry requests for {refs} references = "
                      f"{made / refs:.2f} per reference (+{books} Open Library book lookups), "
                      f"{elapsed:.2f} s")
            cache.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
