"""Link findings: what the link checker and the Wayback Machine found, per URL.

One finding per URL, at its first place in the document; an archived copy
becomes the suggestion.  A title given in the bibliography for a URL is
compared with the page's own title (site names after " | ", " - " and the
like do not count).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rapidfuzz import fuzz

from citecheck.check.registry import normalise_title, titles_agree
from citecheck.model import (
    IN_TROUBLE,
    Extraction,
    Finding,
    Link,
    LinkCheck,
    LinkStatus,
    Reference,
    Severity,
)

_SEPARATORS = re.compile(r"\s+[|–—:·»-]\s+|\s+::\s+")

KINDS = {
    LinkStatus.DEAD: ("link-dead", Severity.ERROR),
    LinkStatus.ERROR: ("link-error", Severity.WARNING),
    LinkStatus.BLOCKED: ("link-blocked", Severity.WARNING),
    LinkStatus.REDIRECTED: ("link-redirected", Severity.WARNING),
    LinkStatus.REFUSED: ("link-refused", Severity.WARNING),
    LinkStatus.UNSTABLE: ("link-unstable", Severity.WARNING),
}


def page_title_agrees(cited: str, page: str) -> bool:
    """The cited title is the page's title, or one of its " | "-separated parts."""
    if titles_agree(cited, page):
        return True
    parts = [p for p in _SEPARATORS.split(page) if p.strip()]
    if any(titles_agree(cited, part) for part in parts):
        return True
    a, b = normalise_title(cited), normalise_title(page)
    return bool(a and b) and fuzz.partial_ratio(a, b) >= 95 and len(a) >= 20


def link_findings(extraction: Extraction, checks: Mapping[str, LinkCheck]) -> list[Finding]:
    findings: list[Finding] = []
    first: dict[str, Link] = {}
    for link in extraction.links:
        first.setdefault(link.url, link)
    by_url: dict[str, Reference] = {r.url: r for r in extraction.references if r.url}
    for url, link in first.items():
        check = checks.get(url)
        if check is None or check.status is LinkStatus.UNCHECKED:
            continue
        host = re.sub(r"^https?://", "", url).split("/")[0]
        if check.status in KINDS:
            kind, severity = KINDS[check.status]
            message = {
                LinkStatus.DEAD: f"{host}: {check.reason}",
                LinkStatus.ERROR: f"{host}: {check.reason} (tried again at the end of the run)",
                LinkStatus.BLOCKED: f"{host} {check.reason} — unverified, not dead",
                LinkStatus.REDIRECTED: f"{host}: {check.reason}",
                LinkStatus.REFUSED: f"not fetched: {check.reason}",
                LinkStatus.UNSTABLE: f"{host}: {check.reason}",
            }[check.status]
            if check.status is LinkStatus.REDIRECTED:
                suggestion = check.final_url
            elif check.archive_url:
                suggestion = f"archived copy: {check.archive_url}"
            elif check.status is LinkStatus.DEAD:
                suggestion = "find where the page moved, or cite an archived copy"
            else:
                suggestion = None
            findings.append(Finding(kind, severity, link.span, message, url, suggestion, {
                "status": check.status.value, "http_status": check.http_status,
                "final_url": check.final_url, "archive_url": check.archive_url,
                "reason": check.reason}))
        if check.archive_url == "":  # asked, and never captured
            findings.append(_unarchived(url, check, link))
        ref = by_url.get(url)
        if (check.status is LinkStatus.ALIVE and ref is not None and ref.title and check.title
                and not page_title_agrees(ref.title, check.title)):
            findings.append(Finding(
                "link-title-mismatch", Severity.WARNING, link.span,
                f"the page at {host} is titled « {check.title} », not « {ref.title} »", url,
                "check that the URL is the work cited",
                {"cited": ref.title, "page": check.title}))
    return findings


def _unarchived(url: str, check: LinkCheck, link: Link) -> Finding:
    """No capture of a page in trouble: a warning, its text may be lost.  No capture of a
    page that answers (``--archive all``): said, for an editor to archive it."""
    if check.status in IN_TROUBLE:
        return Finding("link-unarchived", Severity.WARNING, link.span,
                       f"the Wayback Machine has no capture of {url}: the source is at risk",
                       url, "archive it now if it still opens in a browser (web.archive.org/save) "
                       "and cite the archived copy", {"url": url})
    return Finding("link-unarchived", Severity.INFO, link.span,
                   f"the Wayback Machine has no capture of {url} yet", url,
                   "have it captured: citecheck archive (Save Page Now)",
                   {"url": url})
