"""The HTML report: self-contained, every finding shown, hostile text escaped, and it
renders in a real headless Chromium (Debian's package, installed by the test command)."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

from click.testing import CliRunner
from conftest import DATA, SEEDS

from citecheck.cli import main

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


def _report(tmp_path: Path) -> tuple[str, dict]:
    out = tmp_path / "report.html"
    runner = CliRunner()
    result = runner.invoke(main, ["audit", str(SEEDS), str(DATA / "hostile.md"), "--offline",
                                  "--format", "html", "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    as_json = runner.invoke(main, ["audit", str(SEEDS), str(DATA / "hostile.md"), "--offline",
                                   "--format", "json"])
    return out.read_text(encoding="utf-8"), json.loads(as_json.stdout)


def test_every_finding_is_listed_and_nothing_external(tmp_path):
    page, report = _report(tmp_path)
    total = sum(len(d["findings"]) for d in report["documents"])
    assert page.count('<li data-kind="') == total
    for document in report["documents"]:
        for finding in document["findings"]:
            assert f'data-kind="{finding["kind"]}"' in page
    assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=", page)
    assert "@import" not in page and "url(" not in page


def test_hostile_text_is_escaped(tmp_path):
    page, _ = _report(tmp_path)
    assert page.count("<script>") == 1  # ours, at the end
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "[bold red]Injected[/bold red]" in page
    # An entry's "&lt;b&gt;" is decoded into its title, and the page escapes it again.
    assert "<b>tags" not in page and "&lt;b&gt;tags&lt;/b&gt;" in page


def _png_pixels(path: Path) -> bytes:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return zlib.decompress(idat)


def test_renders_in_headless_chromium(tmp_path):
    page, _ = _report(tmp_path)
    html_file = tmp_path / "report.html"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Debian's chromium is installed by the test command (see README)"
    shot = tmp_path / "shot.png"
    profile = tmp_path / "profile"
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                    "--window-size=1200,900", f"--screenshot={shot}", html_file.as_uri()],
                   capture_output=True, timeout=120, check=False)
    pixels = _png_pixels(shot)
    assert len(set(pixels)) > 50  # text, colours and highlights: not a blank page
    dom = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                          "--dump-dom", html_file.as_uri()],
                         capture_output=True, text=True, timeout=120, check=False).stdout
    assert "citecheck report" in dom and "<mark" in dom


FRONT_MATTER = """---
title: "Un essai"
layout: post
bibliography: refs.bib
---

{% include toc.html %}

# Un essai

Le marché pèse 80 Md€ {{< figure src="x.png" >}} selon nous, et d'autres études
montrent que 40 % des lecteurs doutent (Martin
2019). Selon l'OCDE, 12 % des emplois sont menacés.

```python
x = 40 % 3
```

Fin avec $x^2$ et <!-- un commentaire --> 3 millions de personnes.[^9]

## Références

Dupont, J. (2020). *Un titre*. Paris : Seuil.
"""

CHECK = """
<script>
(function(){
  var out={marks:[],keys:{},numbers:{}};
  document.querySelectorAll('section.doc').forEach(function(section,i){
    section.querySelectorAll('ol.findings li[data-f]').forEach(function(li){
      var f=li.dataset.f;var parts=[];var lines=[];
      section.querySelectorAll('mark[data-f]').forEach(function(m){
        if((' '+m.dataset.f+' ').indexOf(' '+f+' ')<0){return}
        var ln=m.previousElementSibling;
        parts.push(m.textContent);
      });
      out.marks.push({section:i,f:f,span:li.dataset.span,own:li.dataset.own,marked:parts});
    });
  });
  var ol=document.querySelector('ol.findings');
  var count=document.querySelectorAll('ol.findings li').length;
  var style=getComputedStyle(ol);
  var ctx=document.createElement('canvas').getContext('2d');
  ctx.font=style.fontWeight+' '+style.fontSize+' '+style.fontFamily;
  out.numbers={padding:parseFloat(style.paddingLeft),
               widest:ctx.measureText(String(Math.max(count,100))+'. ').width};
  document.dispatchEvent(new KeyboardEvent('keydown',{key:'n'}));
  document.dispatchEvent(new KeyboardEvent('keydown',{key:'n'}));
  document.dispatchEvent(new KeyboardEvent('keydown',{key:'p'}));
  var current=document.querySelector('li.current');
  out.keys={current:current?current.dataset.f:null,
            first:document.querySelector('ol.findings li[data-f]').dataset.f,
            focused:document.activeElement?document.activeElement.tagName:null,
            marked:document.querySelectorAll('mark.current').length};
  var pre=document.createElement('pre');pre.id='check';pre.textContent=JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def _expected(path: str, span: str) -> str:
    """The text of ``span`` ("line:col-end_line:end_col") in the file, read here."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    start, end = span.split("-")
    (line, column), (end_line, end_column) = (map(int, start.split(":")),
                                              map(int, end.split(":")))
    if line == end_line:
        return lines[line - 1][column - 1:end_column - 1]
    return "\n".join([lines[line - 1][column - 1:], *lines[line:end_line - 1],
                      lines[end_line - 1][:end_column - 1]])


def test_every_highlight_covers_exactly_its_finding_in_chromium(tmp_path):
    """In a real browser: for every finding of the seeds, of a Pandoc document and of a
    Markdown essay with front matter, templates, code and a citation over two lines, the
    highlighted text is the finding's span in the file, no more, no less (pieces of a span
    over several lines joined); the side list's numbers fit its margin; n/p move between
    findings and focus them."""
    essay = tmp_path / "essai.md"
    essay.write_text(FRONT_MATTER, encoding="utf-8")
    paths = [*sorted(str(p) for p in SEEDS.glob("*.txt")), str(DATA / "pandoc.md"), str(essay)]
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["audit", *paths, "--offline", "--format", "html",
                                       "--output", str(out)])
    assert result.exit_code in (0, 1), result.stderr
    page = out.read_text(encoding="utf-8")
    assert "title: " not in page and "{% include" not in page  # front matter, templates
    (tmp_path / "check.html").write_text(page.replace("</body>", CHECK + "</body>"),
                                         encoding="utf-8")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Debian's chromium is installed by the test command (see README)"
    dom = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'p'}",
                          "--dump-dom", (tmp_path / "check.html").as_uri()],
                         capture_output=True, text=True, timeout=120, check=False).stdout
    found = re.search(r'<pre id="check">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    report = json.loads(found.group(1).replace("&lt;", "<").replace("&gt;", ">")
                        .replace("&quot;", '"').replace("&amp;", "&"))
    own = [m for m in report["marks"] if m["own"] == "1"]
    assert len(own) >= 20
    for mark in own:
        expected = _expected(paths[mark["section"]], mark["span"])
        assert "\n".join(mark["marked"]) == (expected or "⚑"), (paths[mark["section"]], mark)
    assert any(len(m["marked"]) > 1 for m in own)  # a span over two lines, in two pieces
    assert report["numbers"]["widest"] <= report["numbers"]["padding"]
    keys = report["keys"]
    assert keys["marked"] >= 1 and keys["focused"] == "A"
