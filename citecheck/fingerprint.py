"""Stable identities for findings, robust to lines moving.

A fingerprint is the finding's kind, its file, the text it is about and its
rank among identical (kind, text) findings of that file — never its line or
column, so editing elsewhere in the document does not change it.  Used by
SARIF ``partialFingerprints`` and by baselines.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from citecheck.model import Finding
from citecheck.text import fold_words


def _relative(path: str) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for finding in findings:
        key = (finding.kind, _relative(finding.span.path), fold_words(finding.text or finding.message))
        seen[key] += 1
        digest = hashlib.sha256("\x1f".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()
        out.append(digest[:32])
    return out


def relative_uri(path: str) -> str:
    return _relative(path)
