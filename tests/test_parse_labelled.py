"""The entry parser on 80 real references we labelled, in our users' styles.

bench/parse_accuracy.py prints the same figures with GROBID's sets; this test
keeps the styles of our users from regressing.
"""

from __future__ import annotations

import json
from pathlib import Path

from rapidfuzz import fuzz

from citecheck.extract.references import parse_entry
from citecheck.text import fold_words

LABELS = Path(__file__).resolve().parent.parent / "bench" / "data" / "refs_humanities.jsonl"


def _rows() -> list[dict[str, str]]:
    with LABELS.open(encoding="utf-8") as handle:
        return [row for row in map(json.loads, handle) if "raw" in row]


def test_labelled_references_field_accuracy():
    rows = _rows()
    assert len(rows) == 80
    wrong: dict[str, list[str]] = {"year": [], "first author": [], "title": []}
    for row in rows:
        fields = parse_entry(row["raw"])
        if str(fields.get("year", ""))[:4] != row["year"]:
            wrong["year"].append(row["raw"])
        authors = fields.get("authors") or ()
        if not authors or fold_words(str(authors[0])) != fold_words(row["first_author"]):  # type: ignore[index]
            wrong["first author"].append(row["raw"])
        title = str(fields.get("title") or "")
        if fuzz.ratio(fold_words(title), fold_words(row["title"])) < 90:
            wrong["title"].append(row["raw"])
    for field, misses in wrong.items():
        assert len(misses) <= len(rows) * 0.05, (field, misses)


def test_every_style_and_language_is_represented():
    rows = _rows()
    assert {r["lang"] for r in rows} == {"en", "fr"}
    assert {r["style"] for r in rows} >= {"apa", "mla", "chicago-ad", "chicago-nb", "harvard",
                                          "ieee", "vancouver", "iso690"}
