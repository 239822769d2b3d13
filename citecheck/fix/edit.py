"""An edit: what a finding's span should read instead, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citecheck.model import Document, Finding, Span


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` at ``span`` (in ``span.path``) with ``new``, because of
    ``finding``."""

    span: Span
    old: str
    new: str
    finding: Finding
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)


def closing_brace(text: str, start: int) -> int | None:
    """Where the BibTeX entry opening at ``start`` ("@article{key,") closes."""
    opening = text.find("{", start)
    depth = 0
    for index in range(opening, min(len(text), opening + 100_000)) if opening >= 0 else ():
        char = text[index]
        depth += (char == "{") - (char == "}")
        if depth == 0:
            return index
    return None


def first_line(span: Span, document: Document) -> str | None:
    """The text ``span`` covers on its first line, as the file holds it: from the text
    read where it is the file's own (Markdown, plain text), else from the file (HTML,
    LaTeX), where a finding's line and columns point."""
    if span.path != document.path or document.kind == "docx":
        return None  # a Word file is corrected by its words (fix/docx.py), not by column
    if document.offsets is None and span.start >= 0:
        return document.text[span.start:span.end].split("\n", 1)[0]
    try:
        line = Path(span.path).read_text(encoding="utf-8").split("\n")[span.line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return None
    line = line.rstrip("\r")
    end = span.end_column - 1 if span.end_line == span.line else len(line)
    return line[span.column - 1:end]


def narrowed(span: Span, at: int, length: int) -> Span:
    """The part of ``span``'s first line that starts ``at`` characters in."""
    start = span.start + at if span.start >= 0 else -1
    return Span(span.path, span.line, span.column + at, span.line, span.column + at + length,
                start, start + length if start >= 0 else -1)
