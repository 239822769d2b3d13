"""A corpus audit measured: wall time, cores busy, peak memory, the re-run's cost, and
requests sent against the distinct identifiers.

Generates N documents (copies of the seeds and test documents, each with a DOI and an
address of its own and some shared), audits them with ``--format jsonl`` offline with 1
and 2 processes, then again with ``--resume`` (an unchanged corpus: nothing to read);
then, for the smallest N, online against loopback stand-ins of Crossref and of the
cited site, counting requests.

Run: ``python bench/corpus.py [N ...]`` (default: 1000 10000).
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*sorted((ROOT / "seeds").glob("*.txt")),
           *(ROOT / "tests" / "data" / n for n in ("apa_en.md", "ieee_en.txt", "iso690_fr.txt"))]


ONLINE_TEXT = """# A note on cycling

Cycling grew in cities (Dupont, 2021), as the survey shows.

# References

Dupont, J. (2021). The cycling city. Urban Studies, 4, 1-10.
"""


def generate(folder: Path, count: int, base: str = "https://example.org",
             plain: bool = False, distinct: tuple[int, int] = (300, 500)) -> tuple[int, int]:
    """``count`` documents; returns (distinct DOIs, distinct addresses) added.  ``plain``:
    one short text whose only identifiers are the ones added (no address off the
    machine, for the online run)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = ([(".md", ONLINE_TEXT)] if plain else
             [(s.suffix, s.read_text(encoding="utf-8")) for s in SOURCES])
    for index in range(count):
        suffix, text = texts[index % len(texts)]
        extra = (f"\n\nSee {base}/report/{index % distinct[1]} and "
                 f"doi:10.5555/corpus.{index % distinct[0]} (document {index}).\n")
        (folder / f"d{index:06}{suffix}").write_text(text + extra, encoding="utf-8")
    return min(count, distinct[0]), min(count, distinct[1])


def run(args: list[str], cache: Path) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak MB of the largest process, stderr) of a run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "citecheck", *args], capture_output=True,
                          text=True, env={**os.environ, "CITECHECK_CACHE": str(cache)},
                          check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024, done.stderr


def offline(count: int, work: Path) -> None:
    folder = work / f"corpus{count}"
    generate(folder, count)
    for jobs in (1, 2):
        cache = work / f"cache{count}-{jobs}.sqlite3"
        args = ["audit", "--offline", "--format", "jsonl", "--jobs", str(jobs), "-q",
                "--output", str(work / "out.jsonl"), str(folder)]
        wall, cpu, peak, _ = run(args, cache)
        print(f"{count:>6} documents, --jobs {jobs}: {wall:6.1f} s, {count / wall:6.0f} docs/s, "
              f"{cpu / wall:4.2f} cores busy, peak {peak:5.0f} MB (largest process)")
        if jobs == 2:
            wall, cpu, peak, _ = run([*args[:-1], "--resume", str(folder)], cache)
            print(f"{count:>6} documents, re-run of the unchanged corpus (--resume): {wall:5.1f} s")


class _Stand(BaseHTTPRequestHandler):
    requests: Counter[str] = Counter()

    def do_GET(self) -> None:  # noqa: N802
        _Stand.requests[unquote(self.path)] += 1
        body = b'{"message": {"items": []}}' if self.path.startswith("/crossref") else (
            b"<html><title>report</title></html>")
        unknown = self.path.startswith(("/doi/", "/datacite/", "/ol/"))  # no such DOI there
        self.send_response(404 if unknown else 200)
        self.send_header("Content-Type", "application/json" if b"{" in body[:1] else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def online(count: int, work: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stand)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    folder = work / f"online{count}"
    # Few distinct identifiers: the services' pace (a page a host at a time, Crossref's
    # batches) is what an online run's time is made of, not the reading.
    dois, urls = generate(folder, count, base, plain=True, distinct=(20, 30))
    env = {"CITECHECK_CROSSREF_URL": f"{base}/crossref", "CITECHECK_DOI_URL": f"{base}/doi",
           "CITECHECK_DATACITE_URL": f"{base}/datacite", "CITECHECK_WAYBACK_URL": f"{base}/wb",
           "CITECHECK_OPENLIBRARY_URL": f"{base}/ol"}
    os.environ.update(env)
    try:
        wall, _, _, _ = run(["audit", "--format", "jsonl", "--allow-private-hosts", "-q",
                             "--archive", "none", "--output", str(work / "o.jsonl"), str(folder)],
                            work / "online.sqlite3")
    finally:
        server.shutdown()
    asked = [d for path in _Stand.requests if path.startswith("/crossref/works?filter")
             for d in re.findall(r"doi:([^,&]+)", path) if "corpus." in d]
    pages = [p for p in _Stand.requests if p.startswith("/report/")]
    others = sum(n for p, n in _Stand.requests.items() if not p.startswith("/report/"))
    print(f"{count:>6} documents online ({wall:.1f} s): the generated DOIs asked {len(asked)} "
          f"times for {dois} distinct ({len(set(asked))} asked); pages fetched "
          f"{sum(_Stand.requests[p] for p in pages)} times for {urls} distinct; "
          f"{others} other requests (doi.org, DataCite, searches, probes)")


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]
    counts = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for count in counts:
            offline(count, work)
        online(300, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
