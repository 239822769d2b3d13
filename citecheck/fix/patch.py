"""Edits applied to files byte for byte: only the spans change; line endings, encoding,
byte-order mark and every other byte stay as they were.  An edit whose span no longer
holds what the audit read (the file changed since) is refused, and so are edits that
overlap one already taken.  A Word file gets a corrected copy (``fix/docx.py``)."""

from __future__ import annotations

import codecs
import difflib
from dataclasses import dataclass
from pathlib import Path

from citecheck.fingerprint import relative_uri
from citecheck.fix.docx import WordCopy
from citecheck.fix.edit import Edit, lines_of


@dataclass(frozen=True)
class Patched:
    """One file: its text before and after, the edits made and those refused (why)."""

    path: str
    before: str
    after: str
    bom: bool
    applied: tuple[Edit, ...]
    refused: tuple[tuple[Edit, str], ...]
    word: WordCopy | None = None
    """A Word file's corrected copy (Word files get a copy, never a diff or an edit)."""


def patch_file(path: str, edits: list[Edit]) -> Patched:
    """``edits`` (all in ``path``) applied to the file's text, as read now."""
    if path.lower().endswith(".docx"):
        from citecheck.fix.docx import patch_docx

        word = patch_docx(path, edits)
        return Patched(path, "", "", False, word.applied, word.refused, word)
    try:
        data = Path(path).read_bytes()
        bom = data.startswith(codecs.BOM_UTF8)
        text = data.decode("utf-8-sig" if bom else "utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = ("the file is not UTF-8 (it would not be written back byte for byte)"
               if isinstance(exc, UnicodeDecodeError) else f"the file cannot be read ({exc})")
        return Patched(path, "", "", False, (), tuple((e, why) for e in edits))
    lines = lines_of(text)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    applied: list[tuple[int, int, Edit]] = []
    refused: list[tuple[Edit, str]] = []
    for edit in sorted(edits, key=lambda e: (e.span.line, e.span.column)):
        span = edit.span
        if span.line > len(lines) or span.end_line > len(lines):
            refused.append((edit, "the file changed since the audit"))
            continue
        start = starts[span.line - 1] + span.column - 1
        end = starts[span.end_line - 1] + span.end_column - 1
        if text[start:end] != edit.old:
            refused.append((edit, "the file changed since the audit"))
        elif applied and start < applied[-1][1]:
            refused.append((edit, "overlaps another fix"))
        else:
            applied.append((start, end, edit))
    after, pos = [], 0
    for start, end, edit in applied:
        after.append(text[pos:start] + edit.new)
        pos = end
    after.append(text[pos:])
    return Patched(path, text, "".join(after), bom, tuple(e for _, _, e in applied),
                   tuple(refused))


def unified_diff(patched: Patched) -> str:
    """The change as ``git apply`` and ``patch -p1`` take it, from the current folder."""
    if patched.before == patched.after:
        return ""
    name = relative_uri(patched.path)
    diff = difflib.unified_diff(lines_of(patched.before), lines_of(patched.after),
                                f"a/{name}", f"b/{name}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in diff)





def write(patched: Patched, backup: bool = True) -> str:
    """The patched text written in place (the original kept as ``FILE.orig`` unless
    ``backup`` is false), with its byte-order mark if it had one; a Word file's
    corrections to a copy beside it.  Where they went."""
    if patched.word is not None:
        Path(patched.word.path).write_bytes(patched.word.data)
        return patched.word.path
    target = Path(patched.path)
    if backup:
        target.with_name(target.name + ".orig").write_bytes(target.read_bytes())
    data = patched.after.encode("utf-8")
    target.write_bytes((codecs.BOM_UTF8 if patched.bom else b"") + data)
    return patched.path
