"""Corrections of a Word file, written to a copy (``essai.fixed.docx``), never to the
file itself.  A Word paragraph's text is split into runs the reader cannot see, so an
edit is made where its old text stands whole, once, in one text element (``<w:t>``) of
the body; anything else (text split over runs, a word found twice, a note) is refused.
Only that element's text changes: every other byte of every part stays."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from citecheck.fix.edit import Edit

BODY = "word/document.xml"
_TEXT = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


@dataclass(frozen=True)
class WordCopy:
    """The corrected copy's path and bytes, the edits made and those refused."""

    path: str
    data: bytes
    applied: tuple[Edit, ...]
    refused: tuple[tuple[Edit, str], ...]


def copy_path(path: str) -> str:
    source = Path(path)
    return str(source.with_name(f"{source.stem}.fixed{source.suffix}"))


def patch_docx(path: str, edits: list[Edit]) -> WordCopy:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
        infos = archive.infolist()
    body = parts.get(BODY, b"")
    applied: list[Edit] = []
    refused: list[tuple[Edit, str]] = []
    for edit in edits:
        old = escape(edit.old).encode("utf-8")
        holders = [m for m in _TEXT.finditer(body) if old in m.group(1)]
        if len(holders) != 1 or holders[0].group(1).count(old) != 1:
            refused.append((edit, "in a Word file, the text to change is not whole and "
                                  "alone in one run"))
            continue
        match = holders[0]
        text = match.group(1).replace(old, escape(edit.new).encode("utf-8"))
        body = body[:match.start(1)] + text + body[match.end(1):]
        applied.append(edit)
    parts[BODY] = body
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for info in infos:
            copy.writestr(info, parts[info.filename])
    return WordCopy(copy_path(path), out.getvalue(), tuple(applied), tuple(refused))
