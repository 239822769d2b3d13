"""``citecheck fix --todo``: where a finding needs its author (a note whose text is lost,
a figure with no source, an entry nothing cites, a claim credited to nobody), a marker
comment beside it, in the formats that have comments: an HTML comment in Markdown and
HTML, a ``%`` comment at the end of the line in LaTeX.  Plain text has none: nothing is
written there.  A line that already holds the marker gets no second one."""

from __future__ import annotations

from citecheck.fix.edit import source_line
from citecheck.model import DocumentResult, Finding, Span

TODO_KINDS = frozenset({"footnote-missing", "reference-uncited", "figure-unsourced",
                        "attribution-vague", "attribution-unlinked"})


def todo_marker(finding: Finding, result: DocumentResult) -> tuple[Span, str, str] | None:
    """Where the marker goes (an empty span), and its text."""
    doc = result.document
    span = finding.span
    if span.path != doc.path or doc.kind not in {"markdown", "html", "latex"}:
        return None
    line = source_line(span.path, span.line)
    if line is None:
        return None
    label = f"TODO citecheck {finding.kind}"
    if label in line:
        return None
    what = (finding.suggestion or finding.message).replace("--", "—")
    if doc.kind == "latex":
        column = len(line) + 1  # a % comments out the rest of its line: at the end only
        text = f" % {label}: {what}"
    else:
        column = span.end_column if span.end_line == span.line else len(line) + 1
        text = f"<!-- {label}: {what} -->"
    return Span(span.path, span.line, column, span.line, column), "", text
