"""An edit: what a finding's span should read instead, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citecheck.model import Finding, Span


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


def closing_brace(text: str, start: int) -> int | None:
    """Where the BibTeX entry opening at ``start`` ("@article{key,") closes."""
    opening = text.find("{", start)
    depth = 0
    for index in range(opening, min(len(text), opening + 100_000)) if opening >= 0 else ():
        char = text[index]
        depth += (char == "{") - (char == "}")
        if depth == 0:
            return index
    return None
