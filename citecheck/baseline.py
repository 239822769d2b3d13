"""Baselines: today's findings, recorded so that a CI check reports only new ones.

Findings are matched by fingerprint (kind, file, text, rank), so moving lines
does not bring old findings back.
"""

from __future__ import annotations

import json
from pathlib import Path

from citecheck import __version__
from citecheck.errors import ConfigError
from citecheck.fingerprint import fingerprints, relative_uri
from citecheck.model import AuditResult


def write_baseline(result: AuditResult, path: str) -> int:
    entries = []
    for document in result.documents:
        for finding, fingerprint in zip(document.findings, fingerprints(document.findings),
                                        strict=True):
            entries.append({"fingerprint": fingerprint, "kind": finding.kind,
                            "path": relative_uri(finding.span.path), "text": finding.text[:120]})
    Path(path).write_text(json.dumps({"citecheck": __version__, "version": 1,
                                      "findings": entries}, ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
    return len(entries)


def read_baseline(path: str) -> frozenset[str]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return frozenset(str(entry["fingerprint"]) for entry in data["findings"])
    except FileNotFoundError:
        raise ConfigError(f"--baseline {path}: no such file") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"--baseline {path}: not a citecheck baseline ({exc})") from None
