"""``--format sarif``: SARIF 2.1.0 for code-scanning platforms.

One run; one rule per finding kind (from the catalogue, ``citecheck.rules``), one result per
finding, its artifact URI relative to the working directory, and a
``partialFingerprints`` entry that survives lines moving (``fingerprint.py``).
Document text goes into JSON strings only, never into markup.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from citecheck import __version__
from citecheck.fingerprint import fingerprints, relative_uri
from citecheck.model import AuditResult, Severity
from citecheck.rules import catalogue
from citecheck.text import json_safe

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def rules() -> list[dict[str, Any]]:
    """One SARIF rule per kind of the catalogue; its id stays the kind's name (code
    scanning keys alerts on it), its code and usual severity go in its properties."""
    return [{
        "id": rule.name,
        "name": "".join(part.capitalize() for part in rule.name.split("-")),
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full},
        "help": {"text": rule.help, "markdown": rule.help},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"code": rule.code, "tags": [rule.code]},
    } for rule in catalogue()]


def sarif_dict(result: AuditResult) -> dict[str, Any]:
    rule_list = rules()
    index = {rule["id"]: i for i, rule in enumerate(rule_list)}
    results = []
    for document in result.documents:
        for finding, fingerprint in zip(document.findings, fingerprints(document.findings),
                                        strict=True):
            span = finding.span
            message = finding.message + (f" → {finding.suggestion}" if finding.suggestion else "")
            results.append({
                "ruleId": finding.kind,
                "ruleIndex": index.get(finding.kind, -1),
                "level": LEVEL[finding.severity],
                "message": {"text": message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": relative_uri(span.path), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": span.line, "startColumn": span.column,
                               "endLine": max(span.end_line, span.line),
                               "endColumn": max(span.end_column, 1)},
                }, **({"properties": {"page": span.page, "lineOnPage": span.page_line}}
                      if span.page else {})}],
                "partialFingerprints": {"citecheckFinding/v1": fingerprint},
            })
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "citecheck", "version": __version__,
                "informationUri": "https://github.com/citecheck/citecheck",
                "rules": rule_list,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def render_sarif(result: AuditResult, stream: TextIO) -> None:
    stream.write(json_safe(json.dumps(sarif_dict(result), ensure_ascii=False, indent=2)))
    stream.write("\n")
