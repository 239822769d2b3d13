"""The terminal report: per document, a summary line, then findings worst first.

Every line points at a place (``line:col``), quotes the text, says what is
wrong and, after ``→``, what to do.  Document text is only ever put into
``rich.text.Text`` objects, never into markup strings, so a title such as
``[bold red]`` is printed as written.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from citecheck.model import AuditResult, DocumentResult, Finding, Severity
from citecheck.text import visible

_LABEL = {Severity.ERROR: " ERROR ", Severity.WARNING: " WARN  ", Severity.INFO: " INFO  "}
_STYLE = {Severity.ERROR: "bold white on red", Severity.WARNING: "bold black on yellow",
          Severity.INFO: "bold white on blue"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _summary_line(result: DocumentResult) -> str:
    x = result.extraction
    citations = sum(1 for c in x.citations if c.form != "mention")
    parts = [
        _plural(len(x.references), "reference"),
        _plural(citations, "citation"),
        _plural(len(x.markers), "footnote"),
        _plural(len(x.dois), "DOI"),
        _plural(len({link.url for link in x.links}), "link"),
    ]
    return " · ".join(parts)


def _near(other: str, path: str) -> str:
    """Another file (a ``.bib``, a chapter) named the shorter way: from the current folder,
    as the reader would open it, or from the document's folder ("refs.bib" beside it)."""
    try:
        beside = os.path.relpath(other, os.path.dirname(os.path.abspath(path)))
    except ValueError:  # another drive
        beside = other
    return min((shown_path(other), beside), key=len)


def shown_path(path: str) -> str:
    """A document's path as the reader would type it from here: relative to the current
    folder when that is shorter (an absolute path under it, say)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return path
    return relative if len(relative) < len(path) else path


MAX_WHERE = 18
"""Widest location (``file:line:col``) kept in its column; a longer one would squeeze
every message, so its file is named on a line of its own above the message."""


def _findings_grid(findings: list[Finding], path: str) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(no_wrap=True, style="cyan")
    grid.add_column(overflow="fold")
    for finding in findings:
        where = finding.span.shown
        message = Text(visible(finding.message))
        if finding.span.path != path:
            other = visible(_near(finding.span.path, path))
            if len(other) + len(where) < MAX_WHERE:
                where = f"{other}:{where}"
            else:
                message = Text.assemble(Text(f"in {other}", style="cyan"), "\n", message)
        grid.add_row(Text(_LABEL[finding.severity], style=_STYLE[finding.severity]),
                     Text(visible(where)), Text(finding.kind), message)
        if finding.suggestion:
            grid.add_row(Text(""), Text(""), Text(""),
                         Text("→ " + visible(finding.suggestion), style="green"))
    return grid


MAX_PER_KIND = 10
"""Findings of one kind shown per document; the rest are counted (JSON has them all)."""


def _cap(findings: list[Finding]) -> tuple[list[Finding], dict[str, int]]:
    shown: list[Finding] = []
    seen: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for finding in findings:
        seen[finding.kind] = seen.get(finding.kind, 0) + 1
        if seen[finding.kind] <= MAX_PER_KIND:
            shown.append(finding)
        else:
            hidden[finding.kind] = hidden.get(finding.kind, 0) + 1
    return shown, hidden


def render_document(console: Console, result: DocumentResult) -> None:
    doc = result.document
    header = Text(visible(shown_path(doc.path)), style="bold")
    if result.extraction.title:
        title = visible(result.extraction.title)
        header.append(" — « ")
        header.append(title if len(title) <= 70 else title[:67].rstrip() + "…")
        header.append(" »")
    header.append(f" ({result.extraction.lang})", style="dim")
    console.print(header)
    console.print(Text("  " + _summary_line(result), style="dim"))
    ordered = sorted(result.findings, key=lambda f: (-f.severity.rank, f.span.path != doc.path,
                                                     f.span.line, f.span.column))
    shown, hidden = _cap(ordered)
    if shown:
        console.print()
        console.print(_findings_grid(shown, doc.path))
    for kind, count in hidden.items():
        console.print(Text(f"    … and {count} more {kind} (all of them in --format json)",
                           style="dim"))
    console.print()
    counts = [_plural(sum(1 for f in result.findings if f.severity is s), name)
              for s, name in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"),
                              (Severity.INFO, "info"))]
    tail = Text("  " + " · ".join(counts))
    if result.unchecked_count:
        tail.append(f" · {result.unchecked_count} not checked online", style="yellow")
    console.print(tail)
    for item in result.unchecked:
        console.print(Text(f"    not checked: {visible(item.reason)}", style="yellow"))
    console.print()


def render_terminal(result: AuditResult, console: Console) -> None:
    for document in result.documents:
        render_document(console, document)
    if len(result.documents) > 1 or not result.documents:
        table = Table(title="citecheck summary", title_justify="left", show_lines=False)
        table.add_column("document", overflow="fold")
        for name in ("references", "errors", "warnings", "infos", "unchecked"):
            table.add_column(name, justify="right")
        for doc in result.documents:
            table.add_row(
                Text(visible(shown_path(doc.document.path))),
                str(len(doc.extraction.references)),
                str(sum(1 for f in doc.findings if f.severity is Severity.ERROR)),
                str(sum(1 for f in doc.findings if f.severity is Severity.WARNING)),
                str(sum(1 for f in doc.findings if f.severity is Severity.INFO)),
                str(doc.unchecked_count),
            )
        table.add_row(
            Text("total", style="bold"),
            str(sum(len(d.extraction.references) for d in result.documents)),
            str(result.count(Severity.ERROR)), str(result.count(Severity.WARNING)),
            str(result.count(Severity.INFO)), str(result.unchecked),
            style="bold",
        )
        console.print(table)


PIPED_WIDTH = 100
"""Columns of the report where it is not shown on a terminal (a CI log, a file, a pager),
unless ``COLUMNS`` says otherwise."""


def piped_width() -> int:
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and 20 <= int(columns) <= 1000 else PIPED_WIDTH


def render_to(result: AuditResult, stream: TextIO) -> None:
    """The terminal report on ``stream``: colours only where it is a terminal (and not
    with ``NO_COLOR``).  Elsewhere, ``piped_width()`` columns and no trailing spaces
    (rich pads every cell of a table to its width; a CI log or a diff shows them)."""
    if stream.isatty():
        render_terminal(result, Console(file=stream, highlight=False, soft_wrap=False,
                                        force_terminal=None if stream is sys.stdout else False))
        return
    buffer = io.StringIO()
    render_terminal(result, Console(file=buffer, highlight=False, soft_wrap=False,
                                    force_terminal=False, width=piped_width()))
    stream.write("\n".join(line.rstrip() for line in buffer.getvalue().split("\n")))
