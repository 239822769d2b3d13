"""``--format html``: one self-contained page an editor can look at.

Each document's text with the flagged spans highlighted (the finding in the
highlight's tooltip and in a side list), filters by severity and kind, and
the summary table.  No external script, font or style.  Every piece of
document text goes through ``html.escape``: the page must show a hostile
title, never run it.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TextIO

from citecheck import __version__
from citecheck.errors import InputError
from citecheck.fingerprint import relative_uri
from citecheck.model import AuditResult, DocumentResult, Finding, Severity
from citecheck.rules import by_name
from citecheck.text import visible

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2433;
  background:#f6f7f9;}
header{background:#1d2433;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:20px}
main{padding:16px 24px}
table{border-collapse:collapse;background:#fff}
th,td{border:1px solid #d7dbe2;padding:4px 10px;text-align:right}
th:first-child,td:first-child{text-align:left}
.filters{margin:12px 0;display:flex;gap:16px;flex-wrap:wrap;align-items:center}
section.doc{background:#fff;border:1px solid #d7dbe2;border-radius:6px;margin:18px 0;
  padding:12px 16px;}
.doc h2{font-size:16px;margin:4px 0 10px}
.cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px}
.text{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;white-space:pre-wrap;
  word-break:break-word;max-height:70vh;overflow:auto;border:1px solid #eee;padding:8px;}
.ln{color:#9aa3b2;user-select:none;display:inline-block;width:4em}
mark{border-radius:3px;padding:0 1px;cursor:help}
mark.error{background:#ffc9c9}
mark.warning{background:#ffe8a3}
mark.info{background:#cfe3ff}
ol.findings{margin:0;padding-left:20px;font-size:13.5px;max-height:70vh;overflow:auto}
ol.findings li{margin:0 0 8px}
.sev{font-weight:700;font-size:11px;padding:1px 6px;border-radius:3px;color:#fff}
.sev.error{background:#c92a2a}
.sev.warning{background:#e67700}
.sev.info{background:#1971c2}
.kind{font-family:ui-monospace,monospace;font-size:12px;color:#495057}
.sugg{color:#2b8a3e}
.hidden{display:none}
"""

SCRIPT = """
function apply(){
  var sev={};document.querySelectorAll('input[data-sev]').forEach(function(b){sev[b.dataset.sev]=b.checked});
  var kind=document.getElementById('kind').value;
  document.querySelectorAll('[data-kind]').forEach(function(e){
    var show=sev[e.dataset.severity]&&(kind===''||e.dataset.kind===kind);
    if(e.tagName==='MARK'){e.className=show?e.dataset.severity:'';}else{e.classList.toggle('hidden',!show);}
  });
}
document.querySelectorAll('input[data-sev],#kind').forEach(function(e){e.addEventListener('change',apply)});
"""


def _e(text: str) -> str:
    """Inert in HTML, with controls and bidirectional overrides shown as placeholders."""
    return html.escape(visible(text), quote=True)


def _source(document: DocumentResult) -> list[str]:
    """The lines the findings' spans count in: the file's, or a Word file's paragraphs."""
    path = Path(document.document.path)
    try:
        if document.document.kind == "docx":
            from citecheck.ingest.docx import docx_to_text

            return docx_to_text(path.read_bytes(), str(path))[2].split("\n")
        return path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    except (OSError, UnicodeDecodeError, InputError):
        return document.document.text.split("\n")


def _marked_lines(lines: list[str], findings: list[Finding], index: dict[int, int]) -> str:
    """Escaped text with each finding's first-line span wrapped in a ``<mark>``."""
    by_line: dict[int, list[Finding]] = {}
    for finding in findings:
        by_line.setdefault(finding.span.line, []).append(finding)
    out = []
    for number, line in enumerate(lines, start=1):
        pieces = []
        pos = 0
        for finding in sorted(by_line.get(number, []), key=lambda f: f.span.column):
            start = max(finding.span.column - 1, pos)
            end = finding.span.end_column - 1 if finding.span.end_line == number else len(line)
            end = max(min(end, len(line)), start)
            if start >= len(line) and line:
                continue
            pieces.append(_e(line[pos:start]))
            title = f"{finding.kind}: {finding.message}"
            if finding.suggestion:
                title += f" → {finding.suggestion}"
            sev = finding.severity.value
            pieces.append(
                f'<mark class="{sev}" id="f{index[id(finding)]}" data-kind="{_e(finding.kind)}" '
                f'data-severity="{sev}" title="{_e(title)}">{_e(line[start:end]) or "⚑"}</mark>')
            pos = end
        pieces.append(_e(line[pos:]))
        out.append(f'<span class="ln">{number}</span>{"".join(pieces)}')
    return "\n".join(out)


