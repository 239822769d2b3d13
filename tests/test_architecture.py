"""The shape of the code (issue 19): small modules, and a pipeline whose stages import
only from the stages before them (ingest → extract → resolve → check → report)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "citecheck"
ORDER = ["ingest", "extract", "resolve", "check", "fix", "report"]
"""The stages, in pipeline order; modules at the package's top (model, text, lexicon,
rules…) are shared, and ``audit``, ``cli`` and ``policy`` wire the stages together."""
WIRING = {"audit", "archiving", "fixing", "cli", "policy", "baseline", "__main__", "options",
          "corpus"}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _stage(module: str) -> int | None:
    """The stage of ``citecheck.x.y`` (its index in ORDER), -1 for shared modules, None
    for the wiring."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in ORDER:
        return ORDER.index(parts[1])
    return None if parts[1] in WIRING else -1


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("citecheck"):
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names if a.name.startswith("citecheck")]
    return names


def test_no_module_is_longer_than_500_lines():
    long = {str(p.relative_to(ROOT)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}


def test_stages_import_only_from_earlier_stages():
    upward = []
    for path in _modules():
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        stage = _stage(module) if module.count(".") else None
        if stage is None:
            continue
        for imported in _imports(path):
            other = _stage(imported) if imported.count(".") else -1
            if other is None or other > stage:
                upward.append(f"{module} imports {imported}")
    assert upward == []
