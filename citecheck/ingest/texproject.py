"""LaTeX documents in several files: a main file that ``\\include``s its chapters.

A thesis or a long paper is often ``main.tex`` with ``\\include{chapters/intro}`` and
``\\addbibresource{refs.bib}``.  Auditing the main file audits its chapters too, and a
chapter audited on its own uses the bibliography of the file that includes it, as
LaTeX does when it builds the whole.  Paths resolve against the including file's
folder (where LaTeX runs); every search is bounded.
"""

from __future__ import annotations

from pathlib import Path

from citecheck.ingest.latex import bib_names, included_names, is_fragment

_MAX_DEPTH = 3
"""How deep includes are followed (a chapter that includes its sections)."""
_MAX_CANDIDATES = 200
"""How many ``.tex`` files are read, at most, looking for a chapter's main file."""
_MAX_BYTES = 2 * 1024 * 1024
"""Larger ``.tex`` files are not read when looking for a main file."""


def _read(path: Path) -> str | None:
    try:
        if path.stat().st_size > _MAX_BYTES:
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def with_included(path: Path) -> list[Path]:
    """``path`` and the files it includes that exist, in reading order, each once."""
    found: list[Path] = []
    seen: set[Path] = set()

    def visit(current: Path, depth: int) -> None:
        key = current.resolve()
        if key in seen:
            return
        seen.add(key)
        found.append(current)
        source = _read(current) if depth < _MAX_DEPTH else None
        for name in included_names(source or ""):
            child = path.parent / name
            if child.is_file():
                visit(child, depth + 1)

    visit(path, 0)
    return found


def main_bibliographies(path: Path, source: str) -> tuple[list[Path], bool]:
    """For a chapter (a ``.tex`` file with no ``\\documentclass``): the ``.bib`` files of
    the main file that includes it, looked for in its folder and the two above; and
    whether such a main file was found."""
    if not is_fragment(source):
        return [], False
    target = path.resolve()
    read = 0
    for folder in [path.parent, *list(path.parent.resolve().parents)[:2]]:
        for candidate in sorted(folder.glob("*.tex")):
            if read >= _MAX_CANDIDATES:
                return [], False
            if candidate.resolve() == target:
                continue
            read += 1
            text = _read(candidate)
            if text is None or is_fragment(text):
                continue
            if any((candidate.parent / name).resolve() == target
                   for name in included_names(text)):
                return [candidate.parent / name for name in bib_names(text)], True
    return [], False
