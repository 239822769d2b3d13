"""The lookup cache: lifetimes, two writers, a corrupt file, and the cache commands."""

from __future__ import annotations

import os
import threading
import time

from click.testing import CliRunner

from citecheck.cli import main
from citecheck.resolve.cache import Cache


def test_found_lives_long_not_found_briefly(tmp_path, monkeypatch):
    cache = Cache(tmp_path / "c.sqlite3")
    cache.put("doi", "10.1/a", True, {"doi": "10.1/a"})
    cache.put("doi", "10.1/b", False, "not held")
    assert cache.get("doi", "10.1/a") == (True, {"doi": "10.1/a"})
    assert cache.get("doi", "10.1/b") == (False, "not held")
    later = time.time() + 2 * 24 * 3600  # two days on: "not found" has expired, "found" not
    monkeypatch.setattr(time, "time", lambda: later)
    assert cache.get("doi", "10.1/a") == (True, {"doi": "10.1/a"})
    assert cache.get("doi", "10.1/b") is None


def test_many_at_once_same_rules(tmp_path, monkeypatch):
    """A run's thousands of link verdicts are read and stored in bulk, with the same
    lifetimes as one at a time (and past SQLite's bound-variable limit)."""
    cache = Cache(tmp_path / "c.sqlite3")
    rows = [(f"https://example.org/{i}", True, {"i": i}, 3600.0 if i % 2 else None)
            for i in range(1200)]
    cache.put_many("link", rows)
    cache.put("link", "https://example.org/dead", False, "gone")
    keys = [key for key, *_ in rows] + ["https://example.org/dead", "https://never.example/"]
    found = cache.get_many("link", keys)
    assert len(found) == 1201 and "https://never.example/" not in found
    assert found["https://example.org/1199"] == (True, {"i": 1199})
    assert found["https://example.org/dead"] == (False, "gone")
    later = time.time() + 2 * 3600  # odd rows lived an hour; even ones the found default
    monkeypatch.setattr(time, "time", lambda: later)
    fresh = cache.get_many("link", keys)
    assert "https://example.org/1" not in fresh and "https://example.org/2" in fresh
    assert len(fresh) == 600 + 1  # the even rows and the day-long "not found"


def test_two_writers_at_once(tmp_path):
    path = tmp_path / "shared.sqlite3"
    errors: list[Exception] = []

    def writer(name: str) -> None:
        try:
            cache = Cache(path)
            for i in range(200):
                cache.put(name, str(i), True, {"i": i})
            cache.close()
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(f"s{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    info = Cache(path).info()
    assert info["services"]["s0"]["entries"] == info["services"]["s1"]["entries"] == 200


def test_corrupt_file_is_replaced_with_a_warning(tmp_path, capsys):
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    cache = Cache(path)
    cache.put("doi", "k", True, {"x": 1})
    assert cache.get("doi", "k") == (True, {"x": 1})
    assert "unreadable" in capsys.readouterr().err
    assert any(p.name.startswith("c.corrupt-") for p in tmp_path.iterdir())


def test_cache_commands(tmp_path):
    path = tmp_path / "c.sqlite3"
    cache = Cache(path)
    cache.put("doi", "10.1/a", True, {})
    cache.put("doi", "10.1/b", False, "nope")
    cache.close()
    env = {**os.environ, "CITECHECK_CACHE": str(path)}
    runner = CliRunner()
    info = runner.invoke(main, ["cache", "info"], env=env)
    assert info.exit_code == 0
    assert "doi: 2 entries (1 found, 1 not found, 0 expired)" in info.stdout
    cleared = runner.invoke(main, ["cache", "clear"], env=env)
    assert cleared.exit_code == 0 and "removed 2 cached lookups" in cleared.stdout
    assert "empty" in runner.invoke(main, ["cache", "info"], env=env).stdout
