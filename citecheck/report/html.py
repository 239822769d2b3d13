"""``--format html``: one self-contained page an editor can look at.

Each document's text with the flagged spans highlighted (the finding in the
highlight's tooltip and in a side list), filters by severity and kind, and
the summary table.  No external script, font or style.  Every piece of
document text goes through ``html.escape``: the page must show a hostile
title, never run it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TextIO

from citecheck import __version__
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
ol.findings{margin:0;padding-left:3.6em;font-size:13.5px;max-height:70vh;overflow:auto}
ol.findings li{margin:0 0 8px}
.sev{font-weight:700;font-size:11px;padding:1px 6px;border-radius:3px;color:#fff}
.sev.error{background:#c92a2a}
.sev.warning{background:#e67700}
.sev.info{background:#1971c2}
.kind{font-family:ui-monospace,monospace;font-size:12px;color:#495057}
.sugg{color:#2b8a3e}
.hidden{display:none}
.np{color:#9aa3b2}
mark.current{outline:2px solid #1d2433}
ol.findings li.current{background:#eef2ff}
.keys{color:#495057;font-size:13px}
kbd{border:1px solid #c2c8d2;border-radius:3px;padding:0 4px;font-size:12px;background:#fff}
@media print{
  body{background:#fff}
  header{background:none;color:#000;border-bottom:2px solid #000}
  .filters,.keys{display:none}
  .cols{display:block}
  .text,ol.findings{max-height:none;overflow:visible;border:none}
  section.doc{break-inside:auto;border:none}
  ol.findings li{break-inside:avoid}
  mark,.sev{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  a{color:inherit;text-decoration:none}
}
"""

SCRIPT = """
function apply(){
  var sev={};document.querySelectorAll('input[data-sev]').forEach(function(b){sev[b.dataset.sev]=b.checked});
  var kind=document.getElementById('kind').value;
  document.querySelectorAll('[data-kind]').forEach(function(e){
    var kinds=e.dataset.kind.split(' ');
    var show=sev[e.dataset.severity]&&(kind===''||kinds.indexOf(kind)>=0);
    if(e.tagName==='MARK'){e.className=show?e.dataset.severity:'';}else{e.classList.toggle('hidden',!show);}
  });
}
document.querySelectorAll('input[data-sev],#kind').forEach(function(e){e.addEventListener('change',apply)});
var at=-1;
function go(step){
  var items=Array.prototype.filter.call(document.querySelectorAll('ol.findings li[data-f]'),
    function(li){return !li.classList.contains('hidden')});
  if(!items.length){return}
  at=(at+step+items.length)%items.length;
  document.querySelectorAll('.current').forEach(function(e){e.classList.remove('current')});
  var li=items[at];li.classList.add('current');
  var link=li.querySelector('a');if(link){link.focus()}
  var f=li.dataset.f;var first=null;
  document.querySelectorAll('mark[data-f]').forEach(function(m){
    if((' '+m.dataset.f+' ').indexOf(' '+f+' ')>=0){m.classList.add('current');first=first||m}
  });
  if(first){first.scrollIntoView({block:'center'})}else{li.scrollIntoView({block:'nearest'})}
}
document.addEventListener('keydown',function(e){
  if(e.ctrlKey||e.metaKey||e.altKey||/^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName)){return}
  if(e.key==='n'||e.key==='j'){go(1);e.preventDefault()}
  else if(e.key==='p'||e.key==='k'){go(-1);e.preventDefault()}
});
"""


def _e(text: str) -> str:
    """Inert in HTML, with controls and bidirectional overrides shown as placeholders."""
    return html.escape(visible(text), quote=True)


def _source(document: DocumentResult) -> list[str]:
    """The lines the findings' spans count in: the file's, or a Word file's paragraphs."""
    path = Path(document.document.path)
    if document.document.source is not None:  # Word, ODT, EPUB, PDF: the text read
        return document.document.source.split("\n")
    try:
        return path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    except (OSError, UnicodeDecodeError):
        return document.document.text.split("\n")


def _prose(document: DocumentResult, lines: list[str]) -> list[str] | None:
    """The lines as the checks read them, where they are the file's own, character for
    character (Markdown, Typst, plain text): front matter, code, mathematics, comments and
    template tags blanked.  ``None`` where the read text is not laid out as the file."""
    doc = document.document
    if doc.offsets is not None or doc.source is not None:
        return None
    prose = doc.text.split("\n")
    if len(prose) != len(lines) or any(len(a) != len(b) for a, b in zip(prose, lines, strict=True)):
        return None
    return prose


def _pieces(line: str, prose: str | None) -> str:
    """Unmarked text: escaped, with what the checks do not read (a template tag, inline
    mathematics or code) folded into a dim "⋯" that shows it on hover."""
    if prose is None or prose == line:
        return _e(line)
    out, pos = [], 0
    for hidden in re.finditer(r"\s+", prose):
        s, e = hidden.span()
        if not line[s:e].strip():
            continue
        out.append(_e(line[pos:s]))
        lead = len(line[s:e]) - len(line[s:e].lstrip())
        tail = len(line[s:e]) - len(line[s:e].rstrip())
        out.append(f'{line[s:s + lead]}<span class="np" title="{_e(line[s:e].strip())}">⋯</span>'
                   f"{line[e - tail:e] if tail else ''}")
        pos = e
    out.append(_e(line[pos:]))
    return "".join(out)


