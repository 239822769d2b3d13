"""The edits that correct findings, each only where the right text is certain.

An edit replaces exactly its finding's span (file, line and columns), and says what
the span held when the audit read it, so that a file changed since is refused rather
than patched blindly.  What is certain, per kind:

- ``citation-unmatched`` with near misses: the misspelt name becomes the family name
  every candidate entry shares ("Sabowski" → "Sadowski"); candidates by several
  authors, or a citation that names more than a family name, are left alone.  The right
  name with a year no entry has takes the year of the one entry by that author.
- ``doi-malformed``: a DOI written with a doubled or stray prefix, or trailing
  punctuation, becomes its normal form (bare in a bibliography field, a doi.org link
  elsewhere) when what is left is a valid DOI.
- ``link-redirected``: a page moved for good becomes its new address.
- ``link-dead`` / ``link-blocked`` / ``link-error`` with a Wayback capture: the archived
  copy is added after the link, as the format's readers expect it (Markdown
  ``([archived](…))``, text ``(archived: …)``, a BibTeX ``note`` is left to the author).
- ``metadata-mismatch`` on a year, volume, issue or pages: the registered value, where
  the entry writes the cited one once; a year also in the citations of that entry.
- ``doi-suggested``: the DOI, at the end of the entry (a ``doi`` field in a .bib).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Levenshtein

from citecheck.extract.identifiers import is_valid_doi
from citecheck.model import DocumentResult, Finding, Reference, Span
from citecheck.text import fold_words


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


Maker = Callable[[Finding, dict[str, Reference], DocumentResult], "Edit | list[Edit] | None"]


def plan(result: DocumentResult, kinds: frozenset[str] | None = None) -> list[Edit]:
    """The certain edits for a document's findings (of ``kinds``, if given)."""
    refs = {ref.id: ref for ref in result.extraction.references}
    edits: list[Edit] = []
    for finding in result.findings:
        if kinds is not None and finding.kind not in kinds:
            continue
        maker = _MAKERS.get(finding.kind)
        made = maker(finding, refs, result) if maker else None
        made = made if isinstance(made, list) else [made] if made else []
        edits.extend(edit for edit in made if edit.new != edit.old)
    return edits


def _citation(finding: Finding, refs: dict[str, Reference], result: DocumentResult
              ) -> Edit | None:
    candidates = [refs[c] for c in finding.evidence.get("candidates", ()) if c in refs]
    names = {_family(ref.authors[0]) for ref in candidates if ref.authors}
    written = re.match(r"[^\W\d_][\w'’-]*", finding.text)
    if not candidates or len(names) != 1 or not all(ref.authors for ref in candidates):
        return None
    name = names.pop()
    if written and written.group(0) == name:
        return _year(finding, candidates, result)
    if not written or not name or " " in name:
        return None  # a name of several words: not certain
    span = _within(finding.span, result, written.group(0))
    if span is None:
        return None
    return Edit(span, written.group(0), name, finding,
                f"« {written.group(0)} » is not in the bibliography; every entry it nearly "
                f"matches is by {name}", {"entries": [ref.id for ref in candidates]})


def _year(finding: Finding, candidates: list[Reference], result: DocumentResult
          ) -> Edit | None:
    """The right name with a year no entry has: the year of the one entry by that
    author ("Dupont (2018)" when the bibliography has Dupont only for 2019)."""
    cited = re.search(r"\b(1[5-9]\d\d|20\d\d)[a-z]?\b", finding.text)
    if len(candidates) != 1 or not candidates[0].year or not cited:
        return None
    name = _family(candidates[0].authors[0])
    if sum(1 for ref in result.extraction.references
           if ref.authors and _family(ref.authors[0]) == name) != 1:
        return None  # two entries by that author: which one is meant is not certain
    if any(ref.year and ref.year[:4] == cited.group(1) and ref.authors
           and Levenshtein.distance(_family(ref.authors[0]).lower(), name.lower()) <= 2
           for ref in result.extraction.references):
        return None  # "Marten (2019)" with Martin 2019 listed: the name may be the slip
    year = candidates[0].year
    span = _once(finding.span, result, cited.group(0))
    if span is None or not re.fullmatch(r"\d{4}[a-z]?", year):
        return None
    return Edit(span, cited.group(0), year, finding,
                f"the bibliography has {_family(candidates[0].authors[0])} only for {year}",
                {"entries": [candidates[0].id]})


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


