"""What the network phases show while they run (issue 22): under a pseudo-terminal, a
progress display on stderr while the Wayback lookups are made, with the time left at
archive.org's pace; piped, one summary line at the end; with ``--quiet``, nothing.  The
command runs as a user runs it, against a local site and a local CDX server."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys

import pytest
from conftest import write
from servers import serving
from test_links_loopback import Archive, SiteA


@pytest.fixture
def command(tmp_path):
    """The audit command of an essay citing two dead pages and one that answers."""
    handlers = {"site": SiteA(), "archive": Archive([])}
    with serving({"site": "127.0.0.8", "archive": "127.0.0.9"}, handlers) as bases:
        site = bases["site"]
        doc = write(tmp_path, "essay.md", f"# Essay\n\nPublished on 1 April 2026.\n\nSee "
                    f"<{site}/gone>, <{site}/removed> and <{site}/ok>.\n")
        env = {**os.environ, "CITECHECK_WAYBACK_URL": bases["archive"],
               "CITECHECK_CACHE": str(tmp_path / "cache.sqlite3"), "COLUMNS": "100",
               "TERM": "xterm-256color"}
        env.pop("NO_COLOR", None)
        yield [sys.executable, "-m", "citecheck", "audit", "--allow-private-hosts",
               str(doc)], env


def _read_all(fd: int, process: subprocess.Popen[bytes]) -> bytes:
    chunks = []
    while True:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        elif process.poll() is not None:
            break
    return b"".join(chunks)


def test_a_terminal_sees_each_phase_while_it_runs(command):
    args, env = command
    primary, secondary = pty.openpty()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=secondary, env=env)
    os.close(secondary)
    shown = _read_all(primary, process).decode("utf-8", "replace")
    os.close(primary)
    out = process.communicate(timeout=60)[0].decode()
    assert process.returncode == 1 and "link-dead" in out
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)
    assert "checking links" in plain and "Wayback lookups" in plain
    # While the second lookup waits for archive.org's pace, the time left is shown.
    assert re.search(r"Wayback lookups\s.*1/2.*about \d+ s left", plain), plain[-2000:]


def test_piped_one_summary_line_and_quiet_nothing(command):
    args, env = command
    piped = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60,
                           check=False)
    assert piped.returncode == 1
    assert re.fullmatch(r"citecheck: 3 links tried, 2 Wayback lookups \(\d+\.\d s\)\n",
                        piped.stderr), piped.stderr
    quiet = subprocess.run([*args, "--quiet"], capture_output=True, text=True, env=env,
                           timeout=60, check=False)
    assert quiet.returncode == 1 and quiet.stderr == "" and quiet.stdout == piped.stdout
