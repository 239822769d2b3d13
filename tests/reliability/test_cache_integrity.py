"""The cache never crashes an audit nor gives a wrong verdict (issue 20): a cache of
another version, a cache killed mid-write, a cache that cannot be created, and two
audits writing to one cache at once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from conftest import write
from pytest_httpserver import HTTPServer

from citecheck.cli import main
from citecheck.resolve.cache import Cache

ESSAY = "# Essai\n\nVoir <https://example.org/page> (Smith 2020).\n\n## Références\n\n" \
        "Smith, J. (2020). A title. *Journal*, 1, 1-2. https://doi.org/10.1000/xyz\n"


def _audit(tmp_path, cache_path) -> tuple[int, str, str]:
    path = write(tmp_path, "essai.md", ESSAY)
    result = CliRunner(env={"CITECHECK_CACHE": str(cache_path)}).invoke(
        main, ["audit", "--offline", str(path)])
    return result.exit_code, result.stdout, result.stderr


def test_a_cache_of_another_version_is_set_aside_and_rebuilt(tmp_path):
    old = tmp_path / "cache.sqlite3"
    db = sqlite3.connect(old)
    db.execute("CREATE TABLE lookups (service TEXT, key TEXT, value TEXT)")
    db.execute("INSERT INTO lookups VALUES ('link', 'https://example.org/page', 'alive')")
    db.commit()
    db.close()
    code, out, err = _audit(tmp_path, old)
    assert code == 0 and "other columns" in err and "started afresh" in err
    assert "not checked: 1 links" in out  # the old row was not taken for a verdict
    cache = Cache(old)
    cache.put("link", "k", True, {"status": "alive"})
    assert cache.get("link", "k") == (True, {"status": "alive"})
    cache.close()


def test_a_cache_that_cannot_be_created_leaves_the_audit_going(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache's folder should be", encoding="utf-8")
    code, out, err = _audit(tmp_path, blocker / "cache.sqlite3")
    assert code == 0 and "cache unavailable" in err and "Traceback" not in err
    assert "1 reference" in out


WRITER = """
import sys, time
from pathlib import Path
from citecheck.resolve.cache import Cache
cache = Cache(Path(sys.argv[1]))
print("ready", flush=True)
n = 0
while True:
    cache.put_many("link", [(f"https://example.org/{n}/{i}", True, {"status": "alive"}, 3600.0)
                            for i in range(200)])
    n += 1
"""


def test_a_cache_killed_while_writing_is_whole_afterwards(tmp_path):
    """SIGKILL in the middle of a stream of batched writes: the next run opens the cache
    with no warning, every entry it finds is whole, and it can write again."""
    path = tmp_path / "cache.sqlite3"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE,
                              text=True)
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    while not path.exists() or path.stat().st_size < 64 * 1024:
        time.sleep(0.01)  # some batches are in
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    cache = Cache(path)
    stored = cache.info()["services"]["link"]["entries"]
    assert stored > 0 and stored % 200 == 0  # whole batches only
    assert all(value == {"status": "alive"} for _, value in cache.get_many(
        "link", [f"https://example.org/0/{i}" for i in range(200)]).values())
    cache.put("link", "after", True, {"status": "alive"})
    cache.close()


READ_ONLY_AUDIT = """
set -e
mount --bind "$1" "$1"
mount -o remount,bind,ro "$1"
shift
exec "$@"
"""


def _read_only(folder, command: list[str], env) -> subprocess.CompletedProcess[str]:
    """``command`` run where ``folder`` cannot be written: as root (whom file modes do not
    stop), on a read-only bind mount of it in a mount namespace of its own; otherwise
    with the folder and its files made read-only."""
    if os.geteuid() == 0:
        command = ["unshare", "--mount", "sh", "-c", READ_ONLY_AUDIT, "sh", str(folder), *command]
    else:
        for path in folder.iterdir():
            path.chmod(0o444)
        folder.chmod(0o555)
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60,
                              check=False)
    finally:
        folder.chmod(0o755)


@pytest.fixture
def page():
    """A page on loopback, its server stopped after the test (a server left running
    would keep a thread alive, and later tests that fork would not)."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/page").respond_with_data("<title>Page</title>",
                                                      content_type="text/html")
    server.start()
    yield server.url_for("/page")
    server.stop()


def test_a_read_only_cache_is_read_and_left_as_it_was(tmp_path, page):
    """A cache where this run may not write: its verdicts are still used (the link found
    alive by an earlier run is alive offline), nothing is written, one warning is given,
    and it takes no time (no waiting as if another run held a lock)."""
    folder = tmp_path / "cache"
    folder.mkdir()
    cache_file = folder / "cache.sqlite3"
    doc = write(tmp_path, "essai.md", f"# Essai\n\nVoir <{page}>.\n")
    env = {**os.environ, "CITECHECK_CACHE": str(cache_file)}
    audit = [sys.executable, "-m", "citecheck", "audit", "--allow-private-hosts",
             "--format", "json", str(doc)]
    first = subprocess.run(audit, capture_output=True, text=True, env=env, timeout=60,
                           check=False)
    assert json.loads(first.stdout)["documents"][0]["links"][0]["status"] == "alive"
    Cache(cache_file).close()  # folds the write-ahead log into the file, as a run's end does
    before = cache_file.read_bytes()

    second = _read_only(folder, [*audit[:4], "--offline", *audit[4:]], env)
    assert second.returncode == 0, second.stderr
    assert "is read-only here" in second.stderr and "Traceback" not in second.stderr
    link = json.loads(second.stdout)["documents"][0]["links"][0]
    assert link["status"] == "alive"
    assert cache_file.read_bytes() == before
