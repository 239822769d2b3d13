"""``citecheck fix`` (issue 23): corrections as a unified diff that ``git apply`` and
``patch -p1`` take, or written in place; only the findings' spans change, every other
byte stays (line endings, byte-order mark); a second run has nothing left to fix; a file
changed since the audit is refused; what is not certain is left alone."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import SEEDS, write
from servers import only, serving
from test_links_loopback import FAST, Archive, SiteA

from citecheck.fix.patch import patch_file
from citecheck.fixing import fixes
from citecheck.model import AuditOptions
from citecheck.resolve.cache import Cache

GHEERAERT = SEEDS / "001_d6466370229cb92f.txt"


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citecheck", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


def _findings(cwd: Path, name: str) -> list[tuple[str, str]]:
    out = _run(cwd, "audit", "--offline", "--format", "json", name).stdout
    return [(f["kind"], f["message"]) for d in json.loads(out)["documents"]
            for f in d["findings"]]


@pytest.mark.parametrize("tool", ["git", "patch"])
def test_the_seeds_diff_applies_fixes_and_leaves_the_rest(tmp_path, tool):
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, tmp_path / seed.name)
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.txt")}
    found = {name: _findings(tmp_path, name) for name in before}
    diff = _run(tmp_path, "fix", "--offline", *sorted(before))
    assert diff.returncode == 0 and diff.stdout.startswith("--- a/"), diff.stderr
    command = ["git", "apply", "-"] if tool == "git" else ["patch", "-p1", "--quiet"]
    subprocess.run(command, cwd=tmp_path, input=diff.stdout, text=True, check=True)
    changed = {p.name for p in tmp_path.glob("*.txt") if p.read_bytes() != before[p.name]}
    assert changed == {GHEERAERT.name}
    after = (tmp_path / GHEERAERT.name).read_text(encoding="utf-8")
    original = before[GHEERAERT.name].decode("utf-8")
    # Only the two misspelt names changed, each to the name of the entries it meant.
    assert after == original.replace("de Sabowski (", "de Sadowski (").replace(
        "par Sadowki dès", "par Sadowski dès")
    fixed = _findings(tmp_path, GHEERAERT.name)
    assert [m for k, m in fixed if "Sabowski" in m or "Sadowki" in m] == []
    assert set(fixed) <= set(found[GHEERAERT.name])  # nothing new
    assert len(fixed) == len(found[GHEERAERT.name]) - 2
    assert _run(tmp_path, "fix", "--offline", GHEERAERT.name).stdout == ""  # nothing left


def test_line_endings_and_byte_order_mark_are_kept(tmp_path):
    text = ("\ufeff# Essai\r\n\r\nComme l'écrit Dupond (2019), tout change.\r\n\r\n"
            "## Références\r\n\r\nDupont, Jean. 2019. *Un titre*. Paris : Seuil.\r\n")
    path = tmp_path / "essai.md"
    path.write_bytes(text.encode("utf-8"))
    result = _run(tmp_path, "fix", "--offline", "--write", "essai.md")
    assert result.returncode == 0 and "fixed 1 in essai.md" in result.stdout, result.stderr
    assert path.read_bytes() == text.replace("Dupond (", "Dupont (").encode("utf-8")
    assert (tmp_path / "essai.md.orig").read_bytes() == text.encode("utf-8")
    assert _run(tmp_path, "fix", "--offline", "essai.md").stdout == ""


def test_what_is_not_certain_is_left_alone(tmp_path):
    """A near miss of entries by two different authors, and a malformed DOI that stays
    invalid once cleaned, are not fixed; a DOI with a doubled prefix in a .bib is."""
    write(tmp_path, "essai.md", "# Essai\n\nComme le dit Marten (2019), tout change.\n\n"
          "## Références\n\nMartin, Jean. 2019. *Un titre*. Paris : Seuil.\n\n"
          "Marten, Paul. 2020. *Un autre*. Paris : Seuil.\n\n"
          "Martens, Luc. 2019. *Encore*. Paris : Seuil.\n")
    write(tmp_path, "refs.bib", "@article{a,\n  author = {Lee, Ann},\n  title = {Sleep},\n"
          "  journal = {Brain},\n  year = {2020},\n  doi = {doi:doi:10.1234/abcd}\n}\n"
          "@article{b,\n  author = {Roy, Paul},\n  title = {Cities},\n  journal = {Urban},\n"
          "  year = {2019},\n  doi = {doi:10.99/xx}\n}\n")
    essay = _run(tmp_path, "fix", "--offline", "--format", "json", "essai.md")
    assert json.loads(essay.stdout)["changes"] == []
    listed = _run(tmp_path, "fix", "--offline", "--format", "json", "refs.bib")
    changes = json.loads(listed.stdout)["changes"]
    assert [(c["kind"], c["old"], c["new"]) for c in changes] == [
        ("doi-malformed", "doi:doi:10.1234/abcd", "10.1234/abcd")]
    assert changes[0]["reason"].startswith("the DOI's normal form")


def test_a_file_changed_since_the_audit_is_refused(tmp_path):
    path = write(tmp_path, "essai.md", "# Essai\n\nComme l'écrit Dupond (2019), rien.\n\n"
                 "## Références\n\nDupont, Jean. 2019. *Un titre*. Paris : Seuil.\n")
    _, patched = fixes(AuditOptions(paths=(str(path),), offline=True))
    [planned] = patched
    assert len(planned.applied) == 1
    path.write_text(path.read_text(encoding="utf-8").replace("Dupond", "Durand"),
                    encoding="utf-8")
    again = patch_file(str(path), list(planned.applied))
    assert again.applied == () and again.after == again.before
    assert [why for _, why in again.refused] == ["the file changed since the audit"]


@pytest.fixture
def web():
    handlers: dict[str, object] = {"site": SiteA(), "archive": Archive([])}
    with serving({"site": "127.0.0.15", "archive": "127.0.0.16"}, handlers) as bases:
        yield bases


def test_moved_and_dead_links_get_their_new_address_or_archived_copy(web, tmp_path):
    site, archive = web["site"], web["archive"]
    path = write(tmp_path, "essai.md", f"# Essai\n\nPublished on 1 April 2026.\n\n"
                 f"Voir <{site}/gone>, [la page]({site}/moved), <{site}/removed>, "
                 f"<{site}/temp> et <{site}/ok>.\n")
    endpoints = only(wayback=archive)
    options = AuditOptions(paths=(str(path),), allow_private_hosts=True, timeout=2.0)
    _, [patched] = fixes(options, cache=Cache(tmp_path / "c.sqlite3"), endpoints=endpoints,
                         policies=FAST)
    assert patched.after == patched.before.replace(
        f"<{site}/gone>", f"<{site}/gone> ([archived]({archive}/web/20250301120000/{site}/gone))"
    ).replace(f"({site}/moved)", f"({site}/new)")  # /removed has no copy: left alone,
    # and /temp, redirected for now only, keeps its address
    assert {e.finding.kind for e in patched.applied} == {"link-dead", "link-redirected"}
    page = write(tmp_path, "page.html", f'<html><body><p>Voir <a href="{site}/gone">la page'
                 f'</a> et <a href="{site}/removed">une autre</a>.</p></body></html>\n')
    _, [robust] = fixes(AuditOptions(paths=(str(page),), allow_private_hosts=True,
                                     timeout=2.0),
                        cache=Cache(tmp_path / "c.sqlite3"), endpoints=endpoints, policies=FAST)
    assert robust.after == robust.before.replace(
        f'href="{site}/gone"', f'href="{site}/gone" data-versionurl="{archive}/web/'
        f'20250301120000/{site}/gone" data-versiondate="2025-03-01"')


def test_a_wrong_year_takes_the_year_of_the_one_entry_by_that_author(tmp_path):
    """"Dupont (2018)" where the bibliography has Dupont only for 2019 becomes 2019;
    with Dupont for 2019 and 2020, which one is meant is not certain: left alone."""
    one = write(tmp_path, "one.md", "# Essai\n\nComme l'écrit Dupont (2018), rien. Et "
                "(Dupont 2018a).\n\n## Références\n\nDupont, Jean. 2019. *Un titre*. Paris : "
                "Seuil.\n")
    _, [patched] = fixes(AuditOptions(paths=(str(one),), offline=True))
    assert [(e.old, e.new) for e in patched.applied] == [("2018", "2019"), ("2018a", "2019")]
    two = write(tmp_path, "two.md", "# Essai\n\nComme l'écrit Dupont (2018), rien.\n\n"
                "## Références\n\nDupont, Jean. 2019. *Un titre*. Paris : Seuil.\n\n"
                "Dupont, Jean. 2020. *Un autre*. Paris : Seuil.\n")
    assert fixes(AuditOptions(paths=(str(two),), offline=True))[1] == []


def test_todo_marks_what_needs_the_author_in_formats_with_comments(tmp_path):
    """--todo: a figure with no source and a lost note get a marker comment (Markdown: an
    HTML comment beside the span; LaTeX: a % comment at the end of the line), the audit
    then finds the same things and nothing new, and a second run adds no marker; plain
    text, which has no comments, gets none."""
    md = write(tmp_path, "a.md", "---\ntitle: Essai\n---\n\n# Essai\n\nLe marché pèse 80 Md€ "
               "selon nous.\n\nUne note.[^1]\n")
    tex = write(tmp_path, "b.tex", "\\documentclass{article}\n\\begin{document}\nLe marché "
                "pèse 80 Md€ selon nous.\n\\end{document}\n")
    txt = write(tmp_path, "c.txt", "Le marché pèse 80 Md€ selon nous.\n")
    before = {p.name: _findings(tmp_path, p.name) for p in (md, tex, txt)}
    result = _run(tmp_path, "fix", "--offline", "--todo", "--write", "--no-backup",
                  "a.md", "b.tex", "c.txt")
    assert result.returncode == 0, result.stderr
    assert not list(tmp_path.glob("*.orig"))
    assert md.read_text(encoding="utf-8").endswith(
        "80 Md€<!-- TODO citecheck figure-unsourced: cite where the figure comes from (a "
        "reference, a footnote or a link) --> selon nous.\n\nUne note.[^1]<!-- TODO citecheck "
        "footnote-missing: restore the footnote's text (it often holds the source) -->\n")
    assert "selon nous. % TODO citecheck figure-unsourced: " in tex.read_text(encoding="utf-8")
    assert txt.read_text(encoding="utf-8") == "Le marché pèse 80 Md€ selon nous.\n"
    for path in (md, tex, txt):
        assert sorted(_findings(tmp_path, path.name)) == sorted(before[path.name])
    again = _run(tmp_path, "fix", "--offline", "--todo", "a.md", "b.tex", "c.txt")
    assert again.stdout == ""


def test_a_diff_on_a_terminal_shows_control_characters_instead_of_obeying_them(tmp_path):
    import os
    import pty

    write(tmp_path, "essai.md", "# Essai\n\n\x1b]0;pwned\x07 Comme l'écrit Dupond (2019).\n\n"
          "## Références\n\nDupont, Jean. 2019. *Un titre*. Paris : Seuil.\n")
    primary, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "citecheck", "fix", "--offline",
                                "essai.md"], cwd=tmp_path, stdout=secondary,
                               stderr=subprocess.DEVNULL)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(primary)
    shown = b"".join(chunks).decode("utf-8")
    assert "-␛]0;pwned␇ Comme l'écrit Dupond (2019)." in shown and "\x1b]0" not in shown
    piped = _run(tmp_path, "fix", "--offline", "essai.md").stdout
    assert "+\x1b]0;pwned\x07 Comme l'écrit Dupont (2019)." in piped  # the file's bytes


def test_a_word_file_gets_a_corrected_copy_never_an_edit(tmp_path):
    from docx_maker import write_docx

    path = write_docx(tmp_path / "essai.docx", [
        ("Heading1", [("text", "Essai")]),
        (None, [("text", "Comme l'écrit Dupond (2019), tout change.")]),
        ("Heading2", [("text", "Références")]),
        (None, [("text", "Dupont, Jean. 2019. "), ("italic", "Un titre"),
                ("text", ". Paris : Seuil.")]),
    ], {})
    original = path.read_bytes()
    before = _findings(tmp_path, "essai.docx")
    shown = _run(tmp_path, "fix", "--offline", "essai.docx")
    assert shown.stdout == "" and "--write makes a corrected copy" in shown.stderr
    written = _run(tmp_path, "fix", "--offline", "--write", "essai.docx")
    assert "fixed 1 in " in written.stdout and written.stdout.rstrip().endswith(
        "essai.fixed.docx")
    assert path.read_bytes() == original  # the file itself is never touched
    fixed = _findings(tmp_path, "essai.fixed.docx")
    assert len(fixed) == len(before) - 2 and set(fixed) <= set(before)  # and its uncited twin
    with zipfile.ZipFile(path) as a, zipfile.ZipFile(tmp_path / "essai.fixed.docx") as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            same = a.read(name) == b.read(name)
            assert same == (name != "word/document.xml"), name
        assert a.read("word/document.xml").replace(b"Dupond", b"Dupont") == b.read(
            "word/document.xml")


def test_a_dead_page_in_a_bib_gets_its_capture_in_a_note(web, tmp_path):
    """A .bib entry whose URL is gone gets "note = {Archived at \\url{…} on …}" after its
    last field; an entry with a note of its own is left to its author."""
    site, archive = web["site"], web["archive"]
    write(tmp_path, "refs.bib", "@misc{gone,\n  author = {Roy, Paul},\n  title = {A page},\n"
          f"  year = {{2024}},\n  url = {{{site}/gone}}\n}}\n@misc{{noted,\n  author = {{Lee, Ann}},\n"
          f"  title = {{Another}},\n  year = {{2024}},\n  url = {{{site}/gone?utm_source=x}},\n"
          "  note = {Seen in print}\n}\n")
    doc = write(tmp_path, "essai.md", "---\nbibliography: refs.bib\n---\n\n# Essai\n\n"
                "Voir [@gone; @noted].\n")
    endpoints = only(wayback=archive)
    _, patched = fixes(AuditOptions(paths=(str(doc),), allow_private_hosts=True, timeout=2.0),
                       cache=Cache(tmp_path / "c.sqlite3"), endpoints=endpoints, policies=FAST)
    [bib] = [p for p in patched if p.path.endswith(".bib")]
    assert bib.after == bib.before.replace(
        f"  url = {{{site}/gone}}\n}}", f"  url = {{{site}/gone}},\n  note = {{Archived at "
        f"\\url{{{archive}/web/20250301120000/{site}/gone}} on 2025-03-01}}\n}}")


FORMATS = {
    "essai.tex": ("\\documentclass{article}\n\\begin{document}\n\\section{Essai}\nComme "
                  "l'\\'ecrit Dupond (2019), tout change.\n\\begin{thebibliography}{9}\n"
                  "\\bibitem{dupont} Dupont, Jean. 2019. \\emph{Un titre}. Paris : Seuil.\n"
                  "\\end{thebibliography}\n\\end{document}\n"),
    "essai.html": ("<html><body><h1>Essai</h1>\n<p>Comme l'écrit Dupond (2019), tout change."
                   "</p>\n<h2>Références</h2>\n<p>Dupont, Jean. 2019. <i>Un titre</i>. Paris : "
                   "Seuil.</p>\n</body></html>\n"),
    "essai.qmd": ("---\ntitle: Essai\nformat: html\n---\n\nComme l'écrit Dupond (2019), tout "
                  "change.\n\n## Références\n\nDupont, Jean. 2019. *Un titre*. Paris : Seuil.\n"),
    "essai.Rmd": ("---\ntitle: Essai\noutput: html_document\n---\n\n```{r}\nx <- 1\n```\n\n"
                  "Comme l'écrit Dupond (2019), tout change.\n\n## Références\n\n"
                  "Dupont, Jean. 2019. *Un titre*. Paris : Seuil.\n"),
    "essai.txt": ("Essai\n\nComme l'écrit Dupond (2019), tout change.\n\nRéférences\n\n"
                  "Dupont, Jean. 2019. Un titre. Paris : Seuil.\n"),
    "essai.typ": ("#set page(width: 10cm)\n\n= Essai\n\nComme l'écrit Dupond (2019), tout "
                  "change.\n\n== Références\n\nDupont, Jean. 2019. _Un titre_. Paris : Seuil.\n"),
}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_format_is_fixed_by_its_diff_and_nothing_else_moves(tmp_path, name):
    """The same slip in LaTeX, HTML, Quarto, R Markdown, Typst and plain text: the diff applies
    with git apply, changes the one name, the audit then finds neither the unmatched
    citation nor the uncited entry, nothing new, and a second fix is empty."""
    path = tmp_path / name
    path.write_text(FORMATS[name], encoding="utf-8")
    before = _findings(tmp_path, name)
    assert {kind for kind, _ in before} >= {"citation-unmatched", "reference-uncited"}
    diff = _run(tmp_path, "fix", "--offline", name).stdout
    subprocess.run(["git", "apply", "-"], cwd=tmp_path, input=diff, text=True, check=True)
    assert path.read_text(encoding="utf-8") == FORMATS[name].replace("Dupond", "Dupont")
    after = _findings(tmp_path, name)
    assert set(after) <= set(before)
    assert not {kind for kind, _ in after} & {"citation-unmatched", "reference-uncited"}
    assert _run(tmp_path, "fix", "--offline", name).stdout == ""


def test_select_and_ignore_choose_the_kinds_of_fix(tmp_path):
    shutil.copy(GHEERAERT, tmp_path / GHEERAERT.name)
    chosen = _run(tmp_path, "fix", "--offline", "--select", "doi-", GHEERAERT.name)
    assert chosen.returncode == 0 and chosen.stdout == ""
    ignored = _run(tmp_path, "fix", "--offline", "--ignore", "CC101", GHEERAERT.name)
    assert ignored.returncode == 0 and ignored.stdout == ""
    kept = _run(tmp_path, "fix", "--offline", "--select", "citation-unmatched",
                "--format", "json", GHEERAERT.name)
    changes = json.loads(kept.stdout)["changes"]
    assert [(c["old"], c["new"]) for c in changes] == [("Sabowski", "Sadowski"),
                                                        ("Sadowki", "Sadowski")]


def test_a_doi_field_holding_a_url_keeps_the_doi_alone(tmp_path):
    """A real shape (Zotero exports): "doi = {https://doi.org/10.…}" in a .bib, with tabs
    and CRLF line ends kept, becomes the DOI alone; a field that holds the DOI alone, or
    a URL field, is left as it is."""
    text = ("@article{beyries1983,\r\n\ttitle = {Étude technologique},\r\n\tvolume = {80},\r\n"
            "\turl = {https://www.persee.fr/doc/bspf_1983_5455},\r\n"
            "\tdoi = {https://doi.org/10.3406/bspf.1983.5455},\r\n\tjournal = {Bulletin},\r\n"
            "\tauthor = {Beyries, Sylvie},\r\n\tyear = {1983}\r\n}\r\n"
            "@article{lee2020,\r\n\ttitle = {Sleep},\r\n\tjournal = {Brain},\r\n"
            "\tauthor = {Lee, Ann},\r\n\tyear = {2020},\r\n\tdoi = {10.1234/abcd}\r\n}\r\n")
    path = tmp_path / "refs.bib"
    path.write_bytes(text.encode("utf-8"))
    result = _run(tmp_path, "fix", "--offline", "--write", "--no-backup", "refs.bib")
    assert result.returncode == 0 and "fixed 1 in refs.bib" in result.stdout, result.stderr
    assert path.read_bytes() == text.replace(
        "{https://doi.org/10.3406/bspf.1983.5455}", "{10.3406/bspf.1983.5455}").encode("utf-8")
    assert _run(tmp_path, "fix", "--offline", "refs.bib").stdout == ""


def test_a_file_not_in_utf8_is_left_alone_with_a_reason(tmp_path):
    """A .bib saved in Windows-1252 is read (with a warning) and its findings said, but
    fix does not write it: it could not be written back byte for byte."""
    path = tmp_path / "refs.bib"
    path.write_bytes("@article{a,\n  author = {Lee, Ann},\n  title = {Caf\u00e9},\n  journal = "
                     "{Brain},\n  year = {2020},\n  doi = {doi:doi:10.1234/abcd}\n}\n"
                     .encode("cp1252"))
    result = _run(tmp_path, "fix", "--offline", "refs.bib")
    assert result.returncode == 0 and result.stdout == "" and "Traceback" not in result.stderr
    assert "not fixed refs.bib:6:10 (doi-malformed): the file is not UTF-8" in result.stderr
