"""The command line as users and CI see it: exit codes, JSON, escaping, help."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

from click.testing import CliRunner
from conftest import DATA, GHEERAERT, OPED_NOTES, SEEDS, write

from citecheck.cli import main


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_report_follows_contract():
    code, out, _ = _run("audit", str(GHEERAERT), "--format", "json", "--offline")
    assert code == 0
    report = json.loads(out)
    assert report["schema"] == 1 and report["tool"]["name"] == "citecheck"
    doc = report["documents"][0]
    assert doc["path"] == str(GHEERAERT)
    first = doc["references"][0]
    assert first["id"] == "r1" and first["line"] == 206
    assert first["authors"][0] == "Alemohammad" and first["doi"] == "10.48550/arxiv.2307.01850"
    assert {link["status"] for link in doc["links"]} == {"unchecked"}
    smith = next(c for c in doc["citations"] if c["text"] == "Smith 2025")
    assert (smith["line"], smith["reference"]) == (92, "r21")
    finding = next(f for f in doc["findings"] if f["suggestion"] == "Sadowski 2025")
    assert finding["kind"] == "citation-unmatched" and finding["severity"] == "warning"
    assert (finding["line"], finding["column"]) == (92, 185)
    summary = report["summary"]
    assert summary["documents"] == 1
    # Sabowski, Sadowki, Nvidia's unsourced 5 000 milliards; Orelsan's inline song.
    assert summary["findings"] == {"error": 0, "warning": 3, "info": 1}
    # Offline: 20 links, the 5 DOIs, the 3 journal articles without DOI to search for
    # and the 7 books to look up.
    assert summary["unchecked"] == 20 + 5 + 3 + 7


def test_json_report_has_a_record_per_line_and_the_same_data_as_json_dump():
    from citecheck.audit import audit
    from citecheck.model import AuditOptions
    from citecheck.report.json_report import render_json, report_dict

    result = audit(AuditOptions(paths=(str(GHEERAERT), str(OPED_NOTES)), offline=True))
    stream = io.StringIO()
    render_json(result, stream)
    text = stream.getvalue()
    assert json.loads(text) == json.loads(json.dumps(report_dict(result)))
    assert text.endswith("}\n") and text.startswith('{\n  "schema": 1,\n')
    rows = {row.strip().rstrip(",") for row in text.splitlines()}
    documents = json.loads(text)["documents"]
    for key in ("references", "citations", "links", "findings"):
        items = [item for doc in documents for item in doc[key]]
        assert items
        for item in items:  # each record is one whole line, in json.dumps' own words
            assert json.dumps(item, ensure_ascii=False, separators=(", ", ": ")) in rows
    # Nested containers that are not records keep the indented layout.
    assert '      "footnotes": {\n        "calls": ' in text


def test_exit_codes_and_fail_on():
    assert _run("audit", str(OPED_NOTES))[0] == 0  # warnings only, default --fail-on error
    assert _run("audit", str(OPED_NOTES), "--fail-on", "warning")[0] == 1
    assert _run("audit", str(GHEERAERT), "--fail-on", "info", "--ignore",
                "citation-,figure-")[0] == 0
    code, _, err = _run("audit", "no/such/file.txt")
    assert code == 2 and err.strip() == "citecheck: no/such/file.txt: no such file or folder"
    code, _, err = _run("audit", str(GHEERAERT), "--select", "nonsense")
    assert code == 2 and "nonsense" in err


def test_select_prefix(tmp_path):
    code, out, _ = _run("audit", str(SEEDS), "--format", "json", "--select", "footnote-")
    kinds = {f["kind"] for d in json.loads(out)["documents"] for f in d["findings"]}
    assert kinds == {"footnote-missing"}


def test_a_windows_1252_file_is_read_and_said_and_gibberish_is_refused(tmp_path):
    """A French text saved as Windows-1252 ("Un été à Paris", curly quotes) is read, with
    a warning, and its findings point at the right places; bytes that do not read as
    prose in that encoding either are refused (exit 2), never audited as gibberish."""
    latin = tmp_path / "latin1.md"
    latin.write_bytes("# Un été à Paris\n\nLes loyers ont augmenté de 12 % l’an dernier.\n"
                      .encode("cp1252"))
    code, out, err = _run("audit", str(latin), "--format", "json")
    assert code == 0 and "not UTF-8, read as Windows-1252" in err
    document = json.loads(out)["documents"][0]
    assert document["title"] == "Un été à Paris"
    assert [(f["kind"], f["line"], f["column"]) for f in document["findings"]] == [
        ("figure-unsourced", 3, 28)]
    bad = tmp_path / "noise.txt"
    bad.write_bytes(bytes(range(128, 256)) * 4)
    code, _, err = _run("audit", str(bad))
    assert code == 2 and "not UTF-8" in err and "Traceback" not in err


def test_terminal_report_escapes_markup(tmp_path):
    code, out, _ = _run("audit", str(DATA / "hostile.md"))
    assert "« [bold red]Injected[/bold red] <img src=x onerror=alert(1)> »" in out
    assert "[red]Evil[/red]" in out  # printed as written, not interpreted


def test_terminal_report_shape():
    code, out, _ = _run("audit", str(GHEERAERT))
    assert "30 references" in out and "5 DOIs" in out and "20 links" in out
    assert "92:185" in out and "→ Sadowski 2025" in out
    assert "35 not checked online" in out
    assert "not checked: 20 links: no network: no host name could be resolved" in out
    assert "not checked: 8 references: crossref unreachable" in out
    assert "not checked: 7 references: openlibrary unreachable" in out
    assert "\x1b[" not in out  # not a terminal: no colour codes


def test_output_file(tmp_path):
    target = tmp_path / "report.json"
    code, out, _ = _run("audit", str(OPED_NOTES), "--format", "json", "--output", str(target))
    assert code == 0 and out == ""
    report = json.loads(target.read_text(encoding="utf-8"))
    kinds = sorted(f["kind"] for f in report["documents"][0]["findings"])
    assert kinds.count("footnote-missing") == 2
    assert report["summary"]["findings"]["warning"] == len(
        [f for f in report["documents"][0]["findings"] if f["severity"] == "warning"])


def test_every_command_has_help():
    for args in (["--help"], ["audit", "--help"]):
        code, out, _ = _run(*args)
        assert code == 0 and "Usage:" in out


def test_module_entry_point_runs_as_a_program(tmp_path):
    path = write(tmp_path, "a.txt", "Rien (Personne 2020).\n")
    proc = subprocess.run([sys.executable, "-m", "citecheck", "audit", str(path), "--format",
                           "json"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    finding = json.loads(proc.stdout)["documents"][0]["findings"][0]
    assert finding["kind"] == "citation-unmatched" and finding["severity"] == "info"


def test_the_hard_exit_keeps_every_byte_every_status_and_the_exit_handlers(tmp_path):
    # run() skips the interpreter's teardown with os._exit: a report bigger than a pipe's
    # buffer must still arrive whole, statuses 0/1/2 must survive, atexit must still run.
    names = [a + b + c for a in "BDFGLMPRTV" for b in "aeiou" for c in "lmnrstvxyz"][:300]
    text = "".join(f"Ligne {i} ({names[i % 300]}ard {1900 + i // 300}).\n" for i in range(3000))
    path = write(tmp_path, "many.txt", text)
    marker = tmp_path / "atexit-ran"
    code = ("import atexit, pathlib, sys; "
            f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes'); "
            "from citecheck.cli import run; sys.argv[0] = 'citecheck'; run()")

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as for users

    def program(*args):
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, check=False, env=env)

    proc = program("audit", str(path), "--format", "json", "--offline", "--fail-on", "info")
    assert len(proc.stdout) > 1 << 20, len(proc.stdout)
    assert len(json.loads(proc.stdout)["documents"][0]["findings"]) == 3000
    assert proc.returncode == 1 and marker.read_text() == "yes"
    marker.unlink()
    assert program("audit", str(path), "--offline", "--fail-on", "never",
                   "--format", "json").returncode == 0
    missing = program("audit", str(tmp_path / "nowhere.md"))
    assert missing.returncode == 2 and "nowhere.md" in missing.stderr
    assert marker.read_text() == "yes"


def test_every_command_has_help_text():
    for args in (["baseline", "--help"], ["cache", "--help"], ["cache", "info", "--help"],
                 ["cache", "clear", "--help"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0 and "Usage:" in result.stdout
        assert len(result.stdout.splitlines()) > 3


def test_quarto_and_r_markdown_are_markdown(tmp_path):
    """A folder with a Quarto paper and its .bib: the paper is read as Pandoc Markdown
    (its [@key] citations against the .bib named in its front matter), the .bib with it."""
    (tmp_path / "refs.bib").write_text(
        "@article{lee2020,\n  author = {Lee, Ann},\n  title = {Sleep and memory},\n"
        "  journal = {Brain},\n  year = {2020}\n}\n", encoding="utf-8")
    (tmp_path / "paper.qmd").write_text(
        "---\ntitle: Sleep\nbibliography: refs.bib\n---\n\n# Sleep\n\nMemory needs sleep "
        "[@lee2020]. Dreams help [@kim2019].\n", encoding="utf-8")
    (tmp_path / "notes.Rmd").write_text("# Notes\n\nAs shown [@lee2020].\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", "--offline", "--format", "json", str(tmp_path)])
    report = json.loads(result.output)
    paths = sorted(os.path.basename(d["path"]) for d in report["documents"])
    assert paths == ["notes.Rmd", "paper.qmd"]
    paper = next(d for d in report["documents"] if d["path"].endswith("paper.qmd"))
    cited = {c["text"]: c["reference"] for c in paper["citations"]}
    assert cited["@lee2020"] is not None and cited["@kim2019"] is None
    assert [f["kind"] for f in paper["findings"]] == ["citation-unmatched"]


def test_a_pandoc_documents_bib_is_checked_with_it(tmp_path):
    """The .bib a Markdown document cites from is checked with it, as when audited alone:
    its malformed DOIs, its URLs, and a key entered twice (a citation of that key
    reaches the first entry only)."""
    (tmp_path / "refs.bib").write_text(
        "@article{smith2020,\n  author = {Smith, John},\n  title = {A study of things},\n"
        "  journal = {Journal of Things},\n  year = {2020},\n  doi = {doi:10.99/xx}\n}\n"
        "@misc{web2021,\n  author = {Web, Team},\n  title = {Some page},\n  year = {2021},\n"
        "  url = {https://example.org/page}\n}\n"
        "@article{smith2020,\n  author = {Smith, Jane},\n  title = {Another study},\n"
        "  year = {2021}\n}\n", encoding="utf-8")
    (tmp_path / "paper.md").write_text(
        "---\nbibliography: refs.bib\n---\n\n# Things\n\nThings matter [@smith2020; @web2021].\n",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", "--offline", "--format", "json", str(tmp_path)])
    (paper,) = json.loads(result.output)["documents"]
    kinds = {(f["kind"], f.get("path", "").rsplit("/", 1)[-1], f["line"])
             for f in paper["findings"]}
    assert ("doi-malformed", "refs.bib", 6) in kinds
    assert ("reference-duplicate", "refs.bib", 14) in kinds
    assert [(link["url"], link["path"].rsplit("/", 1)[-1], link["line"])
            for link in paper["links"]] == [("https://example.org/page", "refs.bib", 12)]
    by_text = {c["text"]: c["reference"] for c in paper["citations"]}
    first = next(r["id"] for r in paper["references"] if r["title"] == "A study of things")
    assert by_text["@smith2020"] == first


def test_terminal_report_names_a_bib_from_the_documents_folder(tmp_path):
    """A finding in the .bib beside the document is located as "refs.bib:line:col", not
    by its full path, which would squeeze the message column."""
    write(tmp_path, "refs.bib", "@article{a,\n  author = {Lee, A.},\n  title = {T},\n"
          "  journal = {J},\n  year = {2020},\n  doi = {doi:10.99/xx}\n}\n")
    paper = write(tmp_path, "paper.md", "---\nbibliography: refs.bib\n---\n\nSee [@a].\n")
    code, out, _ = _run("audit", "--offline", str(paper))
    assert " refs.bib:6:" in out and str(tmp_path / "refs.bib") not in out


def test_a_bibliography_shared_by_chapters_is_read_once(tmp_path):
    """Three chapters citing one Windows-1252 .bib (a thesis's Zotero export): it is read
    once in the run (one warning, not one per chapter and pass), and each chapter's
    citations still reach its entries; changed between runs, it is read again."""
    (tmp_path / "refs.bib").write_bytes(
        "@book{dupuy1998, author = {Dupuy, Jean}, title = {La Forme du temps : l’été},\n"
        "  publisher = {Seuil}, year = {1998}}\n".encode("cp1252"))
    for n in (1, 2, 3):
        write(tmp_path, f"ch{n}.md", f"---\nbibliography: refs.bib\n---\n# Chapitre {n}\n\n"
              "Le temps a une forme [@dupuy1998].\n")
    code, out, err = _run("audit", "--offline", "--format", "json", str(tmp_path))
    assert code == 0 and err.count("not UTF-8") == 1
    documents = json.loads(out)["documents"]
    assert [[c["reference"] for c in d["citations"]] for d in documents] == [["r0.1"]] * 3
    (tmp_path / "refs.bib").write_bytes((tmp_path / "refs.bib").read_bytes().replace(
        b"1998", b"1999"))
    code, out, err = _run("audit", "--offline", "--format", "json", str(tmp_path / "ch1.md"))
    assert json.loads(out)["documents"][0]["references"][0]["year"] == "1999"
