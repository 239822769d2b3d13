"""Reporters: ``AuditResult`` → text for a person or a program.

Every reporter escapes document text for its medium (rich markup, HTML, JSON); none of
them changes what was found.  Each is a function ``(result, stream) -> None`` named in
``REPORTERS``; ``reporter(name)`` imports only the one asked for (rich alone takes tens
of milliseconds to import).  A new format is a module with such a function and a line
in the table.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from citecheck.model import AuditResult


class Reporter(Protocol):
    def __call__(self, result: AuditResult, stream: TextIO) -> None: ...


REPORTERS: dict[str, str] = {
    "terminal": "citecheck.report.terminal:render_to",
    "json": "citecheck.report.json_report:render_json",
    "sarif": "citecheck.report.sarif:render_sarif",
    "markdown": "citecheck.report.markdown:render_markdown",
    "html": "citecheck.report.html:render_html",
}
"""``--format`` name → ``module:function``, the first being the default."""


def reporter(name: str) -> Reporter:
    """The reporter ``--format name`` asks for, imported now."""
    module, function = REPORTERS[name].split(":")
    found: Reporter = getattr(importlib.import_module(module), function)
    return found
