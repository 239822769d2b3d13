"""The edits that correct findings, each only where the right text is certain.

An edit replaces exactly its finding's span (file, line and columns), and says what
the span held when the audit read it, so that a file changed since is refused rather
than patched blindly.  What is certain, per kind:

- ``citation-unmatched`` with near misses: the misspelt name becomes the family name
  every candidate entry shares ("Sabowski" → "Sadowski"); candidates by several
  authors, or a citation that names more than a family name, are left alone.
- ``doi-malformed``: a DOI written with a doubled or stray prefix, or trailing
  punctuation, becomes its normal form (bare in a bibliography field, a doi.org link
  elsewhere) when what is left is a valid DOI.
- ``link-redirected``: a page moved for good becomes its new address.
- ``link-dead`` / ``link-blocked`` / ``link-error`` with a Wayback capture: the archived
  copy is added after the link, as the format's readers expect it (Markdown
  ``([archived](…))``, text ``(archived: …)``, a BibTeX ``note`` is left to the author).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from citecheck.extract.identifiers import is_valid_doi
from citecheck.model import DocumentResult, Finding, Reference, Span


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


def plan(result: DocumentResult, kinds: frozenset[str] | None = None) -> list[Edit]:
    """The certain edits for a document's findings (of ``kinds``, if given)."""
    refs = {ref.id: ref for ref in result.extraction.references}
    edits = []
    for finding in result.findings:
        if kinds is not None and finding.kind not in kinds:
            continue
        maker = _MAKERS.get(finding.kind)
        edit = maker(finding, refs, result) if maker else None
        if edit is not None and edit.new != edit.old:
            edits.append(edit)
    return edits


def _citation(finding: Finding, refs: dict[str, Reference], result: DocumentResult
              ) -> Edit | None:
    candidates = [refs[c] for c in finding.evidence.get("candidates", ()) if c in refs]
    names = {_family(ref.authors[0]) for ref in candidates if ref.authors}
    written = re.match(r"[^\W\d_][\w'’-]*", finding.text)
    if not candidates or len(names) != 1 or not all(ref.authors for ref in candidates):
        return None
    name = names.pop()
    if not written or not name or " " in name or written.group(0) == name:
        return None  # a wrong year, or a name of several words: not certain
    span = _within(finding.span, result, written.group(0))
    if span is None:
        return None
    return Edit(span, written.group(0), name, finding,
                f"« {written.group(0)} » is not in the bibliography; every entry it nearly "
                f"matches is by {name}", {"entries": [ref.id for ref in candidates]})


def _within(span: Span, result: DocumentResult, word: str) -> Span | None:
    """The span of ``word``, found once in ``span`` on its first line, where the
    document's text is the file's own (not HTML or LaTeX read as text)."""
    doc = result.document
    if span.path != doc.path or doc.offsets is not None or span.start < 0:
        return None
    text = doc.text[span.start:span.end].split("\n", 1)[0]
    at = text.find(word)
    if at < 0 or text.find(word, at + 1) >= 0:
        return None
    start = span.start + at
    return Span(span.path, span.line, span.column + at, span.line,
                span.column + at + len(word), start, start + len(word))


def _family(author: str) -> str:
    """The family name of an author as the bibliography writes it ("Sadowski, J." or
    "Jathan Sadowski")."""
    author = author.strip()
    if "," in author:
        return author.split(",", 1)[0].strip()
    return author.split()[-1] if author.split() else ""


_DOI_PREFIX = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*|DOI:?\s*)+", re.I)


def _doi(finding: Finding, _: dict[str, Reference], result: DocumentResult) -> Edit | None:
    written = finding.text
    bare = _DOI_PREFIX.sub("", written.strip()).rstrip(".,;:)]}")
    if not is_valid_doi(bare.lower()) or bare == written:
        return None
    in_bib = finding.span.path.lower().endswith(".bib") or result.document.kind == "bib"
    new = bare if in_bib else f"https://doi.org/{bare}"
    return Edit(finding.span, written, new, finding,
                "the DOI's normal form" + (" (a bibliography field holds the DOI alone)"
                                           if in_bib else ""), {"doi": bare.lower()})


def _redirected(finding: Finding, _: dict[str, Reference], __: DocumentResult) -> Edit | None:
    new = finding.evidence.get("final_url")
    if not new or not finding.text or not str(new).startswith(("http://", "https://")):
        return None
    return Edit(finding.span, finding.text, str(new), finding,
                "the page moved for good to this address", {"final_url": new})


def _archived(finding: Finding, _: dict[str, Reference], result: DocumentResult) -> Edit | None:
    archive = finding.evidence.get("archive_url")
    if not archive or result.document.kind not in {"markdown", "text"}:
        return None
    if finding.span.path != result.document.path:
        return None  # in a .bib: where the copy goes is the author's choice of field
    written = finding.text
    after = result.document.text[finding.span.end:finding.span.end + 2]
    closing = ")" if after.startswith(")") else ">" if after.startswith(">") else ""
    addition = (f" ([archived]({archive}))" if result.document.kind == "markdown"
                else f" (archived: {archive})")
    span = finding.span
    if closing:  # after the link's own bracket: "[text](url) ([archived](…))"
        span = Span(span.path, span.line, span.column, span.end_line, span.end_column + 1,
                    span.start, span.end + 1)
        written += closing
    return Edit(span, written, written + addition, finding,
                "the page is gone; the Wayback Machine's capture closest to the "
                "document's date", {"archive_url": archive})


_MAKERS = {
    "citation-unmatched": _citation,
    "doi-malformed": _doi,
    "link-redirected": _redirected,
    "link-dead": _archived,
    "link-blocked": _archived,
    "link-error": _archived,
}
FIXABLE = frozenset(_MAKERS)
