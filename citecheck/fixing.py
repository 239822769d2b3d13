"""``citecheck fix``: the documents audited, the certain corrections of their findings
planned (``fix.plan``) and applied to each file they touch, a document and its ``.bib``
alike (``fix.patch``).  Nothing is written here: the command prints the diff, lists
the changes, or writes them."""

from __future__ import annotations

from typing import Any

from citecheck.audit import audit
from citecheck.fix.edit import Edit
from citecheck.fix.patch import Patched, patch_file, unified_diff, write
from citecheck.fix.plan import FixOptions, plan
from citecheck.model import AuditOptions, AuditResult
from citecheck.text import visible


def fixes(options: AuditOptions, fix: FixOptions | None = None, **outside: Any
          ) -> tuple[AuditResult, list[Patched]]:
    """The audit of ``options.paths`` and, per file, its corrections.  ``outside``: the
    keyword arguments of ``audit`` (cache, endpoints, transports) for tests."""
    result = audit(options, **outside)
    by_path: dict[str, dict[tuple[int, int, str], Edit]] = {}
    for document in result.documents:
        for edit in plan(document, fix):
            key = (edit.span.line, edit.span.column, edit.new)  # a .bib two documents use
            by_path.setdefault(edit.span.path, {}).setdefault(key, edit)
    return result, [patch_file(path, list(edits.values())) for path, edits in by_path.items()]


def changes(patched: list[Patched]) -> list[dict[str, Any]]:
    """Each change, with its reason and evidence, for ``--format json``."""
    def change(path: str, edit: Edit, refused: str | None) -> dict[str, Any]:
        return {"path": path, "line": edit.span.line, "column": edit.span.column,
                "kind": edit.finding.kind, "old": edit.old, "new": edit.new,
                "reason": edit.reason, "evidence": edit.evidence,
                "applied": refused is None, **({"refused": refused} if refused else {})}

    return [change(p.path, e, None) for p in patched for e in p.applied] + [
        change(p.path, e, why) for p in patched for e, why in p.refused]


def refusals(patched: list[Patched]) -> list[str]:
    """One line per correction not made, and why (for stderr)."""
    return [f"citecheck: not fixed {visible(item.path)}:{edit.span.line}:{edit.span.column} "
            f"({edit.finding.kind}): {why}" for item in patched for edit, why in item.refused]


def word_copies(patched: list[Patched]) -> list[str]:
    """Where a Word file's corrections would go: it gets a copy, never a diff."""
    return [f"citecheck: {visible(item.path)}: {len(item.applied)} corrections; Word files "
            f"get no diff: --write makes a corrected copy, {visible(item.word.path)}"
            for item in patched if item.word is not None and item.applied]


def diff(patched: list[Patched], terminal: bool) -> str:
    """The unified diff of every file.  Piped, the files' own bytes (for git apply); on
    a terminal, a document's control characters are shown, not obeyed."""
    text = "".join(unified_diff(item) for item in patched)
    return visible(text) if terminal else text


def write_all(patched: list[Patched], backup: bool) -> list[str]:
    """Every file's corrections written (``OSError`` if one cannot be); a line each."""
    return [f"fixed {len(item.applied)} in {visible(write(item, backup))}"
            for item in patched if item.applied]
