"""The pre-commit hooks and the GitHub Action pick the documents citecheck reads — every
supported suffix, in any case — and nothing else (issue 21).  The Action's own shell step
is run on a real git repository."""

from __future__ import annotations

import re
import subprocess

import yaml
from conftest import ROOT

from citecheck.ingest.files import SUPPORTED_SUFFIXES

OTHERS = (".py", ".json", ".png", ".yml", ".mdx", ".bibtex")
"""Files of a repository that are not documents."""


def _variants(suffix: str) -> list[str]:
    return [suffix, suffix.upper(), suffix[:2].upper() + suffix[2:]]  # .rmd, .RMD, .Rmd


def test_the_pre_commit_hooks_take_every_supported_suffix_and_no_other():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == {"citecheck", "citecheck-offline"}
    for hook in hooks:
        assert "types" not in hook and "types_or" not in hook  # .docx is not "text"
        files = re.compile(hook["files"])
        for suffix in SUPPORTED_SUFFIXES:
            for variant in _variants(suffix):
                assert files.search(f"docs/chapter{variant}"), (hook["id"], variant)
        for other in OTHERS:
            assert not files.search(f"src/thing{other}"), (hook["id"], other)


def _find_documents_step() -> str:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    [step] = [s for s in action["runs"]["steps"] if s.get("id") == "docs"]
    return str(step["run"])


def test_the_action_audits_the_changed_documents_of_every_supported_suffix(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                              check=True).stdout.strip()

    git("init", "-q")
    git("config", "user.email", "ci@example.org")
    git("config", "user.name", "CI")
    (repo / "old.md").write_text("# Old\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "base")
    base = git("rev-parse", "HEAD")
    documents = set()
    for index, suffix in enumerate(sorted(SUPPORTED_SUFFIXES)):
        name = f"doc{index}{_variants(suffix)[index % 3]}"
        (repo / name).write_text("text\n", encoding="utf-8")
        documents.add(name)
    for other in OTHERS:
        (repo / f"thing{other}").write_text("x\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "change")

    script = _find_documents_step()
    for expression, value in (("inputs.changed-only", "true"), ("inputs.paths", "."),
                              ("github.event.pull_request.base.sha || github.event.before",
                               base)):
        script = script.replace("${{ " + expression + " }}", value)
    assert "${{" not in script
    output = tmp_path / "output"
    subprocess.run(["bash", "-e", "-c", script], cwd=repo, check=True,
                   env={"GITHUB_OUTPUT": str(output), "PATH": "/usr/bin:/bin"})
    chosen = output.read_text(encoding="utf-8").removeprefix("files=").split()
    assert set(chosen) == documents
