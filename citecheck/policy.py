"""What the user asked to see: the findings kept, with the severity they set.

Applied once per document after every check has spoken, in this order: the final order
of findings (the document's own lines first, then its ``.bib`` and chapters), the kinds
selected or ignored (``--select``/``--ignore``, codes or names or prefixes of either,
through ``citecheck.rules``), severity overrides from the configuration, inline
``citecheck: ignore`` comments, and the baseline of findings already accepted.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from pathlib import Path

from citecheck.fingerprint import fingerprints
from citecheck.model import AuditOptions, Document, Finding
from citecheck.rules import kinds_of, matching


def selected(kind: str, options: AuditOptions) -> bool:
    """``--select``/``--ignore``: ``link-`` or ``CC4`` selects every link kind."""
    if options.select and kind not in kinds_of(tuple(options.select)):
        return False
    return kind not in kinds_of(tuple(options.ignore))


_SUPPRESS = re.compile(r"(?:<!--|%|#|//)\s*citecheck:\s*ignore\b([^\n>]*)")


@functools.lru_cache(maxsize=64)
def _source_lines(path: str) -> tuple[str, ...]:
    try:
        source = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    # Most documents have no directive: a large one is then not split into lines.
    return tuple(source.split("\n")) if "citecheck:" in source else ()


def suppressed(finding: Finding) -> bool:
    """A ``citecheck: ignore [kinds or codes]`` comment on the finding's line or the
    line above; with no kind, every finding there."""
    lines = _source_lines(finding.span.path)
    for number in (finding.span.line, finding.span.line - 1):
        if 1 <= number <= len(lines):
            match = _SUPPRESS.search(lines[number - 1])
            if match:
                named = [k.strip() for k in re.split(r"[\s,]+", match.group(1).replace("-->", ""))
                         if k.strip()]
                if not named or any(finding.kind in matching(k) for k in named):
                    return True
    return False


def _order(finding: Finding, path: str) -> tuple[bool, str, int, int, str]:
    span = finding.span
    return (span.path != path, span.path, span.line, span.column, finding.kind)


def apply(findings: Iterable[Finding], doc: Document,
          options: AuditOptions) -> tuple[Finding, ...]:
    """The findings of ``doc`` the user asked to see, in report order."""
    kept = sorted((f for f in findings if selected(f.kind, options)),
                  key=lambda f: _order(f, doc.path))
    kept = [dataclasses.replace(f, severity=options.severity[f.kind])
            if f.kind in options.severity else f for f in kept]
    # A directive may be there (in comments the text leaves out: HTML, LaTeX, Markdown).
    if doc.kind in {"html", "latex", "markdown"} or "citecheck:" in doc.text:
        kept = [f for f in kept if not suppressed(f)]
    if options.baseline:
        kept = [f for f, fp in zip(kept, fingerprints(kept), strict=True)
                if fp not in options.baseline]
    return tuple(kept)
