"""``--format json``: the CONTRACT.md report, complete and stable."""

from __future__ import annotations

import json
from typing import Any, TextIO

from citecheck import __version__
from citecheck.model import AuditResult, DocumentResult, Finding, Severity, Span
from citecheck.text import json_safe


def _where(span: Span) -> dict[str, int]:
    """Line and column; in a PDF, the page and the line on it."""
    if span.page:
        return {"page": span.page, "line": span.page_line, "column": span.column}
    return {"line": span.line, "column": span.column}


def _finding(finding: Finding, doc_path: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": finding.kind,
        "severity": finding.severity.value,
        **_where(finding.span),
        "message": finding.message,
        "suggestion": finding.suggestion,
        "evidence": dict(finding.evidence),
    }
    if finding.span.path != doc_path:
        out["path"] = finding.span.path  # a finding in the .bib a document uses
    return out


def document_dict(result: DocumentResult) -> dict[str, Any]:
    x = result.extraction
    path = result.document.path
    references = [
        {
            "id": r.id, **_where(r.span), "authors": list(r.authors), "year": r.year,
            "title": r.title, "container": r.container, "volume": r.volume, "issue": r.issue,
            "pages": r.pages, "publisher": r.publisher, "doi": r.doi, "url": r.url,
            "raw": r.raw, **({"key": r.key} if r.key else {}),
            **({"path": r.span.path} if r.span.path != path else {}),
        }
        for r in x.references
    ]
    citations = [
        {
            **_where(c.span), "text": c.text, "form": c.form,
            "authors": list(c.authors), "year": c.year, "reference": ref,
        }
        for c, ref in zip(x.citations, result.citation_refs, strict=True)
    ]
    links = []
    for link in x.links:
        check = result.link_checks.get(link.url)
        links.append({
            **_where(link.span), "url": link.url,
            "status": check.status.value if check else "unchecked",
            "http_status": check.http_status if check else None,
            "final_url": check.final_url if check else None,
            "archive_url": (check.archive_url or None) if check else None,
            **({"path": link.span.path} if link.span.path != path else {}),
        })
    return {
        "path": path,
        "title": x.title,
        "language": x.lang,
        "references": references,
        "citations": citations,
        "links": links,
        "dois": [{**_where(d.span), "doi": d.value} for d in x.dois],
        "footnotes": {
            "calls": len(x.markers), "texts": len(x.notes),
            "missing": [m.label for i, m in enumerate(x.markers) if i not in x.note_pairs],
        },
        "findings": [_finding(f, path) for f in result.findings],
        "unchecked": result.unchecked_count,
        "unchecked_reasons": [u.reason for u in result.unchecked],
    }


def report_dict(result: AuditResult) -> dict[str, Any]:
    return {
        "schema": 1,
        "tool": {"name": "citecheck", "version": __version__},
        "documents": [document_dict(d) for d in result.documents],
        "summary": {
            "documents": len(result.documents),
            "findings": {s.value: result.count(s) for s in Severity},
            "unchecked": result.unchecked,
        },
    }


def render_json(result: AuditResult, stream: TextIO) -> None:
    """Indented like ``indent=2``, except that each reference, citation, link, DOI and
    finding sits on one line of its own (as in CONTRACT.md's sample): a record per line
    reads and diffs well, and is written by json's C encoder, which ``indent`` turns off
    (the whole report in pure Python took 18 ms for 2,000 links)."""
    out: list[str] = []
    _layout(report_dict(result), "", out)
    out.append("\n")
    stream.write(json_safe("".join(out)))


_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _layout(value: Any, pad: str, out: list[str]) -> None:
    if isinstance(value, dict) and value:
        brackets = "{}"
        entries = [(f"{_compact(key)}: ", item, False) for key, item in value.items()]
    elif isinstance(value, list) and value:
        brackets = "[]"
        entries = [("", item, _record(item)) for item in value]
    else:
        out.append(_compact(value))
        return
    inner = pad + "  "
    out.append(brackets[0] + "\n")
    for index, (label, item, one_line) in enumerate(entries):
        out.append(inner + label)
        if one_line:
            out.append(_compact(item))
        else:
            _layout(item, inner, out)
        out.append(",\n" if index < len(entries) - 1 else "\n")
    out.append(pad + brackets[1])


def _record(value: Any) -> bool:
    """A list item written on one line: a scalar, or a dict holding no list of dicts
    (a finding with its evidence, a link, a reference with its authors)."""
    if isinstance(value, dict):
        return all(_record(item) for item in value.values())
    if isinstance(value, list):
        return not any(isinstance(item, dict | list) for item in value)
    return True
