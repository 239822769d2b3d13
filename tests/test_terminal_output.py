"""Output hygiene of the terminal report where it is piped (issue 21): no trailing
spaces, 100 columns or ``COLUMNS``, paths as the reader would type them, and a far-away
file never squeezing the message column."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import SEEDS, write


def _report(*args: str, cwd: Path | None = None, columns: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns:
        env["COLUMNS"] = columns
    run = subprocess.run([sys.executable, "-m", "citecheck", "audit", "--offline", *args],
                         capture_output=True, text=True, cwd=cwd, env=env, check=False)
    assert run.returncode in (0, 1), run.stderr
    return run.stdout


def test_piped_report_has_no_trailing_spaces_and_keeps_to_its_width():
    for columns, width in ((None, 100), ("72", 72), ("140", 140)):
        out = _report(str(SEEDS), columns=columns)
        lines = out.splitlines()
        assert len(lines) > 50 and "citecheck summary" in out
        assert all(line == line.rstrip() for line in lines), columns
        assert max(len(line) for line in lines) <= width, columns
        if columns != "140":
            assert max(len(line) for line in lines) >= width - 10  # the width is used


def test_a_document_named_by_its_absolute_path_is_shown_from_here(tmp_path):
    doc = write(tmp_path, "essai.md", "# Essai\n\nLe marché pèse 80 Md€.\n")
    out = _report(str(doc.resolve()), cwd=tmp_path)
    assert out.startswith("essai.md — « Essai »"), out


def test_a_far_away_bibliography_is_named_above_the_message(tmp_path):
    """A finding in a .bib several folders away: the location column keeps line:col, and
    the file is named on a line of its own, above the message, which keeps its width.
    The URL is the field's, without the brace that closes it."""
    shared = tmp_path / "shared" / "bibliographies" / "project-wide"
    shared.mkdir(parents=True)
    (shared / "references-of-the-whole-project.bib").write_text(
        "@article{lee2020,\n  author = {Lee, Ann},\n  title = {Sleep and memory},\n"
        "  journal = {Brain},\n  year = {2020},\n  url = {htp:/broken}\n}\n", encoding="utf-8")
    chapter = tmp_path / "book" / "chapters"
    chapter.mkdir(parents=True)
    (chapter / "one.md").write_text(
        "---\nbibliography: ../../shared/bibliographies/project-wide/"
        "references-of-the-whole-project.bib\n---\n\n# One\n\nAs shown [@lee2020].\n",
        encoding="utf-8")
    out = _report(str(chapter / "one.md"), cwd=tmp_path)
    lines = out.splitlines()
    [at] = [i for i, line in enumerate(lines) if "url-malformed" in line]
    assert lines[at].split()[1] == "6:10", lines[at]
    message_column = lines[at].index("url-malformed") + len("url-malformed") + 1
    assert message_column < 30
    block = [line[message_column:] for line in lines[at:at + 6]]
    named = "".join(block).split("references-of-the-whole-project.bib", 1)[0]
    # named from the current folder, shorter here than from the chapter's
    assert named.replace(" ", "") == "inshared/bibliographies/project-wide/", block
    assert any("« htp:/broken »" in line for line in block)  # not the field's "}"
