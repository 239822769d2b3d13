"""No catastrophic backtracking (issue 20): text built to be the worst case of the
readers' patterns (runs of one character or one short piece) is read in linear time.
Each case runs under a guard: an exponential pattern would not finish before it (a run
of "A. " once made one name pattern take over 20 s for 3,000 characters, and a run of
"[" made the Markdown link pattern quadratic)."""

from __future__ import annotations

import threading

import pytest

from citecheck.check import check_document
from citecheck.extract.claims import read_claims
from citecheck.extract.document import extract
from citecheck.extract.references import parse_entry
from citecheck.model import Document, DocumentKind

GUARD = 10.0
"""Seconds after which a case is stopped and failed: linear cases take a few hundredths."""
PIECES = ["(", "[", "{", "*a", "_a ", "1 ", "A. ", "Aa ", "Smith, ", "@a", "« ", "http://a",
          "10.1/", "Smith (", "Smith and ", "et al. ", "#", "<sup>", "'a", "a\n", " ", "a",
          "\\cite{", "J. Smith, ", "Name, A. B., ", "A.-B. ", "(2020", "[@a; ", "1, ",
          "Phys. Rev. ", "« A », ", "pp. 1-", "https://doi.org/10.", "$1 ", "40 % "]


def _within_guard(work) -> None:
    done: list[bool] = []
    worker = threading.Thread(target=lambda: (work(), done.append(True)), daemon=True)
    worker.start()
    worker.join(GUARD)
    assert done, "still running at the guard: a pattern backtracks catastrophically"


@pytest.mark.parametrize("piece", PIECES)
def test_a_run_of_one_piece_is_read_in_linear_time(piece):
    text = piece * (20_000 // len(piece))
    doc = Document("worst.md", DocumentKind.MARKDOWN, text, Document.line_starts_of(text))

    def audit_it() -> None:
        extraction = extract(doc)
        check_document(doc, extraction, read_claims(doc))

    _within_guard(audit_it)
    _within_guard(lambda: parse_entry(text[:3000]))