def _line_marks(number: int, line: str, findings: list[Finding], index: dict[int, int]
                ) -> list[tuple[int, int, list[Finding]]]:
    """The stretches of line ``number`` each finding covers (0-based, end excluded),
    cut where any of them starts or ends, so that overlapping findings each keep
    exactly their own span: (start, end, the findings covering it)."""
    covered: list[tuple[int, int, Finding]] = []
    for finding in findings:
        span = finding.span
        start = span.column - 1 if span.line == number else 0
        end = span.end_column - 1 if span.end_line == number else len(line)
        start, end = min(start, len(line)), min(max(end, start), len(line))
        covered.append((start, end, finding))
    cuts = sorted({c for start, end, _ in covered for c in (start, end)})
    stretches = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        over = [f for start, end, f in covered if start <= left and right <= end]
        if over:
            stretches.append((left, right, over))
    for start, end, finding in covered:  # a span with no text: a flag where it stands
        if start == end:
            stretches.append((start, start, [finding]))
    return sorted(stretches, key=lambda item: (item[0], item[1]))


def _mark(text: str, over: list[Finding], index: dict[int, int], first: set[int]) -> str:
    worst = max(over, key=lambda f: f.severity.rank)
    numbers = [index[id(f)] for f in over]
    new = [n for n in numbers if n not in first]  # the side list links to a span's start
    first.update(numbers)
    anchors = "".join(f'<a class="anchor" id="f{n}"></a>' for n in new[1:])
    own_id = f' id="f{new[0]}"' if new else ""
    title = "\n".join(f"{f.kind}: {f.message}" + (f" → {f.suggestion}" if f.suggestion else "")
                      for f in over)
    return (f'{anchors}<mark{own_id} class="{worst.severity.value}" '
            f'data-f="{" ".join(map(str, numbers))}"'
            f' data-kind="{_e(" ".join(dict.fromkeys(f.kind for f in over)))}"'
            f' data-severity="{worst.severity.value}" title="{_e(title)}">'
            f'{_e(text) if text else "⚑"}</mark>')


def _marked_lines(lines: list[str], prose: list[str] | None, findings: list[Finding],
                  index: dict[int, int]) -> str:
    """Escaped text with every line of each finding's span in a ``<mark>``; runs of lines
    the checks do not read at all (front matter, code blocks) folded into one line."""
    by_line: dict[int, list[Finding]] = {}
    for finding in findings:
        for number in range(finding.span.line, max(finding.span.end_line, finding.span.line) + 1):
            by_line.setdefault(number, []).append(finding)
    out: list[str] = []
    folded: list[int] = []
    first: set[int] = set()

    def fold() -> None:
        if folded:
            where = (f"{folded[0]}" if len(folded) == 1 else f"{folded[0]}–{folded[-1]}")
            out.append(f'<span class="ln">{where}</span><span class="np">⋯ '
                       f"{len(folded)} line{'s' if len(folded) > 1 else ''} not read "
                       "(metadata, code or template)</span>")
            folded.clear()

    for number, line in enumerate(lines, start=1):
        read = prose[number - 1] if prose is not None else None
        if read is not None and not read.strip() and line.strip() and number not in by_line:
            folded.append(number)
            continue
        fold()
        pieces, pos = [], 0
        for start, end, over in _line_marks(number, line, by_line.get(number, []), index):
            pieces.append(_pieces(line[pos:start], read[pos:start] if read else None))
            pieces.append(_mark(line[start:end], over, index, first))
            pos = max(pos, end)
        pieces.append(_pieces(line[pos:], read[pos:] if read else None))
        out.append(f'<span class="ln">{number}</span>{"".join(pieces)}')
    fold()
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
                 + "</select></label><span class=\"keys\"><kbd>n</kbd>/<kbd>p</kbd> "
                 "(or <kbd>j</kbd>/<kbd>k</kbd>): next / previous finding</span></div>")
    counter = 0
    for doc in result.documents:
        findings = sorted(doc.findings, key=lambda f: (f.span.line, f.span.column))
        index: dict[int, int] = {}
        for finding in findings:
            counter += 1
            index[id(finding)] = counter
        own = [f for f in findings if f.span.path == doc.document.path]
        lines = _source(doc)
        title = f" — « {_e(doc.extraction.title)} »" if doc.extraction.title else ""
        parts.append(f'<section class="doc"><h2>{_e(relative_uri(doc.document.path))}{title}'
                     f"</h2><div class=\"cols\"><div class=\"text\">"
                     f"{_marked_lines(lines, _prose(doc, lines), own, index)}</div>"
                     '<ol class="findings">')
        ordered = sorted(findings, key=lambda f: (-f.severity.rank, f.span.line, f.span.column))
        for finding in ordered:
            sev = finding.severity.value
            suggestion = (f'<div class="sugg">→ {_e(finding.suggestion)}</div>'
                          if finding.suggestion else "")
            span = finding.span
            parts.append(
                f'<li data-kind="{_e(finding.kind)}" data-severity="{sev}" '
                f'data-f="{index[id(finding)]}" data-span="{span.line}:{span.column}-'
                f'{span.end_line}:{span.end_column}" data-own="{int(finding in own)}">'
                f'<span class="sev {sev}">{sev}</span> '
                f'<a href="#f{index[id(finding)]}">{finding.span.shown}</a> '
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
