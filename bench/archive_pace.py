"""Wayback lookups at archive.org's pace (issue 22): for a document with 20, 100 and 240
links in trouble, against a local CDX stand-in that enforces archive.org's limit (24
requests in any 60 seconds, a 429 beyond), the requests sent, the wall time of the audit
and the 429s received (which must be 0: persisting after 429s gets an IP firewalled).

Every page of the local site is dead (404); the stand-in has a capture of every other
page.  Each size runs on a fresh cache, then once more warm (0 requests expected).

At archive.org's real pace the three sizes take about 50 s, 250 s and 600 s.
``--scale 0.1`` runs the same bed ten times faster (the stand-in's window and
citecheck's spacing both scaled) for a quick look; the request counts are the same.

    .venv/bin/python bench/archive_pace.py                  # 20, 100, 240 at full pace
    .venv/bin/python bench/archive_pace.py --scale 0.1 20 100
"""

from __future__ import annotations

import argparse
import collections
import json
import logging
import tempfile
import threading
import time
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from citecheck.audit import audit
from citecheck.model import AuditOptions
from citecheck.resolve.cache import Cache
from citecheck.resolve.endpoints import Endpoints
from citecheck.resolve.ratelimit import DEFAULT_POLICIES, Policy

logging.getLogger("werkzeug").setLevel(logging.ERROR)

LIMIT = 24
WINDOW = 60.0


class StandIn:
    """A CDX endpoint with archive.org's limit: more than ``LIMIT`` requests in
    ``window`` seconds get a 429."""

    def __init__(self, window: float) -> None:
        self.window = window
        self.seen: collections.deque[float] = collections.deque()
        self.requests = 0
        self.refused = 0
        self.lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        now = time.monotonic()
        with self.lock:
            while self.seen and self.seen[0] <= now - self.window:
                self.seen.popleft()
            self.requests += 1
            if len(self.seen) >= LIMIT:
                self.refused += 1
                return Response("Too Many Requests", status=429)
            self.seen.append(now)
        url = request.args.get("url", "")
        number = int(url.rsplit("/", 1)[-1] or 0)
        rows = [["timestamp", "original", "statuscode"]]
        if number % 2 == 0:
            rows.append(["20240101000000", url, "200"])
        return Response(json.dumps(rows if len(rows) > 1 else []),
                        content_type="application/json")


def run(size: int, scale: float) -> None:
    site = HTTPServer(host="127.0.0.10", port=0, threaded=True)
    site.expect_request("/").respond_with_data("home")  # not the catch-all's 200
    site.expect_request(_any()).respond_with_data("Not found", status=404)
    site.start()
    stand_in = StandIn(WINDOW * scale)
    archive = HTTPServer(host="127.0.0.11", port=0, threaded=True)
    archive.expect_request(_any()).respond_with_handler(stand_in)
    archive.start()
    base = f"http://127.0.0.10:{site.port}"
    folder = Path(tempfile.mkdtemp())
    doc = folder / "essay.md"
    doc.write_text("# Essay\n\nPublished on 1 June 2025.\n\n" + "\n".join(
        f"- <{base}/page/{i}>" for i in range(1, size + 1)) + "\n", encoding="utf-8")
    pace = DEFAULT_POLICIES["wayback"]
    policies = {"wayback": Policy(concurrency=1, interval=pace.interval * scale, retries=0)}
    endpoints = Endpoints(crossref="http://127.0.0.1:9", datacite="http://127.0.0.1:9",
                          doi="http://127.0.0.1:9", openlibrary="http://127.0.0.1:9",
                          wayback=f"http://127.0.0.11:{archive.port}")
    options = AuditOptions(paths=(str(doc),), allow_private_hosts=True, timeout=5.0)
    try:
        for run_name in ("cold", "warm"):
            before = stand_in.requests
            started = time.monotonic()
            result = audit(options, cache=Cache(folder / "cache.sqlite3"), endpoints=endpoints,
                           policies=policies)
            seconds = time.monotonic() - started
            archived = sum(1 for c in result.documents[0].link_checks.values() if c.archive_url)
            print(f"{size:>4} links in trouble, {run_name}: {stand_in.requests - before:>4} CDX "
                  f"requests, {seconds:7.1f} s, {stand_in.refused} 429s, {archived} captures "
                  f"found")
    finally:
        site.stop()
        archive.stop()


def _any():  # type: ignore[no-untyped-def]
    import re
    return re.compile(r"/.+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[20, 100, 240])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="time scale of the limit and of citecheck's spacing")
    args = parser.parse_args()
    print(f"limit: {LIMIT} requests per {WINDOW * args.scale:.0f} s; citecheck spaces its "
          f"lookups {DEFAULT_POLICIES['wayback'].interval * args.scale:.2f} s apart")
    for size in args.sizes:
        run(size, args.scale)


if __name__ == "__main__":
    main()
