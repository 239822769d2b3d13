"""A persistent cache of lookups (SQLite), shared by every service.

Keyed by service + normalised request.  Found records live long, "not found"
answers briefly, errors never (they are not stored at all).  WAL mode and a
busy timeout let two runs share the file; a corrupt file is set aside and
replaced, with a warning, rather than stopping the audit.  A cache in a place this run
may not write (a read-only mount, another user's folder) is still read, and nothing new
is stored in it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import platformdirs

_COLUMNS = {"service", "key", "found", "value", "stored", "expires"}
"""The lookups table's columns: a file whose table has others is another version's."""
FOUND_TTL = 30 * 24 * 3600
NOT_FOUND_TTL = 24 * 3600


def default_path() -> Path:
    env = os.environ.get("CITECHECK_CACHE")
    if env:
        return Path(env)
    return Path(platformdirs.user_cache_dir("citecheck")) / "cache.sqlite3"


class Cache:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self.hits = 0
        self.misses = 0
        self.read_only = False
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        if not self.path.parent.is_dir():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(20):
            try:
                return self._connect()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc):  # not another run: the place is not writable
                    return self._read_only(exc)
                # Locked by another run opening it at the same moment: wait, do not discard.
                if attempt == 19:
                    raise
                time.sleep(0.05 * (attempt + 1))
            except sqlite3.DatabaseError as exc:
                return self._replace_corrupt(exc)
        raise AssertionError("unreachable")

    def _read_only(self, exc: sqlite3.OperationalError) -> sqlite3.Connection:
        """The cache as it is, where this run may not write: read, never written.  Opened
        immutable, because SQLite would otherwise need to create its shared-memory file
        beside it.  No file, or one that cannot be read either: ``exc`` stands."""
        if not (self.path.is_file() and os.access(self.path, os.R_OK)):
            raise exc
        db = sqlite3.connect(f"{self.path.resolve().as_uri()}?immutable=1", uri=True,
                             isolation_level=None)
        try:
            self._check_columns(db)
        except sqlite3.DatabaseError:
            db.close()
            raise exc from None
        self.read_only = True
        print(f"citecheck: warning: cache {self.path} is read-only here: "
              "its verdicts are used, new ones are not stored", file=sys.stderr)
        return db

    def _replace_corrupt(self, exc: sqlite3.DatabaseError) -> sqlite3.Connection:
        aside = self.path.with_suffix(f".corrupt-{int(time.time())}")
        print(f"citecheck: warning: cache {self.path} is unreadable ({exc}); "
              f"moved to {aside} and started afresh", file=sys.stderr)
        try:
            self.path.replace(aside)
        except OSError:
            self.path.unlink(missing_ok=True)
        for journal in ("-wal", "-shm"):  # the old file's, never to be read with the new
            Path(f"{self.path}{journal}").unlink(missing_ok=True)
        return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL stays consistent and loses at most the last writes on power
        # loss; what a cache can afford, and it spares one fsync per stored lookup.
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute(
            "CREATE TABLE IF NOT EXISTS lookups (service TEXT NOT NULL, key TEXT NOT NULL, "
            "found INTEGER NOT NULL, value TEXT, stored REAL NOT NULL, expires REAL NOT NULL, "
            "PRIMARY KEY (service, key))"
        )
        try:
            self._check_columns(db)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    @staticmethod
    def _check_columns(db: sqlite3.Connection) -> None:
        db.execute("SELECT count(*) FROM lookups").fetchone()  # fails on a corrupt file
        columns = {row[1] for row in db.execute("PRAGMA table_info(lookups)")}
        if columns != _COLUMNS:  # a cache written by another version: set aside, rebuilt
            raise sqlite3.DatabaseError(f"its table has other columns: {sorted(columns)}")

    def get(self, service: str, key: str) -> tuple[bool, Any] | None:
        """``(found, value)`` for a fresh entry, else ``None``."""
        return self.get_many(service, [key]).get(key)

    def get_many(self, service: str, keys: list[str]) -> dict[str, tuple[bool, Any]]:
        """Fresh entries among ``keys``, in a few queries: thousands of links are looked
        up at once before a run, not one round trip to SQLite each."""
        found: dict[str, tuple[bool, Any]] = {}
        now = time.time()
        for start in range(0, len(keys), 500):  # well under SQLite's bound-variable limit
            chunk = keys[start:start + 500]
            rows = self._db.execute(
                "SELECT key, found, value FROM lookups WHERE service = ? AND expires >= ? "
                f"AND key IN ({','.join('?' * len(chunk))})", (service, now, *chunk),
            ).fetchall()
            for key, was_found, value in rows:
                found[key] = bool(was_found), json.loads(value) if value is not None else None
        self.hits += len(found)
        self.misses += len(set(keys)) - len(found)
        return found

    def put(self, service: str, key: str, found: bool, value: Any,
            ttl: float | None = None) -> None:
        self.put_many(service, [(key, found, value, ttl)])

    def put_many(self, service: str,
                 items: list[tuple[str, bool, Any, float | None]]) -> None:
        """Store ``(key, found, value, ttl)`` rows in one transaction (one commit, not
        one per row: 2,000 link verdicts cost milliseconds, not a third of a second).
        Nothing is stored in a read-only cache."""
        if self.read_only:
            return
        now = time.time()
        rows = [(service, key, int(found), json.dumps(value) if value is not None else None,
                 now, now + (ttl if ttl is not None else FOUND_TTL if found else NOT_FOUND_TTL))
                for key, found, value, ttl in items]
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany("INSERT OR REPLACE INTO lookups VALUES (?, ?, ?, ?, ?, ?)",
                                 rows)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def info(self) -> dict[str, Any]:
        rows = self._db.execute(
            "SELECT service, count(*), sum(found), sum(expires < ?) FROM lookups GROUP BY service",
            (time.time(),),
        ).fetchall()
        size = self.path.stat().st_size if self.path.exists() else 0
        return {
            "path": str(self.path),
            "bytes": size,
            "services": {s: {"entries": n, "found": int(f or 0), "expired": int(e or 0)}
                         for s, n, f, e in rows},
        }

    def clear(self) -> int:
        count = int(self._db.execute("SELECT count(*) FROM lookups").fetchone()[0])
        self._db.execute("DELETE FROM lookups")
        self._db.execute("VACUUM")
        return count

    def close(self) -> None:
        self._db.close()
