"""Bad input never ends in a traceback (issue 20): binary, empty, gone and looping files
in a folder are each said on one line and left out; only when nothing usable was given
is the exit status 2; a .bib with a broken entry still gives its good ones, and the
broken one is reported at its line."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner
from conftest import write

from citecheck.cli import main


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["audit", "--offline", *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_folder_with_unusable_files_audits_the_rest(tmp_path):
    write(tmp_path, "good.md", "# Bon\n\nUne phrase (Dupont 2020).\n")
    write(tmp_path, "empty.md", "")
    (tmp_path / "binary.md").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    code, out, err = _run("--format", "json", str(tmp_path))
    assert code == 0 and "Traceback" not in err
    assert err.splitlines() == [f"citecheck: skipped {tmp_path / 'binary.md'}: binary file, not text",
                                f"citecheck: skipped {tmp_path / 'gone.md'}: no such file or folder"]
    paths = [os.path.basename(d["path"]) for d in json.loads(out)["documents"]]
    assert paths == ["empty.md", "good.md"]


def test_nothing_usable_is_exit_2_with_one_line_per_problem(tmp_path):
    (tmp_path / "a.md").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "b.txt").write_bytes(bytes(range(128, 256)) * 4)
    code, _, err = _run(str(tmp_path))
    assert code == 2 and "Traceback" not in err
    assert [line.split(":")[0] for line in err.splitlines()] == ["citecheck"] * 3
    assert err.splitlines()[-1] == "citecheck: no usable document (2 skipped, each said above)"


def test_a_broken_bib_entry_is_reported_and_the_others_read(tmp_path):
    bib = write(tmp_path, "refs.bib", "@article{ok, author={A, B}, title={T}, journal={J},"
                " year={2020}}\n@article{bad, author={C, D, title={Broken}\n"
                "@article{ok2, author={E, F}, title={U}, journal={J}, year={2021}}\n")
    code, out, err = _run("--format", "json", str(bib))
    assert code == 0 and err == ""  # the parser's own complaint is not printed raw
    document = json.loads(out)["documents"][0]
    assert [r["title"] for r in document["references"]] == ["T", "U"]
    assert [(f["kind"], f["line"]) for f in document["findings"]] == [
        ("reference-incomplete", 2)]
    assert "BibTeX cannot read this entry" in document["findings"][0]["message"]


def test_many_files_in_a_folder(tmp_path):
    for i in range(500):
        (tmp_path / f"d{i:04}.md").write_text(f"# Doc {i}\n\nUne phrase.\n", encoding="utf-8")
    code, out, err = _run("--format", "json", str(tmp_path))
    assert code == 0 and err == ""
    assert json.loads(out)["summary"]["documents"] == 500
