"""``citecheck fix``: the documents audited, the certain corrections of their findings
planned (``fix.plan``) and applied to each file they touch, a document and its ``.bib``
alike (``fix.patch``).  Nothing is written here: the command prints the diff, lists
the changes, or writes them."""

from __future__ import annotations

from typing import Any

from citecheck.audit import audit
from citecheck.fix.edit import Edit
from citecheck.fix.patch import Patched, patch_file
from citecheck.fix.plan import FixOptions, plan
from citecheck.model import AuditOptions, AuditResult


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
