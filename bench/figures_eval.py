"""Precision and recall of the figure and attribution check, per class and language.

Reads tests/data/figures_eval.jsonl (203 labelled sentences and paragraphs, French and
English; the rules were tuned on it) and tests/data/figures_heldout.jsonl (40 written
afterwards and never tuned on); runs each through the full pipeline (extraction of citations, footnotes and
links included) and compares the figures it flags with the labels.  Prints figures;
asserts nothing (tests/test_figures_eval.py keeps a floor).
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from pathlib import Path

from citecheck.check import check_document
from citecheck.extract.document import extract
from citecheck.ingest import load_document
from citecheck.text import fold

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "figures_eval.jsonl"
LABELS = {"figure-unsourced": "unsourced", "attribution-unlinked": "unlinked",
          "attribution-vague": "vague"}
CLASSES = ("unsourced", "unlinked", "vague")


HELDOUT = ROOT / "tests" / "data" / "figures_heldout.jsonl"


def rows(path: Path = DATA) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [row for row in map(json.loads, handle) if "text" in row]


def predict(text: str, folder: Path, index: int) -> list[tuple[str, str]]:
    path = folder / f"row{index}.md"
    path.write_text(text + "\n", encoding="utf-8")
    doc = load_document(path)
    findings, _ = check_document(doc, extract(doc))
    return [(str(f.evidence.get("figure", "")), LABELS[f.kind]) for f in findings
            if f.kind in LABELS and f.evidence.get("figure")]


def same(gold: str, predicted: str) -> bool:
    a, b = fold(gold).replace("’", "'"), fold(predicted).replace("’", "'")
    return bool(a and b) and (a in b or b in a)


def evaluate(path: Path = DATA) -> dict[str, dict[str, list[int]]]:
    """counts[lang][class] = [true positives, false positives, false negatives]."""
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: {c: [0, 0, 0] for c in CLASSES})
    with tempfile.TemporaryDirectory() as tmp:
        for index, row in enumerate(rows(path)):
            lang = str(row["lang"])
            gold = [(str(t), str(label)) for t, label in row["figures"]]  # type: ignore[union-attr]
            predicted = predict(str(row["text"]), Path(tmp), index)
            matched: set[int] = set()
            for text, label in gold:
                hit = next((i for i, (p, _) in enumerate(predicted)
                            if i not in matched and same(text, p)), None)
                predicted_label = predicted[hit][1] if hit is not None else "not flagged"
                if hit is not None:
                    matched.add(hit)
                for cls in CLASSES:
                    if label == cls and predicted_label == cls:
                        counts[lang][cls][0] += 1
                    elif predicted_label == cls:
                        counts[lang][cls][1] += 1
                    elif label == cls:
                        counts[lang][cls][2] += 1
            for i, (_, label) in enumerate(predicted):
                if i not in matched:
                    counts[lang][label][1] += 1  # flagged something that is not a labelled figure
    return counts


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def main() -> None:
    for label, path in (("development set (rules tuned on it)", DATA),
                        ("held-out set (never tuned on)", HELDOUT)):
        print(f"== {label}: {len(rows(path))} rows")
        report(evaluate(path))
    print("aim: precision >= 0.95, recall >= 0.90")


def report(counts: dict[str, dict[str, list[int]]]) -> None:
    print(f"{'lang':5} {'class':10} {'precision':>10} {'recall':>8}   (tp/fp/fn)")
    total = {c: [0, 0, 0] for c in CLASSES}
    for lang in sorted(counts):
        for cls in CLASSES:
            tp, fp, fn = counts[lang][cls]
            total[cls] = [x + y for x, y in zip(total[cls], (tp, fp, fn), strict=True)]
            print(f"{lang:5} {cls:10} {_ratio(tp, tp + fp):>10.2f} {_ratio(tp, tp + fn):>8.2f}"
                  f"   ({tp}/{fp}/{fn})")
    for cls in CLASSES:
        tp, fp, fn = total[cls]
        print(f"{'all':5} {cls:10} {_ratio(tp, tp + fp):>10.2f} {_ratio(tp, tp + fn):>8.2f}"
              f"   ({tp}/{fp}/{fn})")


if __name__ == "__main__":
    main()
