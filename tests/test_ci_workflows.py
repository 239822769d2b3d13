"""CI use: SARIF (schema-valid), Markdown, configuration, baseline, inline suppression,
exit codes in every format."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import DATA, OPED_NOTES, SEEDS, write
from recorded import EXTERNAL

from citecheck.cli import main

SCHEMA = json.loads((EXTERNAL / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    if cwd is None:
        result = runner.invoke(main, list(args))
    else:
        old = os.getcwd()
        os.chdir(cwd)
        try:
            result = runner.invoke(main, list(args))
        finally:
            os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def test_sarif_is_schema_valid_with_one_result_per_finding():
    code, out, _ = _run("audit", str(SEEDS), "--format", "sarif", "--offline")
    sarif = json.loads(out)
    jsonschema.validate(sarif, SCHEMA)
    _, as_json, _ = _run("audit", str(SEEDS), "--format", "json", "--offline")
    findings = sum(len(d["findings"]) for d in json.loads(as_json)["documents"])
    results = sarif["runs"][0]["results"]
    assert len(results) == findings > 0
    rule_ids = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in results} <= rule_ids
    first = results[0]["locations"][0]["physicalLocation"]
    assert not first["artifactLocation"]["uri"].startswith("/")
    assert first["region"]["startLine"] >= 1
    levels = {r["level"] for r in results}
    assert levels <= {"error", "warning", "note"}


def test_sarif_fingerprints_survive_lines_moving(tmp_path):
    text = (SEEDS / "004_5a81ab38bb0c10a9.txt").read_text(encoding="utf-8")
    path = write(tmp_path, "oped.txt", text)
    _, before, _ = _run("audit", str(path), "--format", "sarif", "--offline")
    path.write_text("Une ligne ajoutée.\n\nEt une autre.\n" + text, encoding="utf-8")
    _, after, _ = _run("audit", str(path), "--format", "sarif", "--offline")

    def prints(out: str) -> list[str]:
        return [r["partialFingerprints"]["citecheckFinding/v1"]
                for r in json.loads(out)["runs"][0]["results"]]

    assert prints(before) == prints(after)
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"]
             for r in json.loads(after)["runs"][0]["results"]]
    assert min(lines) > 3


def test_markdown_has_every_finding_and_escapes_hostile_text(tmp_path):
    code, out, _ = _run("audit", str(DATA / "hostile.md"), "--format", "markdown", "--offline")
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "\\[bold red\\]" in out
    assert "<b>tags" not in out and "&lt;b&gt;tags" in out
    _, as_json, _ = _run("audit", str(SEEDS), "--format", "json", "--offline")
    _, markdown, _ = _run("audit", str(SEEDS), "--format", "markdown", "--offline")
    for document in json.loads(as_json)["documents"]:
        for finding in document["findings"]:
            assert f"`{finding['kind']}`" in markdown
            assert f":{finding['line']}**" in markdown


def test_configuration_file_and_precedence(tmp_path):
    doc = write(tmp_path, "oped.txt", (OPED_NOTES).read_text(encoding="utf-8"))
    write(tmp_path, "pyproject.toml", "[tool.citecheck]\nignore = ['attribution-']\n"
                                      "fail-on = 'warning'\n"
                                      "severity = { footnote-missing = 'error' }\n")
    code, out, _ = _run("audit", str(doc), "--format", "json", "--offline", cwd=tmp_path)
    kinds = {f["kind"]: f["severity"] for f in json.loads(out)["documents"][0]["findings"]}
    assert kinds == {"footnote-missing": "error"}
    assert code == 1
    # The command line wins over the file.
    code, out, _ = _run("audit", str(doc), "--format", "json", "--offline", "--fail-on",
                        "never", "--ignore", "footnote-", cwd=tmp_path)
    assert code == 0
    assert {f["kind"] for f in json.loads(out)["documents"][0]["findings"]} >= {
        "attribution-unlinked"}


def test_citecheck_toml_and_unknown_keys(tmp_path):
    doc = write(tmp_path, "a.txt", "Rien ici.\n")
    write(tmp_path, "citecheck.toml", "selcet = ['link-']\n")
    code, _, err = _run("audit", str(doc), "--offline", cwd=tmp_path)
    assert code == 2 and "unknown key 'selcet'" in err and "Traceback" not in err
    write(tmp_path, "citecheck.toml", "severity = { not-a-kind = 'error' }\n")
    code, _, err = _run("audit", str(doc), "--offline", cwd=tmp_path)
    assert code == 2 and "not-a-kind" in err
    other = write(tmp_path, "other.toml", "exclude = ['*.txt']\n")
    code, out, _ = _run("audit", str(tmp_path), "--offline", "--format", "json", "--config",
                        str(other), cwd=tmp_path)
    assert code == 0 and json.loads(out)["documents"] == []


def test_baseline_round_trip_after_lines_move(tmp_path):
    text = (OPED_NOTES).read_text(encoding="utf-8")
    doc = write(tmp_path, "oped.txt", text)
    base = tmp_path / "baseline.json"
    code, out, _ = _run("baseline", str(doc), "--offline", "--output", str(base))
    assert code == 0 and "recorded" in out
    doc.write_text("Nouveau paragraphe en tête.\n" + text + "\nUn chiffre neuf : 42 % des lecteurs.\n",
                   encoding="utf-8")
    code, out, _ = _run("audit", str(doc), "--offline", "--format", "json", "--baseline",
                        str(base), "--fail-on", "warning")
    findings = json.loads(out)["documents"][0]["findings"]
    new_line = text.count("\n") + 3  # one line added above, the figure on the last line
    assert [(f["kind"], f["line"]) for f in findings] == [("figure-unsourced", new_line)]
    assert code == 1
    code, _, err = _run("audit", str(doc), "--offline", "--baseline", str(tmp_path / "none.json"))
    assert code == 2 and "no such file" in err


def test_inline_suppression(tmp_path):
    doc = write(tmp_path, "a.md", (
        "Le marché pèse 80 Md€. <!-- citecheck: ignore figure-unsourced -->\n\n"
        "<!-- citecheck: ignore attribution- -->\n"
        "Selon l'OCDE, 12 % des emplois sont menacés.\n\n"
        "Il a atteint 9 %.\n"))
    code, out, _ = _run("audit", str(doc), "--offline", "--format", "json")
    kinds = [(f["kind"], f["line"]) for f in json.loads(out)["documents"][0]["findings"]]
    assert kinds == [("figure-unsourced", 6)]
    bib = write(tmp_path, "refs.bib", "% citecheck: ignore reference-incomplete\n"
                                      "@misc{x, title = {No author}}\n@misc{y, title = {Nor this}}\n")
    code, out, _ = _run("audit", str(bib), "--offline", "--format", "json")
    lines = [f["line"] for f in json.loads(out)["documents"][0]["findings"]]
    assert lines == [3]


@pytest.mark.parametrize("fmt", ["terminal", "json", "sarif", "markdown"])
def test_exit_codes_in_every_format(fmt):
    assert _run("audit", str(OPED_NOTES), "--offline", "--format", fmt)[0] == 0
    assert _run("audit", str(OPED_NOTES), "--offline", "--format", fmt,
                "--fail-on", "warning")[0] == 1
    code, out, err = _run("audit", "missing.txt", "--format", fmt)
    assert code == 2 and out == "" and "missing.txt" in err


def test_hooks_and_action_are_well_formed():
    import yaml

    root = Path(__file__).resolve().parent.parent
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"citecheck", "citecheck-offline"}
    assert all(h["entry"].startswith("citecheck audit") and h["language"] == "python"
               for h in hooks)
    action = yaml.safe_load((root / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = " ".join(str(step.get("run", "")) + str(step.get("uses", ""))
                     for step in action["runs"]["steps"])
    assert "--format sarif" in steps and "--format markdown" in steps
    assert "GITHUB_STEP_SUMMARY" in steps and "upload-sarif" in steps
    assert set(action["inputs"]) >= {"fail-on", "paths", "mailto"}


def test_language_from_configuration(tmp_path):
    doc = write(tmp_path, "a.txt", "Le texte est en français, mais la configuration dit en.\n")
    write(tmp_path, "citecheck.toml", "language = 'en'\n")
    code, out, _ = _run("audit", str(doc), "--offline", "--format", "json", cwd=tmp_path)
    assert json.loads(out)["documents"][0]["language"] == "en"


def test_baseline_from_configuration_relative_to_it(tmp_path):
    """``baseline = "…"`` in the configuration is used as --baseline would be, its path
    taken from the configuration file's folder (the audit runs from a subfolder)."""
    doc = write(tmp_path, "a.md", "Le marché pèse 80 Md€.\n")
    code, out, _ = _run("baseline", str(doc), "--offline", "--output",
                        str(tmp_path / "known.json"))
    assert code == 0 and "recorded 1 findings" in out
    write(tmp_path, "citecheck.toml", "baseline = 'known.json'\n")
    sub = tmp_path / "sub"
    sub.mkdir()
    code, out, _ = _run("audit", str(doc), "--offline", "--format", "json", "--fail-on",
                        "info", cwd=sub)
    assert code == 0 and json.loads(out)["documents"][0]["findings"] == []
    write(tmp_path, "citecheck.toml", "baseline = 'gone.json'\n")
    code, _, err = _run("audit", str(doc), "--offline", cwd=sub)
    assert code == 2 and "gone.json" in err


def test_a_path_with_no_document_fails_with_a_message(tmp_path):
    """A CI job pointed at the wrong folder fails (exit 2) and says why, in every format,
    rather than passing on an empty table.  Documents the configuration excludes are a
    choice (a change that touches only drafts): said, and not a failure."""
    (tmp_path / "code.py").write_text("print('hi')\n", encoding="utf-8")
    for fmt in ("terminal", "markdown", "sarif"):
        code, out, err = _run("audit", str(tmp_path), "--offline", "--format", fmt)
        assert code == 2 and out == "", fmt
        assert "no document to audit" in err and ".md" in err and ".docx" in err
    write(tmp_path, "draft.md", "Brouillon.\n")
    write(tmp_path, "citecheck.toml", "exclude = ['*.md']\n")
    code, _, err = _run("audit", str(tmp_path), "--offline", cwd=tmp_path)
    assert code == 0 and "exclude leaves out all 1 documents found" in err