def render_html(result: AuditResult, stream: TextIO) -> None:
    kinds = sorted({f.kind for d in result.documents for f in d.findings})
    rules = by_name()
    codes = {kind: rules[kind].code for kind in kinds}
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>citecheck report</title><style>{STYLE}</style></head><body>",
        f"<header><h1>citecheck report</h1><div>citecheck {_e(__version__)} · "
        f"{len(result.documents)} documents · {result.count(Severity.ERROR)} errors · "
        f"{result.count(Severity.WARNING)} warnings · {result.count(Severity.INFO)} infos · "
        f"{result.unchecked} not checked online</div></header><main>",
        "<table><thead><tr><th>document</th><th>references</th><th>errors</th><th>warnings</th>"
        "<th>infos</th><th>not checked</th></tr></thead><tbody>",
    ]
    for doc in result.documents:
        counts = [sum(1 for f in doc.findings if f.severity is s) for s in Severity]
        parts.append(f"<tr><td>{_e(relative_uri(doc.document.path))}</td>"
                     f"<td>{len(doc.extraction.references)}</td>"
                     + "".join(f"<td>{c}</td>" for c in counts)
                     + f"<td>{doc.unchecked_count}</td></tr>")
    parts.append("</tbody></table>")
    parts.append('<div class="filters"><strong>Show</strong>'
                 + "".join(f'<label><input type="checkbox" data-sev="{s.value}" checked> '
                           f'{s.value}</label>' for s in Severity)
                 + '<label>kind <select id="kind"><option value="">all</option>'
                 + "".join(f'<option value="{_e(k)}">{_e(codes[k])} {_e(k)}</option>'
                           for k in kinds)
                 + "</select></label></div>")
    counter = 0
    for doc in result.documents:
        findings = sorted(doc.findings, key=lambda f: (f.span.line, f.span.column))
        index: dict[int, int] = {}
        for finding in findings:
            counter += 1
            index[id(finding)] = counter
        own = [f for f in findings if f.span.path == doc.document.path]
        title = f" — « {_e(doc.extraction.title)} »" if doc.extraction.title else ""
        parts.append(f'<section class="doc"><h2>{_e(relative_uri(doc.document.path))}{title}'
                     f"</h2><div class=\"cols\"><div class=\"text\">"
                     f"{_marked_lines(_source(doc), own, index)}</div><ol class=\"findings\">")
        ordered = sorted(findings, key=lambda f: (-f.severity.rank, f.span.line, f.span.column))
        for finding in ordered:
            sev = finding.severity.value
            suggestion = (f'<div class="sugg">→ {_e(finding.suggestion)}</div>'
                          if finding.suggestion else "")
            parts.append(
                f'<li data-kind="{_e(finding.kind)}" data-severity="{sev}">'
                f'<span class="sev {sev}">{sev}</span> '
                f'<a href="#f{index[id(finding)]}">{finding.span.line}:{finding.span.column}</a> '
                f'<span class="kind">{_e(finding.kind)}</span><div>{_e(finding.message)}</div>'
                f"{suggestion}</li>")
        if not ordered:
            parts.append("<li>No findings.</li>")
        parts.append("</ol></div></section>")
    if kinds:
        parts.append('<section class="legend"><h2>Kinds in this report</h2><dl>' + "".join(
            f"<dt>{_e(codes[k])} {_e(k)}</dt><dd>{_e(rules[k].help)}</dd>" for k in kinds)
            + "</dl></section>")
    parts.append(f"</main><script>{SCRIPT}</script></body></html>")
    stream.write("\n".join(parts) + "\n")
