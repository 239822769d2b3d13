"""Faults never change verdicts (issue 20): fault × service → verdicts kept, lost to
"unchecked", and wrong.

Faults: 429 (Retry-After in seconds or as a date), 500, 502, 503, an HTML page or
truncated JSON where JSON was expected, a connection cut mid-body, answers past the
timeout, the service down, and its name not resolving.  The registries are the
recorded and constructed answers the tests use (tests/fake_registry.py) on a loopback
server; a fault is put in front of one service at
a time, either for its first two requests (recoverable: retries must get through) or for
all of them (the service is broken: its verdicts must become "unchecked", never wrong).
The document is tests/data/registry_paper.md.  Each run is compared with a run with no
fault:

- kept: registry findings the faulty run also reports;
- lost: findings it does not report (their references are counted as unchecked);
- wrong: findings it reports that the clean run does not (a false "not found" or
  "mismatch" caused by our own trouble).  Must be 0 everywhere.

Then the big-input figures: time and peak memory of an offline audit of a generated
30 MB and 100 MB document (``bench/offline_speed.py``'s text) and of a folder of 10,000 small
documents, each in a child process.

    .venv/bin/python bench/fault_matrix.py            # the whole matrix, about 2 minutes
    .venv/bin/python bench/fault_matrix.py --quick    # recoverable faults only
    .venv/bin/python bench/fault_matrix.py --big      # the big-input figures only
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from fake_registry import FAULTS, OUTAGES, QUICK, REGISTRY_KINDS, SERVICES, Faulty  # noqa: E402
from pytest_httpserver import HTTPServer  # noqa: E402

from citecheck.audit import audit  # noqa: E402
from citecheck.model import AuditOptions  # noqa: E402
from citecheck.resolve.cache import Cache  # noqa: E402
from citecheck.resolve.endpoints import Endpoints  # noqa: E402

logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise

DOCUMENT = HERE.parent / "tests" / "data" / "registry_paper.md"
TIMEOUT = 0.5
"""The audits' timeout; a slow fault answers later than it."""


def _findings(base: str, tmp: Path, out: tuple[str, str] | None = None,
              ) -> tuple[set[tuple[str, str, int]], int]:
    endpoints = {name: f"{base}/{name}" for name in SERVICES}
    if out:  # (service, outage): the service is out of reach
        endpoints[out[0]] = OUTAGES[out[1]]
    result = audit(AuditOptions(paths=(str(DOCUMENT),), timeout=TIMEOUT, mailto="bench@example.org"),
                   cache=Cache(tmp / f"{time.monotonic_ns()}.sqlite3"),
                   endpoints=Endpoints(**endpoints), policies=QUICK)
    doc = result.documents[0]
    found = {(f.kind, f.severity.value, f.span.line) for f in doc.findings if f.kind in REGISTRY_KINDS}
    return found, doc.unchecked_count


def matrix(quick: bool) -> int:
    handler = Faulty()
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.expect_request(re.compile(".*")).respond_with_handler(handler)
    server.start()
    base = server.url_for("").rstrip("/")
    tmp = Path(tempfile.mkdtemp())
    wrong_total = 0
    try:
        clean, _ = _findings(base, tmp)
        print(f"clean run: {len(clean)} registry findings on {DOCUMENT.name}\n")
        print(f"{'fault':10} {'service':12} {'mode':12} {'kept':>5} {'lost':>5} {'wrong':>6} "
              f"{'unchecked':>10} {'seconds':>8}")
        modes = (("recoverable", 2),) if quick else (("recoverable", 2), ("persistent", -1))
        for fault in (*FAULTS, *OUTAGES):
            for service in SERVICES:
                for mode, count in modes:
                    if fault in OUTAGES and mode == "recoverable":
                        continue
                    handler.service, handler.fault, handler.count = (
                        ("", "", 0) if fault in OUTAGES else (service, fault, count))
                    started = time.monotonic()
                    found, unchecked = _findings(
                        base, tmp, (service, fault) if fault in OUTAGES else None)
                    wrong = len(found - clean)
                    wrong_total += wrong
                    print(f"{fault:10} {service:12} {mode:12} {len(found & clean):>5} "
                          f"{len(clean - found):>5} {wrong:>6} {unchecked:>10} "
                          f"{time.monotonic() - started:>8.1f}")
    finally:
        server.stop()
    print(f"\nwrong verdicts in all: {wrong_total} (must be 0)")
    return 1 if wrong_total else 0


def big_inputs() -> None:
    """Time and peak memory of an offline audit of a generated 30 MB and 100 MB
    document, each measured in a child process (its peak resident size is its own)."""
    code = f"""
import resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {str(HERE)!r})
import offline_speed
from citecheck.audit import audit
from citecheck.model import AuditOptions
size = int(sys.argv[1])
path = offline_speed.build(size, Path(tempfile.mkdtemp()))
started = time.perf_counter()
result = audit(AuditOptions(paths=(str(path),), offline=True))
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{{size / 1e6:.0f}} MB: {{seconds:.1f}} s, {{len(result.documents[0].findings)}} findings, "
      f"peak RSS {{peak:.0f}} MB (largest child {{children:.0f}} MB)")
"""
    for size in (30_000_000, 100_000_000):
        env = {**os.environ, "CITECHECK_CACHE": str(Path(tempfile.mkdtemp()) / "c.sqlite3")}
        run = subprocess.run([sys.executable, "-c", code, str(size)], capture_output=True,
                             text=True, env=env, check=False)
        print((run.stdout or run.stderr).strip().splitlines()[-1])
    folder = Path(tempfile.mkdtemp())
    for i in range(10_000):
        (folder / f"d{i:05}.md").write_text(f"# Doc {i}\n\nUne phrase (Dupont 2020).\n",
                                            encoding="utf-8")
    many = f"""
import resource, sys, time
from citecheck.audit import audit
from citecheck.model import AuditOptions
started = time.perf_counter()
result = audit(AuditOptions(paths=({str(folder)!r},), offline=True))
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"10,000 files: {{len(result.documents)}} documents in {{seconds:.1f}} s, peak RSS {{peak:.0f}} MB")
"""
    run = subprocess.run([sys.executable, "-c", many], capture_output=True, text=True,
                         check=False, env={**os.environ,
                                           "CITECHECK_CACHE": str(folder / "c.sqlite3")})
    print((run.stdout or run.stderr).strip().splitlines()[-1])


def main() -> int:
    os.environ.setdefault("CITECHECK_CACHE", str(Path(tempfile.mkdtemp()) / "cache.sqlite3"))
    if "--big" in sys.argv:
        big_inputs()
        return 0
    status = matrix("--quick" in sys.argv)
    print()
    big_inputs()
    print(json.dumps({"wrong": status}) if "--json" in sys.argv else "", end="")
    return status


if __name__ == "__main__":
    sys.exit(main())
