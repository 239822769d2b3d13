"""Write the offline JSON report of every document we hold, to compare two versions.

A refactoring must not change what citecheck says.  Run this before and after, then
``diff -r`` the two folders: an empty diff is the proof (issue 19)::

    python bench/json_snapshot.py /tmp/before
    # … change the code …
    python bench/json_snapshot.py /tmp/after && diff -r /tmp/before /tmp/after

Documents: the seeds, the test data files and every document of bench/corpus (restored
by bench/corpus_pull.py; the ones missing are skipped and named).  Each report is the
``--format json`` output of an offline audit with a fresh cache, so nothing depends on
an earlier run.
"""

from __future__ import annotations

import os
import sys
import tempfile
import tomllib
from pathlib import Path

from click.testing import CliRunner

from citecheck.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus"


def _targets() -> list[tuple[str, list[str]]]:
    """(name, command-line arguments) for each document."""
    targets = [(f"seeds-{p.name}", [str(p)]) for p in sorted((ROOT / "seeds").iterdir())
               if p.is_file() and p.suffix in {".txt", ".md"}]
    targets += [(f"data-{p.name}", [str(p)]) for p in sorted((ROOT / "tests" / "data").iterdir())
                if p.is_file() and p.suffix in {".md", ".txt", ".html", ".bib"}]
    manifest = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))
    for doc in manifest["doc"]:
        path = CORPUS / doc["id"] / doc["files"][0]
        if not path.exists():
            print(f"missing (run bench/corpus_pull.py): {doc['id']}", file=sys.stderr)
            continue
        args = [str(path)]
        for bib in doc.get("bibliography", []):
            args += ["--bibliography", str(CORPUS / doc["id"] / bib)]
        targets.append((f"corpus-{doc['id']}", args))
    return targets


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    os.environ["CITECHECK_CACHE"] = str(Path(tempfile.mkdtemp()) / "cache.sqlite3")
    runner = CliRunner()
    for name, args in _targets():
        result = runner.invoke(cli, ["audit", "--offline", "--format", "json", *args])
        (out / f"{name}.json").write_text(result.stdout.replace(str(ROOT), "<root>"),
                                          encoding="utf-8")
        print(f"{name}: exit {result.exit_code}, {len(result.stdout)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
