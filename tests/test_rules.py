"""The catalogue of finding kinds (issue 19): one declaration per kind, used by the CLI,
the configuration, suppression comments, SARIF and the README."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from conftest import GHEERAERT, ROOT, write

from citecheck.cli import main
from citecheck.model import Finding, Severity, Span
from citecheck.rules import catalogue, find, matching


def _run(*args: str):
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_every_rule_has_a_unique_code_and_all_its_texts():
    rules = catalogue()
    assert len(rules) == 26
    assert len({r.code for r in rules}) == len({r.name for r in rules}) == len(rules)
    for rule in rules:
        assert re.fullmatch(r"CC[1-5]\d\d", rule.code), rule
        assert rule.short and rule.full and rule.help and rule.example and rule.layer


def test_a_finding_of_a_kind_the_catalogue_lacks_cannot_be_made():
    span = Span("a.md", 0, 1, 1, 1)
    Finding("figure-unsourced", Severity.WARNING, span, "declared")
    with pytest.raises(ValueError, match="not in the catalogue"):
        Finding("figure-unsorced", Severity.WARNING, span, "a typo in a new check")


def test_codes_names_and_prefixes_select_the_same_kinds():
    assert matching("CC4") == matching("link-") == matching("cc4")
    assert len(matching("CC4")) == 8
    assert matching("CC501") == matching("figure-unsourced") == ("figure-unsourced",)
    assert matching("CC9") == matching("nothing-") == matching("") == ()
    assert find("cc101") == find("citation-unmatched")
    assert find("CC1") is None


def test_the_rules_command_lists_and_explains():
    code, out, _ = _run("rules")
    assert code == 0 and len(out.splitlines()) == 26
    assert out.splitlines()[0].split()[:3] == ["CC101", "citation-unmatched", "warning"]
    code, out, _ = _run("rules", "CC501")
    assert code == 0 and out.startswith("CC501 figure-unsourced (warning by default)")
    assert "Example: " in out and "citecheck/check/sourcing.py" in out
    code, _, err = _run("rules", "CC999")
    assert code == 2 and "not a finding kind" in err


def test_select_and_ignore_by_code_on_the_essay():
    def kinds(*args: str) -> set[str]:
        code, out, _ = _run("audit", "--offline", "--format", "json", *args, str(GHEERAERT))
        return {f["kind"] for d in json.loads(out)["documents"] for f in d["findings"]}

    everything = kinds()
    assert {"citation-unmatched", "figure-unsourced"} <= everything
    assert kinds("--select", "CC1") == {k for k in everything if find(k).code[:3] == "CC1"}
    assert kinds("--ignore", "CC5,CC101") == everything - set(matching("CC5")) - {
        "citation-unmatched"}
    code, _, err = _run("audit", "--offline", "--select", "CC9", str(GHEERAERT))
    assert code == 2 and "see `citecheck rules`" in err


def test_configuration_and_comments_name_kinds_by_code(tmp_path):
    """A severity set for CC501 applies to figure-unsourced; a ``citecheck: ignore CC501``
    comment silences the finding below it, not the one further down."""
    write(tmp_path, "citecheck.toml", 'severity = { CC501 = "error" }\n')
    doc = write(tmp_path, "op.md", "# Vélo\n\n<!-- citecheck: ignore CC501 -->\n"
                "Yet 40% of households own a bicycle.\n\n"
                "And 30% of them ride it every day.\n")
    code, out, _ = _run("audit", "--offline", "--format", "json", "--config",
                        str(tmp_path / "citecheck.toml"), str(doc))
    findings = json.loads(out)["documents"][0]["findings"]
    assert [(f["kind"], f["line"], f["severity"]) for f in findings] == [
        ("figure-unsourced", 6, "error")]
    write(tmp_path, "bad.toml", 'severity = { CC999 = "error" }\n')
    code, _, err = _run("audit", "--offline", "--config", str(tmp_path / "bad.toml"), str(doc))
    assert code == 2 and "CC999" in err


def test_sarif_rules_carry_codes_and_default_levels():
    code, out, _ = _run("audit", "--offline", "--format", "sarif", str(GHEERAERT))
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["properties"]["code"] for r in rules] == [r.code for r in catalogue()]
    dead = next(r for r in rules if r["id"] == "link-dead")
    assert dead["defaultConfiguration"] == {"level": "error"}


def test_the_readme_table_is_the_catalogue():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- kinds table: generated from data/kinds.toml; a test keeps it "
                         "equal -->\n", 1)[1].split("\n<!-- end of kinds table -->", 1)[0]
    rows = [line.split(" | ") for line in table.splitlines()[2:]]
    assert [(c.strip("| "), n.strip("`"), s, w.rstrip(" |")) for c, n, s, w in rows] == [
        (r.code, r.name, r.severity.value, r.short) for r in catalogue()]


def test_markdown_and_html_reports_explain_the_kinds_they_show():
    _, markdown, _ = _run("audit", "--offline", "--format", "markdown", str(GHEERAERT))
    legend = markdown.split("### Kinds in this report", 1)[1]
    assert "| CC101 | `citation-unmatched` | Correct the author or year" in legend
    assert "CC401" not in legend  # offline: no link finding, so no link kind explained
    _, html, _ = _run("audit", "--offline", "--format", "html", str(GHEERAERT))
    assert "<dt>CC501 figure-unsourced</dt><dd>Cite where the figure comes from.</dd>" in html
    assert '<option value="citation-unmatched">CC101 citation-unmatched</option>' in html
