"""Time and peak memory of the offline audit of a ~10 MB document built from the seeds.

The audit runs in its own process.  A large document's figures are read by a forked
worker (citecheck/fork.py), so memory is measured two ways: the peak resident size of
each process (pages the two share count in both), and, sampled from outside every
20 ms on Linux, the peak of their summed proportional set size (shared pages counted
once: what the machine actually gives them).

Prints figures; asserts nothing.  Usage: python bench/offline_speed.py [MEGABYTES]
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    building the test document."""
    start = time.perf_counter()
    result = audit(AuditOptions(paths=(path,), offline=True))
    elapsed = time.perf_counter() - start
    doc = result.documents[0]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"references: {len(doc.extraction.references)}, citations: {len(doc.extraction.citations)}, "
          f"links: {len(doc.extraction.links)}, findings: {len(doc.findings)}")
    print(f"offline audit: {elapsed:.2f} s (aim: under 2 s)")
    print(f"peak RSS, imports included: auditing process {peak:.0f} MB, its worker "
          f"{worker:.0f} MB (shared pages count in both)")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--audit":
        audit_file(sys.argv[2])
        return
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    with tempfile.TemporaryDirectory() as tmp:
        path = build(int(megabytes * 1024 * 1024), Path(tmp))
        print(f"document: {path.stat().st_size / 1e6:.1f} MB")
        process = subprocess.Popen([sys.executable, __file__, "--audit", str(path)])
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_pss(process.pid))
            time.sleep(0.02)
        if process.returncode:
            raise SystemExit(process.returncode)
        if peak:
            print(f"peak memory, auditing process and worker together (summed PSS): "
                  f"{peak / 1024:.0f} MB (aim: under 200 MB)")


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
