"""Citations by key: Pandoc's ``@key``, and links to an entry's anchor.

A key names one entry or none.  One that names none is an error (Pandoc prints "???"
in its place) with the nearest key suggested, the commonest real slip being a key that
drifted in a re-export (``smith2004`` for ``smith2004a``); keys with no bibliography at
all are said once.  A link to an entry's anchor that no entry carries leads nowhere.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from citecheck.model import Citation, Extraction, Finding, Reference, Severity
from citecheck.text import fold

if TYPE_CHECKING:
    from citecheck.check.citations import Matcher

def year_matches(cited: str | None, entry: str | None) -> bool:
    if not cited or not entry:
        return False
    if cited == entry:
        return True
    # "2025" cites "2025a" (ambiguity is decided on the whole candidate list).
    return cited[:4] == entry[:4] and len(cited) == 4


_KEY_NEAR = 80
"""rapidfuzz ratio from which an unknown key is taken for a drifted one (smith2004 /
smith2004a 94.7; a re-export's renamed key)."""


def pandoc_key(citation: Citation, matcher: Matcher, extraction: Extraction,
               findings: list[Finding], unknown: list[Citation]) -> str | None:
    """The entry a ``@key`` citation names.  A key that names nothing is an error
    (Pandoc prints "???" in its place) with the nearest key suggested — unless no
    bibliography could be found, or a file the document names is missing: then the keys
    are gathered and reported once (``unknown``), since the fault is not theirs."""
    key = citation.key or ""
    ref = matcher.by_key.get(key)
    if "@" not in citation.text:  # "[@a; b2006]": a key that lost its @
        if ref:
            findings.append(unmatched(
                citation, f"« {key} » lacks its @ in this citation group: Pandoc prints it "
                "as text and cites nothing", f"@{key}", Severity.WARNING))
        return ref.id if ref else None
    if ref:
        return ref.id
    handle = citation.text.startswith("@") and not any(c.isdigit() for c in key)
    if not extraction.references or extraction.missing_bibs:
        # A document that names a bibliography cites with its bare keys; one that names
        # none may mention a "@user" handle.
        if not handle or extraction.missing_bibs:
            unknown.append(citation)
        return None
    near = _nearest_key(key, [*matcher.by_key, *extraction.library_keys])
    if near is None and handle:
        return None  # a bare "@name" with nothing like it in the bibliography: a handle
    message = f"@{key} is not a key of the bibliography ({_SHOWN.get(citation.form, _SHOWN['pandoc'])})"
    findings.append(unmatched(citation, message + (f"; did you mean @{near}?" if near else ""),
                               f"@{near}" if near else None, Severity.ERROR))
    return None


_SHOWN = {
    "pandoc": "the output shows ??? in its place",
    "liquid": "the output shows (missing reference) in its place",
    "myst": "the book's build warns that it cannot find it",
}
"""What a reader or the author sees of an unknown key, by the toolchain that cites it."""


def anchor_citation(citation: Citation, matcher: Matcher, findings: list[Finding]) -> str | None:
    """A link to an entry's anchor (``[Kuhn, 2013](#ref-kuhn_2013)``): the entry, or a
    link that leads nowhere, with the anchor nearest to it."""
    return _keyed(citation, matcher, findings, "#", (
        f"« {citation.text} » links to #{citation.key}, which no entry of the bibliography "
        "carries: the link leads nowhere"))


def keys_without_bibliography(citations: list[Citation], extraction: Extraction) -> Finding:
    keys = sorted({c.key for c in citations if c.key})
    shown = ", ".join(f"@{k}" for k in keys[:5]) + (f" and {len(keys) - 5} more"
                                                     if len(keys) > 5 else "")
    if extraction.missing_bibs:
        missing = ", ".join(f"« {p} »" for p in extraction.missing_bibs)
        message = (f"{len(keys)} citation keys ({shown}) are in no bibliography file found; "
                   f"the document names {missing}, which is not there")
        fix = "restore that file (or correct its name), then audit again"
    else:
        message = (f"{len(keys)} citation keys ({shown}) and no bibliography found to check "
                   "them against")
        fix = ("name it in the front matter (bibliography: refs.bib) or with "
               "--bibliography FILE")
    return Finding("citation-unmatched", Severity.WARNING, citations[0].span, message,
                   citations[0].text, fix, {"keys": keys})


def _nearest_key(key: str, keys: list[str]) -> str | None:
    """The key most like ``key``, when it is near enough to be the one meant."""
    best = max(keys, key=lambda k: fuzz.ratio(k.lower(), key.lower()), default=None)
    return best if best and fuzz.ratio(best.lower(), key.lower()) >= _KEY_NEAR else None


def unmatched(citation: Citation, message: str, suggestion: str | None,
              severity: Severity) -> Finding:
    return Finding("citation-unmatched", severity, citation.span, message, citation.text,
                   suggestion, {})


def label_citation(citation: Citation, matcher: Matcher, findings: list[Finding]) -> str | None:
    """A "[Lewis2016]" call of a labelled reference list: the entry, or a call no label
    answers, with the label nearest to it ("[Lewis2015]" for "[Lewis2016]")."""
    return _keyed(citation, matcher, findings, "[",
                  f"« {citation.text} » is no label of the reference list")


def _keyed(citation: Citation, matcher: Matcher, findings: list[Finding], mark: str,
           message: str) -> str | None:
    """The entry a key (an anchor, a label) names, or a finding with the nearest key,
    written as the document writes it (``#key``, ``[key]``)."""
    key = citation.key or ""
    ref = matcher.by_key.get(key)
    if ref:
        return ref.id
    near = _nearest_key(key, list(matcher.by_key))
    written = f"{mark}{near}{']' if mark == '[' else ''}" if near else None
    findings.append(unmatched(
        citation, message + (f"; did you mean {written}?" if written else ""), written,
        Severity.WARNING))
    return None


def printed_key(citation: Citation) -> Finding:
    """A key the reader sees as text: Pandoc's "key?" or "???", or a key that lost its @."""
    if citation.form == "unresolved":
        return unmatched(citation, f"Pandoc found no entry for @{citation.key} when it "
                         f"rendered this page, and printed « {citation.text} » in its place",
                         None, Severity.ERROR)
    return unmatched(citation, f"« {citation.text} » is a citation key printed as text in a "
                     "citation group (its @ was lost): the work it names is not cited",
                     f"@{citation.key}", Severity.WARNING)


def titled_entry(citation: Citation, references: tuple[Reference, ...]) -> Reference | None:
    """The one entry with no author, whose title ends with the words read as the cited
    "author" and whose year is the cited one: APA cites a work with no author by its
    title ("NetCDF Classic and 64-bit Offset Format (2011)"), and lists it so."""
    if not citation.authors or not citation.year:
        return None
    words = fold(" ".join(citation.authors))
    found = [r for r in references if year_matches(citation.year, r.year) and (
        words in fold(r.title or "") or words in fold(r.raw.split(f"({r.year}")[0]))
        and not _personal_authors(r)]
    return found[0] if len(found) == 1 else None


def _personal_authors(ref: Reference) -> bool:
    """An entry that opens with a person's name ("Rew, R."), not with its title."""
    return bool(re.match(r"[^,.(]{2,40},\s*(?:[A-Z]\.|[A-Z][a-z]+\b)", ref.raw))
