"""``--format markdown``: a compact report for a pull-request comment or a job summary.

A summary table, then each document's findings (worst first) with ``file:line``,
message and suggestion; documents with many findings fold them into
``<details>``.  Document text is escaped for Markdown and HTML (GitHub renders
both), so a hostile title cannot inject markup or links.
"""

from __future__ import annotations

import html
import re
from typing import TextIO

from citecheck.fingerprint import relative_uri
from citecheck.model import AuditResult, DocumentResult, Severity
from citecheck.rules import catalogue
from citecheck.text import visible

_ICON = {Severity.ERROR: "🔴 error", Severity.WARNING: "🟠 warning", Severity.INFO: "🔵 info"}
FOLD_AFTER = 10


def escape(text: str) -> str:
    """Markdown- and HTML-inert text for a table cell or a list item."""
    text = html.escape(" ".join(visible(text).split()), quote=False)
    return re.sub(r"([\\`*_\[\]|~])", r"\\\1", text)


def code(text: str) -> str:
    """Text for a code span: nothing inside is interpreted, but a backtick would end it."""
    return " ".join(visible(text).split()).replace("`", "ˋ")


def _counts(doc: DocumentResult) -> tuple[int, int, int]:
    return tuple(sum(1 for f in doc.findings if f.severity is s)  # type: ignore[return-value]
                 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))


def render_markdown(result: AuditResult, stream: TextIO) -> None:
    lines = ["## citecheck report", "",
             "| document | references | errors | warnings | infos | not checked |",
             "|---|---:|---:|---:|---:|---:|"]
    for doc in result.documents:
        errors, warnings, infos = _counts(doc)
        lines.append(f"| `{code(relative_uri(doc.document.path))}` | "
                     f"{len(doc.extraction.references)} | {errors} | {warnings} | {infos} | "
                     f"{doc.unchecked_count} |")
    lines.append(f"| **total** | {sum(len(d.extraction.references) for d in result.documents)} | "
                 f"{result.count(Severity.ERROR)} | {result.count(Severity.WARNING)} | "
                 f"{result.count(Severity.INFO)} | {result.unchecked} |")
    lines.append("")
    for doc in result.documents:
        path = relative_uri(doc.document.path)
        title = f" — {escape(doc.extraction.title)}" if doc.extraction.title else ""
        lines.append(f"### `{code(path)}`{title}")
        lines.append("")
        ordered = sorted(doc.findings, key=lambda f: (-f.severity.rank, f.span.line, f.span.column))
        if not ordered:
            lines.append("No findings.")
        items = []
        for finding in ordered:
            span = finding.span
            where = (f"{escape(relative_uri(span.path))}, {span.shown}" if span.page
                     else f"{escape(relative_uri(span.path))}:{span.line}")
            item = (f"- {_ICON[finding.severity]} `{finding.kind}` **{where}** — "
                    f"{escape(finding.message)}")
            if finding.suggestion:
                item += f"  \n  → {escape(finding.suggestion)}"
            items.append(item)
        if len(items) > FOLD_AFTER:
            lines += items[:FOLD_AFTER]
            lines += ["", f"<details><summary>{len(items) - FOLD_AFTER} more findings</summary>",
                      "", *items[FOLD_AFTER:], "", "</details>"]
        else:
            lines += items
        for reason in doc.unchecked:
            lines.append(f"- ⚪ not checked: {escape(reason.reason)}")
        lines.append("")
    lines += _legend(result)
    stream.write("\n".join(lines) + "\n")


def _legend(result: AuditResult) -> list[str]:
    """The kinds this report shows, with their codes and what to do (``citecheck rules
    CODE`` says more)."""
    shown = {f.kind for d in result.documents for f in d.findings}
    rules = [rule for rule in catalogue() if rule.name in shown]
    if not rules:
        return []
    return ["### Kinds in this report", "", "| code | kind | what to do |", "|---|---|---|",
            *(f"| {r.code} | `{r.name}` | {escape(r.help)} |" for r in rules), ""]
