"""Copy the real documents of bench/corpus/manifest.toml out of `fetch` snapshots.

The documents are other people's files; they are not committed here. A session with
the search library's `fetch` brings a repository's snapshot to
/work/.mirror/<owner>+<name>/repo; this script copies each listed file, at the pinned
commit and unmodified, to bench/corpus/<id>/<path> and prints its SHA-256 (recorded
in bench/corpus/sha256.txt on first copy, checked afterwards).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).parent / "corpus"
MIRRORS = Path("/work/.mirror")


def main() -> int:
    manifest = tomllib.loads((HERE / "manifest.toml").read_text(encoding="utf-8"))
    sums_file = HERE / "sha256.txt"
    known = dict(
        line.split("  ", 1)[::-1] for line in sums_file.read_text().splitlines() if line
    ) if sums_file.exists() else {}
    missing = 0
    for doc in manifest["doc"]:
        git_dir = MIRRORS / doc["repo"].replace("/", "+") / "repo"
        for path in doc["files"]:
            target = HERE / doc["id"] / path
            rel = f"{doc['id']}/{path}"
            if not target.exists():
                if not git_dir.exists():
                    print(f"missing snapshot for {doc['repo']}: fetch it first", file=sys.stderr)
                    missing += 1
                    continue
                data = subprocess.run(
                    ["git", f"--git-dir={git_dir}", "show", f"{doc['commit']}:{path}"],
                    check=True, capture_output=True,
                ).stdout
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            digest = hashlib.sha256(target.read_bytes()).hexdigest()
            if rel in known and known[rel] != digest:
                print(f"{rel}: changed since it was recorded", file=sys.stderr)
                missing += 1
            known[rel] = digest
    sums_file.write_text("".join(f"{d}  {r}\n" for r, d in sorted(known.items())))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
