"""Precision and recall of citecheck on real documents written by others (issue 18).

Reads bench/corpus/manifest.toml (the documents, restored by bench/corpus_pull.py)
and bench/corpus/labels/<id>.toml, written by reading each document whole, never by
running the tool:

    references = 11            # entries its bibliography really holds (cited or not)
    printed = 6                # of those, what a shared library prints (the cited ones)
    [[defect]]                 # a real defect a reader can see offline
    kind = "citation-unmatched"
    file = "template.qmd"      # the file the finding points into
    line = 573                 # in a PDF: page = 4 and line = the line on that page
    note = "key drift: Kirschmer-2010-… for Kirschmer:2010:…"
    online = true              # only a registry or a network shows it: counted apart

A manifest entry may give ``bibliography = ["data/refs.json"]``: the files its author
passes to Pandoc on the command line (its README says so), passed as --bibliography.

A finding is right when a labelled defect has its kind, file and line; every other
finding is a false alarm.  Documents without a labels file are audited and listed,
but counted in no figure.  Prints, per document and for the tuning and held-out sets
apart: references found against labelled, citations read, defects caught, findings
right and wrong, precision and recall; then every false alarm, to read.
"""

from __future__ import annotations

import os
import sys
import tempfile
import tomllib
from pathlib import Path

from citecheck.audit import audit
from citecheck.model import AuditOptions, Finding

HERE = Path(__file__).parent / "corpus"


def _matches(finding: Finding, defect: dict[str, object]) -> bool:
    """Same kind, file and line; in a PDF, the page and the line on it (``page =``)."""
    where = ((finding.span.page, finding.span.page_line) == (defect["page"], defect["line"])
             if "page" in defect else finding.span.line == defect["line"])
    return (finding.kind == defect["kind"] and Path(finding.span.path).name == defect["file"]
            and where)


def main() -> int:
    os.environ.setdefault("CITECHECK_CACHE", str(Path(tempfile.mkdtemp()) / "cache.sqlite3"))
    manifest = tomllib.loads((HERE / "manifest.toml").read_text(encoding="utf-8"))
    totals: dict[str, list[int]] = {}
    wrong: list[str] = []
    missed: list[str] = []
    needs_network: list[str] = []
    print(f"{'document':22} {'set':7} {'refs':>9} {'cits':>5} {'caught':>8} {'right':>6} "
          f"{'wrong':>6}")
    for doc in manifest["doc"]:
        path = HERE / doc["id"] / doc["files"][0]
        if not path.exists():
            print(f"{doc['id']:22} missing: run bench/corpus_pull.py", file=sys.stderr)
            continue
        # As its author builds it: a bibliography named on Pandoc's command line.
        bibliography = tuple(str(HERE / doc["id"] / b) for b in doc.get("bibliography", []))
        result = audit(AuditOptions(paths=(str(path),), offline=True, bibliography=bibliography))
        # A LaTeX main file is audited with the chapters it includes: all count.
        findings = [f for document in result.documents for f in document.findings]
        label_file = HERE / "labels" / f"{doc['id']}.toml"
        refs = len({(r.span.path, r.span.line) for document in result.documents
                    for r in document.extraction.references})
        cits = sum(len(document.extraction.citations) for document in result.documents)
        if not label_file.exists():
            print(f"{doc['id']:22} {'-':7} {refs:>9} {cits:>5}   (unlabelled: "
                  f"{len(findings)} findings)")
            continue
        labels = tomllib.loads(label_file.read_text(encoding="utf-8"))
        # Defects only a registry or a network shows are reported apart: this bench
        # runs offline, and the aim is on what can be seen without one.
        online = [d for d in labels.get("defect", []) if d.get("online")]
        defects = [d for d in labels.get("defect", []) if not d.get("online")]
        needs_network += [f"{doc['id']}: {d['kind']} {d['file']}:{d['line']} {d.get('note', '')}"
                          for d in online]
        right = [f for f in findings if any(_matches(f, d) for d in defects)]
        caught = [d for d in defects if any(_matches(f, d) for f in findings)]
        false = [f for f in findings if f not in right]
        missed += [f"{doc['id']}: {d['kind']} {d['file']}:{d['line']} {d.get('note', '')}"
                   for d in defects if d not in caught]
        # A shared library: what the document prints (cites) is what it must find.
        expected = labels.get("printed", labels["references"])
        split = "" if refs == expected else "  << references split wrong"
        wrong += [f"{doc['id']}: {f.kind} {Path(f.span.path).name}"
                  f"{', ' + f.span.shown if f.span.page else ':' + str(f.span.line)} "
                  f"{f.message[:100]}" for f in false]
        row = totals.setdefault(doc["set"], [0, 0, 0, 0, 0])
        for i, n in enumerate((len(right), len(false), len(caught), len(defects), 1)):
            row[i] += n
        print(f"{doc['id']:22} {doc['set']:7} {refs:>4}/{expected:<4} {cits:>5} "
              f"{len(caught):>3}/{len(defects):<4} {len(right):>6} {len(false):>6}{split}")
    print()
    for name, (right_n, false_n, caught_n, defects_n, docs) in sorted(totals.items()):
        precision = right_n / (right_n + false_n) if right_n + false_n else 1.0
        recall = caught_n / defects_n if defects_n else 1.0
        print(f"{name}: {docs} documents, {right_n} right and {false_n} wrong findings "
              f"(precision {precision:.0%}), {caught_n} of {defects_n} defects caught "
              f"(recall {recall:.0%})")
    for title, lines in (("false alarms", wrong), ("defects missed", missed),
                         ("defects only a network shows (not counted)", needs_network)):
        if lines:
            print(f"\n{title}:")
            print("\n".join(f"  {line}" for line in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
