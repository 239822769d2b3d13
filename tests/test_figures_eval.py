"""The labelled figure set keeps the figure check at its aim (precision >= 0.95,
recall >= 0.90 per class and language); bench/figures_eval.py prints the figures,
with the held-out set beside them."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import figures_eval  # noqa: E402


def test_labelled_set_size_and_languages():
    rows = figures_eval.rows()
    assert len(rows) >= 200
    assert {r["lang"] for r in rows} == {"fr", "en"}
    labels = {label for r in rows for _, label in r["figures"]}  # type: ignore[union-attr]
    assert labels == {"sourced", "unlinked", "vague", "unsourced", "none"}


def test_precision_and_recall_per_class_and_language():
    counts = figures_eval.evaluate()
    for lang, classes in counts.items():
        for cls, (tp, fp, fn) in classes.items():
            assert tp / max(tp + fp, 1) >= 0.95, (lang, cls, tp, fp, fn)
            assert tp / max(tp + fn, 1) >= 0.90, (lang, cls, tp, fp, fn)
