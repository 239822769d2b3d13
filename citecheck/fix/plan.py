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
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from citecheck.extract.identifiers import is_valid_doi
from citecheck.fix.edit import Edit, bib_entry, first_line, narrowed
from citecheck.fix.links import archived, redirected
from citecheck.fix.markers import TODO_KINDS, todo_marker
from citecheck.fix.registry import once, published, registered, suggested_doi
from citecheck.model import DocumentResult, Finding, Reference, Span


@dataclass(frozen=True)
class FixOptions:
    """``--replace-preprints``: a preprint's DOI gives way to its published version's
    (by default the published version is added beside it).  ``--todo``: a marker comment
    where a finding needs the author (a lost note, a figure with no source, an uncited
    entry), in the formats that have comments."""

    replace_preprints: bool = False
    todo: bool = False


Maker = Callable[[Finding, dict[str, Reference], DocumentResult], "Edit | list[Edit] | None"]


def plan(result: DocumentResult, options: FixOptions | None = None) -> list[Edit]:
    """The certain edits for a document's findings (and, with ``options.todo``, the
    markers where the author is needed)."""
    options = options or FixOptions()
    refs = {ref.id: ref for ref in result.extraction.references}
    edits: list[Edit] = []
    for finding in result.findings:
        maker = _MAKERS.get(finding.kind)
        made: Edit | list[Edit] | None
        if finding.kind == "published-version":
            made = published(finding, refs, result, options.replace_preprints)
        elif finding.kind in TODO_KINDS:
            made = _todo(finding, result) if options.todo else None
        else:
            made = maker(finding, refs, result) if maker else None
        found = made if isinstance(made, list) else [made] if made else []
        edits.extend(edit for edit in found if edit.new != edit.old)
    return edits


def _todo(finding: Finding, result: DocumentResult) -> Edit | None:
    marker = todo_marker(finding, result)
    if marker is None:
        return None
    span, old, text = marker
    return Edit(span, old, text, finding, "needs the author: marked for them", {})


def _citation(finding: Finding, refs: dict[str, Reference], result: DocumentResult
              ) -> Edit | None:
    candidates = [refs[c] for c in finding.evidence.get("candidates", ()) if c in refs]
    names = {_family(ref.authors[0]) for ref in candidates if ref.authors}
    written = _NAME.match(finding.text)  # a name, never a citation key ("smith2020")
    if not candidates or len(names) != 1 or not all(ref.authors for ref in candidates):
        return None
    name = names.pop()
    if written and written.group(0) == name:
        return _year(finding, candidates, result)
    if not written or not name or " " in name:
        return None  # a name of several words: not certain
    # A Word file's copy is corrected where the name stands alone (fix/docx.py).
    span = finding.span if result.document.kind == "docx" else _within(
        finding.span, result, written.group(0))
    if span is None:
        return None
    return Edit(span, written.group(0), name, finding,
                f"« {written.group(0)} » is not in the bibliography; every entry it nearly "
                f"matches is by {name}", {"entries": [ref.id for ref in candidates]})


_NAME = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*(?!\w)")
"""A family name as written: letters, with inner apostrophes and hyphens."""


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
    span = once(finding.span, result, cited.group(0))
    if span is None or not re.fullmatch(r"\d{4}[a-z]?", year):
        return None
    return Edit(span, cited.group(0), year, finding,
                f"the bibliography has {_family(candidates[0].authors[0])} only for {year}",
                {"entries": [candidates[0].id]})


def _within(span: Span, result: DocumentResult, word: str) -> Span | None:
    """The span of ``word``, found once in ``span`` on its first line."""
    text = first_line(span, result.document)
    at = text.find(word) if text is not None else -1
    if text is None or at < 0 or text.find(word, at + 1) >= 0:
        return None
    return narrowed(span, at, len(word))


def _family(author: str) -> str:
    """The family name of an author as the bibliography writes it ("Sadowski, J." or
    "Jathan Sadowski")."""
    author = author.strip()
    if "," in author:
        return author.split(",", 1)[0].strip()
    return author.split()[-1] if author.split() else ""


_DOI_PREFIX = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*|DOI:?\s*)+", re.I)


def _doi(finding: Finding, _: dict[str, Reference], result: DocumentResult) -> Edit | None:
    if finding.evidence.get("field") == "doi" and finding.evidence.get("value"):
        return _doi_field(finding, str(finding.evidence["value"]))
    written = finding.text
    bare = _DOI_PREFIX.sub("", written.strip()).rstrip(".,;:)]}")
    if not is_valid_doi(bare.lower()) or bare == written:
        return None
    in_bib = finding.span.path.lower().endswith(".bib") or result.document.kind == "bib"
    new = bare if in_bib else f"https://doi.org/{bare}"
    return Edit(finding.span, written, new, finding,
                "the DOI's normal form" + (" (a bibliography field holds the DOI alone)"
                                           if in_bib else ""), {"doi": bare.lower()})


def _doi_field(finding: Finding, value: str) -> Edit | None:
    """A .bib ``doi`` field that holds a whole URL: the DOI alone, where the value stands
    once in its entry."""
    bare = _DOI_PREFIX.sub("", value.strip())
    entry = bib_entry(finding.span) if finding.span.path.lower().endswith(".bib") else None
    if entry is None or not is_valid_doi(bare.lower()) or bare == value:
        return None
    body = entry.text[entry.start:entry.closing]
    at = body.find(value)
    if at < 0 or body.find(value, at + 1) >= 0:
        return None
    return Edit(entry.span(finding.span.path, entry.start + at, len(value)), value, bare,
                finding, "a bibliography's doi field holds the DOI alone (styles print the "
                "https://doi.org/ before it)", {"doi": bare.lower()})


_MAKERS: dict[str, Maker] = {
    "metadata-mismatch": registered,
    "doi-suggested": suggested_doi,
    "citation-unmatched": _citation,
    "doi-malformed": _doi,
    "link-redirected": redirected,
    "link-dead": archived,
    "link-blocked": archived,
    "link-error": archived,
}
FIXABLE = frozenset(_MAKERS)
