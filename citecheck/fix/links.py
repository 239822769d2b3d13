"""Fixes of links: a page moved for good → its new address; a page gone with a Wayback
capture → the archived copy beside the link, as the format's readers expect it."""

from __future__ import annotations

import re

from citecheck.fix.edit import Edit, bib_entry, source_line
from citecheck.model import DocumentResult, Finding, Reference, Span


def redirected(finding: Finding, _: dict[str, Reference], __: DocumentResult) -> Edit | None:
    new = finding.evidence.get("final_url")
    if not new or not finding.text or not str(new).startswith(("http://", "https://")):
        return None
    return Edit(finding.span, finding.text, str(new), finding,
                "the page moved for good to this address", {"final_url": new})


def archived(finding: Finding, _: dict[str, Reference], result: DocumentResult) -> Edit | None:
    archive = finding.evidence.get("archive_url")
    doc = result.document
    if not archive:
        return None
    if finding.span.path.lower().endswith(".bib"):
        return _bib_note(finding, str(archive))
    if finding.span.path != doc.path:
        return None
    if doc.kind == "html":
        return _robust_link(finding, str(archive))
    if doc.kind not in {"markdown", "text"}:
        return None
    written = finding.text
    after = doc.text[finding.span.end:finding.span.end + 40]
    if "archived" in after.lower() or "web.archive.org" in after:
        return None  # fixed already
    closing = ")" if after.startswith(")") else ">" if after.startswith(">") else ""
    addition = (f" ([archived]({archive}))" if doc.kind == "markdown"
                else f" (archived: {archive})")
    span = finding.span
    if closing:  # after the link's own bracket: "[text](url) ([archived](…))"
        span = Span(span.path, span.line, span.column, span.end_line, span.end_column + 1,
                    span.start, span.end + 1)
        written += closing
    return Edit(span, written, written + addition, finding,
                "the page is gone; the Wayback Machine's capture closest to the "
                "document's date", {"archive_url": archive})


def _robust_link(finding: Finding, archive: str) -> Edit | None:
    """HTML: the capture as Robust Links write it, on the link itself
    (``data-versionurl``, ``data-versiondate``), when the URL stands quoted in its
    ``href`` and the tag has none yet."""
    span = finding.span
    line = source_line(span.path, span.line)
    if line is None:
        return None
    start, url = span.column - 1, finding.text
    quote = line[start + len(url):start + len(url) + 1]
    stamp = re.search(r"/web/(\d{4})(\d{2})(\d{2})", archive)
    tag_end = line.find(">", start)
    if (line[start:start + len(url)] != url or quote not in {'"', "'"} or not stamp
            or "data-versionurl" in line[start:tag_end if tag_end >= 0 else len(line)]):
        return None
    when = "-".join(stamp.groups())
    wider = Span(span.path, span.line, span.column, span.line, span.column + len(url) + 1)
    return Edit(wider, url + quote, f'{url}{quote} data-versionurl="{archive}" '
                f'data-versiondate="{when}"', finding,
                "the page is gone; its Wayback capture, as Robust Links attributes",
                {"archive_url": archive})


def _bib_note(finding: Finding, archive: str) -> Edit | None:
    """A .bib entry whose URL is gone: ``note = {Archived at \\url{…} on …}`` added after
    its last field, where the entry has no note of its own (whose words are the author's)."""
    entry = bib_entry(finding.span)
    stamp = re.search(r"/web/(\d{4})(\d{2})(\d{2})", archive)
    if entry is None or not stamp or re.search(r"(?im)^\s*note\s*=", entry.body):
        return None
    span, new = entry.field_added(finding.span.path, "note", f"Archived at \\url{{{archive}}} "
                                  f"on {'-'.join(stamp.groups())}")
    return Edit(span, "", new, finding,
                "the page is gone; its Wayback capture, in the entry's note",
                {"archive_url": archive})
