"""An edit: what a finding's span should read instead, and why."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citecheck.model import PACKAGED, Document, Finding, Span


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


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def lines_of(text: str) -> list[str]:
    """Lines with their own endings, ended as the audit counts them (LF, CRLF or CR)."""
    return _LINE.findall(text)


def source_lines(path: str) -> tuple[str, ...] | None:
    """A file's lines as the audit numbers them, without their endings; ``None`` if it
    cannot be read as UTF-8.  Read once however many edits look into it (and again if
    it changed)."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return _lines(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _lines(path: str, _mtime_ns: int, _size: int) -> tuple[str, ...] | None:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return tuple(line.rstrip("\r\n") for line in lines_of(text))


def source_line(path: str, number: int) -> str | None:
    """Line ``number`` (from 1) of the file, without its ending."""
    lines = source_lines(path)
    return lines[number - 1] if lines is not None and 1 <= number <= len(lines) else None


def first_line(span: Span, document: Document) -> str | None:
    """The text ``span`` covers on its first line, as the file holds it: from the text
    read where it is the file's own (Markdown, plain text), else from the file (HTML,
    LaTeX), where a finding's line and columns point."""
    if span.path != document.path or document.kind in PACKAGED:
        # Not a text file: its lines are the text read from it (a Word file is corrected
        # by its words, fix/docx.py; ODT, EPUB and PDF not at all).
        return None
    if document.offsets is None and span.start >= 0:
        return document.text[span.start:span.end].split("\n", 1)[0]
    line = source_line(span.path, span.line)
    if line is None:
        return None
    end = span.end_column - 1 if span.end_line == span.line else len(line)
    return line[span.column - 1:end]


def narrowed(span: Span, at: int, length: int) -> Span:
    """The part of ``span``'s first line that starts ``at`` characters in."""
    start = span.start + at if span.start >= 0 else -1
    return Span(span.path, span.line, span.column + at, span.line, span.column + at + length,
                start, start + length if start >= 0 else -1)


@dataclass(frozen=True)
class BibEntry:
    """A BibTeX entry in its file, as the file holds it (line ends made LF)."""

    text: str
    """The whole file."""
    start: int
    closing: int
    """Offsets of its ``@`` and of its closing brace."""

    @property
    def body(self) -> str:
        """From its ``@`` to just before its closing brace."""
        return self.text[self.start:self.closing]

    def field_added(self, path: str, name: str, value: str) -> tuple[Span, str]:
        """Where a field goes (after the last, a comma put after that one if it has
        none) and the text to insert there."""
        last = self.body.rstrip()
        return (self.span(path, self.start + len(last), 0),
                ("" if last.endswith(",") else ",") + f"\n  {name} = {{{value}}}")

    def span(self, path: str, at: int, length: int) -> Span:
        line = self.text.count("\n", 0, at) + 1
        column = at - (self.text.rfind("\n", 0, at) + 1) + 1
        return Span(path, line, column, line, column + length)


def bib_entry(span: Span) -> BibEntry | None:
    """The BibTeX entry that holds ``span`` (a finding's place in a .bib)."""
    lines = source_lines(span.path)
    if lines is None or span.line > len(lines):
        return None
    text = "\n".join(lines)
    at = sum(len(line) + 1 for line in lines[:span.line - 1]) + span.column - 1
    openings = [m.start() for m in re.finditer(r"(?m)^[ \t]*@\w+[ \t]*\{", text[:at + 200])
                if m.start() <= at]
    if not openings:
        return None
    closing = closing_brace(text, openings[-1])
    return BibEntry(text, openings[-1], closing) if closing is not None else None
