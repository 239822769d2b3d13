"""The HTML report: self-contained, every finding shown, hostile text escaped, and it
renders in a real headless Chromium (Debian's package, installed by the test command)."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

from click.testing import CliRunner
from conftest import DATA, SEEDS

from citecheck.cli import main

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


def _report(tmp_path: Path) -> tuple[str, dict]:
    out = tmp_path / "report.html"
    runner = CliRunner()
    result = runner.invoke(main, ["audit", str(SEEDS), str(DATA / "hostile.md"), "--offline",
                                  "--format", "html", "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    as_json = runner.invoke(main, ["audit", str(SEEDS), str(DATA / "hostile.md"), "--offline",
                                   "--format", "json"])
    return out.read_text(encoding="utf-8"), json.loads(as_json.stdout)


def test_every_finding_is_listed_and_nothing_external(tmp_path):
    page, report = _report(tmp_path)
    total = sum(len(d["findings"]) for d in report["documents"])
    assert page.count('<li data-kind="') == total
    for document in report["documents"]:
        for finding in document["findings"]:
            assert f'data-kind="{finding["kind"]}"' in page
    assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=", page)
    assert "@import" not in page and "url(" not in page


def test_hostile_text_is_escaped(tmp_path):
    page, _ = _report(tmp_path)
    assert page.count("<script>") == 1  # ours, at the end
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "[bold red]Injected[/bold red]" in page
    # An entry's "&lt;b&gt;" is decoded into its title, and the page escapes it again.
    assert "<b>tags" not in page and "&lt;b&gt;tags&lt;/b&gt;" in page


def _png_pixels(path: Path) -> bytes:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return zlib.decompress(idat)


def test_renders_in_headless_chromium(tmp_path):
    page, _ = _report(tmp_path)
    html_file = tmp_path / "report.html"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Debian's chromium is installed by the test command (see README)"
    shot = tmp_path / "shot.png"
    profile = tmp_path / "profile"
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                    "--window-size=1200,900", f"--screenshot={shot}", html_file.as_uri()],
                   capture_output=True, timeout=120, check=False)
    pixels = _png_pixels(shot)
    assert len(set(pixels)) > 50  # text, colours and highlights: not a blank page
    dom = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                          "--dump-dom", html_file.as_uri()],
                         capture_output=True, text=True, timeout=120, check=False).stdout
    assert "citecheck report" in dom and "<mark" in dom
