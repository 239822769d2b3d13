"""A corpus run's journal, kept in the cache database: which documents are done, by
their content, and the report line each gave.

A run is known by a key (its paths and the options that change what it reports).  Each
batch of documents is recorded in one transaction once its report lines are written, so
a run killed at any moment (SIGKILL, Ctrl-C, a lost machine) loses at most the batch in
flight; ``--resume`` gives the recorded lines again and reads only the rest.  A document
whose content changed since it was recorded is read again.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path


def digest(path: Path) -> str:
    """The content's SHA-256 (the file read in pieces: memory stays bounded)."""
    hashed = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hashed.update(block)
    return hashed.hexdigest()


def run_key(parts: list[str]) -> str:
    """The key of a run: what it reads and the options that shape its report."""
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


class Journal:
    """The journal of one run, in the SQLite file at ``path`` (the cache's)."""

    def __init__(self, path: Path, run: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.run = run
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout = 30000")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS journal (run TEXT NOT NULL, path TEXT NOT NULL, "
            "digest TEXT NOT NULL, line TEXT NOT NULL, done REAL NOT NULL, "
            "PRIMARY KEY (run, path))")

    def start(self) -> None:
        """A new run under this key: what an earlier one recorded is forgotten."""
        self._db.execute("DELETE FROM journal WHERE run = ?", (self.run,))

    def done(self) -> dict[str, tuple[str, str]]:
        """Path → (digest, report line) of the documents this run has recorded."""
        rows = self._db.execute("SELECT path, digest, line FROM journal WHERE run = ?",
                                (self.run,))
        return {path: (sha, line) for path, sha, line in rows}

    def record(self, rows: list[tuple[str, str, str]]) -> None:
        """(path, digest, line) of a batch, in one transaction: all of it or none."""
        now = time.time()
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany("INSERT OR REPLACE INTO journal VALUES (?, ?, ?, ?, ?)",
                                 [(self.run, path, sha, line, now) for path, sha, line in rows])
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()
