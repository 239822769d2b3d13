"""Time and peak memory of the offline audit of a ~10 MB document built from the seeds.

The audit runs in its own process.  A large document's figures are read by a forked
worker (citecheck/fork.py), so memory is measured two ways: the peak resident size of
each process (pages the two share count in both), and, sampled from outside every
20 ms on Linux, the peak of their summed proportional set size (shared pages counted
once: what the machine actually gives them).

The machine's speed varies from run to run (shared hosts), so the audit is run five
times, each in a fresh process, and the median and fastest times are printed; memory
is sampled in one more run, whose time is not counted.

Prints figures; asserts nothing.  Usage: python bench/offline_speed.py [MEGABYTES] [RUNS]
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from citecheck.audit import audit
from citecheck.model import AuditOptions

ROOT = Path(__file__).resolve().parent.parent


def build(target_bytes: int, folder: Path) -> Path:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    gheeraert = (ROOT / "seeds" / "001_d6466370229cb92f.txt").read_text(encoding="utf-8")
    body, _, bibliography = gheeraert.rpartition("\nBibliographie\n")
    others = "\n\n".join(p.read_text(encoding="utf-8") for p in seeds if "001_" not in p.name)
    chunk = body + "\n\n" + others + "\n\n"
    parts = []
    size = 0
    while size < target_bytes:
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
    path = folder / "big.txt"
    path.write_text("".join(parts) + "\nBibliographie\n" + bibliography, encoding="utf-8")
    return path


def audit_file(path: str) -> None:
    """Run in a fresh process, so that the peak memory is the audit's own, not that of
    building the test document.  Prints one JSON line for the parent to read."""
    start = time.perf_counter()
    result = audit(AuditOptions(paths=(path,), offline=True))
    elapsed = time.perf_counter() - start
    doc = result.documents[0]
    print(json.dumps({
        "seconds": elapsed,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "counts": f"references: {len(doc.extraction.references)}, citations: "
                  f"{len(doc.extraction.citations)}, links: {len(doc.extraction.links)}, "
                  f"findings: {len(doc.findings)}",
    }))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--audit":
        audit_file(sys.argv[2])
        return
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        path = build(int(megabytes * 1024 * 1024), Path(tmp))
        print(f"document: {path.stat().st_size / 1e6:.1f} MB")
        reports = [run_audit(path, sample=False) for _ in range(runs)]
        # Sampling another process's memory costs it time (the kernel walks its page
        # tables under its memory lock): one more run, for memory only.
        measured = run_audit(path, sample=True)
    times = sorted(r["seconds"] for r in reports)
    print(reports[0]["counts"])
    print(f"offline audit over {runs} runs: median {statistics.median(times):.2f} s, fastest "
          f"{times[0]:.2f} s, slowest {times[-1]:.2f} s (aim: under 2 s)")
    print(f"peak RSS, imports included: auditing process {max(r['rss_mb'] for r in reports):.0f} MB, "
          f"its worker {max(r['worker_rss_mb'] for r in reports):.0f} MB "
          "(pages the two share count in both)")
    if measured["pss_kb"]:
        print(f"peak memory, auditing process and worker together (summed PSS, sampled "
              f"every 20 ms): {measured['pss_kb'] / 1024:.0f} MB (aim: under 200 MB)")


def run_audit(path: Path, sample: bool) -> dict[str, Any]:
    process = subprocess.Popen([sys.executable, __file__, "--audit", str(path)],
                               stdout=subprocess.PIPE, text=True)
    peak = 0
    while sample and process.poll() is None:
        peak = max(peak, tree_pss(process.pid))
        time.sleep(0.02)
    out, _ = process.communicate()
    if process.returncode:
        raise SystemExit(process.returncode)
    report: dict[str, Any] = json.loads(out)
    report["pss_kb"] = peak
    return report


def tree_pss(pid: int) -> int:
    """Summed proportional set size (kB) of a process and its children, 0 where /proc
    does not tell."""
    total = 0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for each in [pid, *map(int, children)]:
        try:
            for line in Path(f"/proc/{each}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            pass
    return total


if __name__ == "__main__":
    main()