NUMBERS = frozenset({"year", "volume", "issue", "pages"})
"""The registered values written over the entry's: numbers only.  A title or author
list that disagrees may as well mean the DOI is the wrong one; that needs the author."""


def _registered(finding: Finding, refs: dict[str, Reference], result: DocumentResult
                ) -> list[Edit] | None:
    field_name = finding.evidence.get("field")
    cited, registered = finding.evidence.get("cited"), finding.evidence.get("registered")
    if field_name not in NUMBERS or not cited or not registered:
        return None
    ref = next((r for r in refs.values() if r.span == finding.span), None)
    where = _once(finding.span, result, str(cited))
    if ref is None or where is None:
        return None
    reason = f"the {field_name} registered for {finding.evidence.get('doi')}"
    edits = [Edit(where, str(cited), str(registered), finding, reason,
                  {"doi": finding.evidence.get("doi"), "field": field_name})]
    if field_name == "year":  # its citations name the year too: they follow the entry
        for citation, target in zip(result.extraction.citations, result.citation_refs,
                                    strict=True):
            year = _once(citation.span, result, str(cited)) if target == ref.id else None
            if year is not None:
                edits.append(Edit(year, str(cited), str(registered), finding,
                                  f"the year of the entry it cites, {reason}",
                                  {"entry": ref.id}))
    return edits


def _once(span: Span, result: DocumentResult, value: str) -> Span | None:
    """The span of ``value`` where it stands once, as a whole token, in ``span`` (its
    first line), in a file whose read text is its own."""
    doc = result.document
    if span.path != doc.path or doc.offsets is not None or span.start < 0:
        return None
    text = doc.text[span.start:span.end].split("\n", 1)[0]
    found = [m.start() for m in re.finditer(rf"(?<![\w.]){re.escape(value)}(?![\w])", text)]
    if len(found) != 1:
        return None
    at = found[0]
    return Span(span.path, span.line, span.column + at, span.line,
                span.column + at + len(value), span.start + at, span.start + at + len(value))


def _suggested_doi(finding: Finding, refs: dict[str, Reference], result: DocumentResult
                   ) -> Edit | None:
    """A DOI the registry matched with confidence, added at the end of its entry (a
    line of a reference list; in a .bib, a field after the last)."""
    doi = finding.evidence.get("doi")
    span = finding.span
    doc = result.document
    if not doi or span.path != doc.path or doc.offsets is not None or span.end < 0:
        return None
    entry = doc.text[span.start:span.end]
    if doc.kind == "bib":
        closing = _closing_brace(doc.text, span.start)
        last = doc.text[span.start:closing].rstrip() if closing is not None else ""
        if not last or "doi" in fold_words(last).split():
            return None
        at = span.start + len(last)
        new = ("" if last.endswith(",") else ",") + f"\n  doi = {{{doi}}}"
    else:
        if "\n" in entry.rstrip() or not entry.strip():
            return None
        at = span.start + len(entry.rstrip())
        new = f" https://doi.org/{doi}"
    line = doc.text.count("\n", 0, at) + 1
    column = at - (doc.text.rfind("\n", 0, at) + 1) + 1
    return Edit(Span(span.path, line, column, line, column, at, at), "", new, finding,
                "the DOI Crossref holds for this work (title, first author and year agree)",
                {"doi": doi, "title": finding.evidence.get("title")})


def _closing_brace(text: str, start: int) -> int | None:
    """Where the BibTeX entry opening at ``start`` ("@article{key,") closes."""
    opening = text.find("{", start)
    depth = 0
    for index in range(opening, min(len(text), opening + 100_000)) if opening >= 0 else ():
        char = text[index]
        depth += (char == "{") - (char == "}")
        if depth == 0:
            return index
    return None


_MAKERS: dict[str, Maker] = {
    "metadata-mismatch": _registered,
    "doi-suggested": _suggested_doi,
    "citation-unmatched": _citation,
    "doi-malformed": _doi,
    "link-redirected": _redirected,
    "link-dead": _archived,
    "link-blocked": _archived,
    "link-error": _archived,
}
FIXABLE = frozenset(_MAKERS)
