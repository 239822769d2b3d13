"""What the prose says of a work it cites, against the entry the citation reaches.

"*Causal Inference: What If* [@hernan2020]" or "John Smith [-@smith2004]": the reader
meets a title or an author's name right before the citation, and the entry should
carry the same.  A title in italics or quotes that is not the entry's, or a first name
other than the entry author's, is a slip of one of the two (issue 18, item 5).  Only
what stands right before a citation of one work is compared; emphasis of a word or
two, initials and a name's short form ("Dan"/"Daniel") say nothing.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from citecheck.check.local import persons
from citecheck.model import Citation, Extraction, Finding, Reference, Severity
from citecheck.text import fold

_KEY_FORMS = frozenset({"pandoc", "myst", "liquid"})
_TITLE_BEFORE = re.compile(
    r"(?:\*(?P<a>[^*\n]{8,200})\*|_(?P<b>[^_\n]{8,200})_|[“\"«]\s*(?P<c>[^”\"»\n]{8,200}?)"
    r"\s*[”\"»])[\s,.;:]{0,3}\(?\[?$")
"""A title in italics or quotes ending right before a citation."""
_NAME_BEFORE = re.compile(
    r"(?<![\w.])(?P<given>[A-ZÀ-ÝĀ-Ž][a-zß-ÿā-ž]{2,})\s+(?P<family>[A-ZÀ-ÝĀ-Ž][\w'’-]+)"
    r"['’]?s?[\s,]{0,3}\(?\[?$")
"""A given name and a family name right before a citation ("John Smith [-@smith2004]")."""
_TITLE_NEAR = 60
"""rapidfuzz token-set ratio under which a title in the prose is another work's."""


def prose_mismatches(text: str, extraction: Extraction,
                     resolved: list[str | None]) -> list[Finding]:
    """Titles and first names written right before a citation of one work, unlike the
    entry that citation reaches."""
    by_id = {ref.id: ref for ref in extraction.references}
    findings: list[Finding] = []
    for index, citation in enumerate(extraction.citations):
        ref = by_id.get(resolved[index] or "")
        if ref is None or citation.form not in _KEY_FORMS or _in_group(text, citation):
            continue
        before = text[max(0, citation.span.start - 220):citation.span.start]
        finding = _title_slip(citation, ref, before) or _given_name_slip(citation, ref, before)
        if finding:
            findings.append(finding)
    return findings


def _in_group(text: str, citation: Citation) -> bool:
    """A citation among others in one bracket ("[@a; @b]"): what precedes the bracket is
    not about it alone."""
    opening = text.rfind("[", max(0, citation.span.start - 200), citation.span.start + 1)
    closing = text.find("]", citation.span.end, citation.span.end + 200)
    if opening == -1 or closing == -1 or "\n\n" in text[opening:closing]:
        return False
    return ";" in text[opening:closing]


def _title_slip(citation: Citation, ref: Reference, before: str) -> Finding | None:
    match = _TITLE_BEFORE.search(before)
    if match is None or not ref.title:
        return None
    written = next(g for g in match.group("a", "b", "c") if g)
    if len(written.split()) < 3 or not written[:1].isupper():
        return None  # emphasis of a word or two, not a title
    cited, listed = fold(written), fold(ref.title)
    if listed.startswith(cited) or cited.startswith(listed) or fuzz.token_set_ratio(
            cited, listed) >= _TITLE_NEAR:
        return None
    return Finding(
        "metadata-mismatch", Severity.WARNING, citation.span,
        f"the text gives the title « {written} », but the entry cited here is « {ref.title} »",
        citation.text, ref.title, {"written": written, "listed": ref.title, "entry": ref.id})


def _given_name_slip(citation: Citation, ref: Reference, before: str) -> Finding | None:
    match = _NAME_BEFORE.search(before)
    if match is None:
        return None
    given, family = match.group("given"), match.group("family")
    listed = dict(persons(ref)).get(fold(family))
    if listed is None or _same_given(given, listed):
        return None
    return Finding(
        "metadata-mismatch", Severity.WARNING, citation.span,
        f"the text names « {given} {family} », but the entry's author is « {listed} "
        f"{family} »: one of the two first names is wrong",
        citation.text, f"{listed} {family}", {"written": given, "listed": listed,
                                              "entry": ref.id})


def _same_given(one: str, other: str) -> bool:
    """One given name written two ways: an accent, or a short form ("Dan"/"Daniel")."""
    a, b = fold(one), fold(other)
    return a == b or a.startswith(b) or b.startswith(a)
