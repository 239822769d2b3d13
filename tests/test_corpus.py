"""Corpus audits (issue 25): a line per document as batches finish, the same report
whatever the number of processes, each identifier asked once per corpus, and a run
killed mid-way resumed with at most one batch read again."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import DATA, ROOT
from fake_registry import QUICK, Registry
from servers import serving

from citecheck.corpus import CorpusOptions, audit_corpus
from citecheck.model import AuditOptions
from citecheck.resolve.cache import Cache
from citecheck.resolve.endpoints import Endpoints

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SOURCES = [*SEEDS, DATA / "apa_en.md", DATA / "ieee_en.txt", DATA / "iso690_fr.txt"]


def _corpus(folder: Path, count: int) -> Path:
    """``count`` documents: copies of the seeds and test documents, each with a DOI and
    an address of its own and one shared by every tenth document."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        source = SOURCES[index % len(SOURCES)]
        text = source.read_text(encoding="utf-8")
        extra = (f"\n\nSee https://example.org/report/{index} and doi:10.5555/corpus.{index // 10}"
                 f" (document {index}).\n")
        (folder / f"d{index:04}{source.suffix}").write_text(text + extra, encoding="utf-8")
    return folder


def _cli(args: list[str], cache: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CITECHECK_CACHE": str(cache)}
    return subprocess.run([sys.executable, "-m", "citecheck", *args], capture_output=True,
                          text=True, env=env, check=False, timeout=600, **kwargs)  # type: ignore[call-overload]


def test_one_process_and_two_give_the_same_report(tmp_path):
    folder = _corpus(tmp_path / "corpus", 240)
    page = tmp_path / "summary.html"
    one = _cli(["audit", "--offline", "--format", "jsonl", "--jobs", "1", "--batch-size", "50",
                "--summary-html", str(page), str(folder)], tmp_path / "a.sqlite3")
    two = _cli(["audit", "--offline", "--format", "jsonl", "--jobs", "2", "--batch-size", "50",
                str(folder)], tmp_path / "b.sqlite3")
    assert one.returncode == two.returncode == 0, one.stderr
    assert one.stdout == two.stdout
    lines = [json.loads(line) for line in one.stdout.splitlines()]
    assert [Path(line["path"]).name for line in lines] == sorted(p.name for p in folder.iterdir())
    assert sum(len(line["findings"]) for line in lines) > 240  # read, not only listed
    assert {len(line["dois"]) >= 1 for line in lines} == {True}
    assert "citecheck corpus: 240 documents (0 from the journal, 0 skipped)" in one.stderr
    kinds = Counter(f["kind"] for line in lines for f in line["findings"])
    top, count = kinds.most_common(1)[0]
    assert re.search(rf"\n  {top} +{count}\n", one.stderr)  # counts by kind, summed
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and f"<td>{top}</td><td>{count}</td>" in html


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_killed_run_resumes_with_at_most_one_batch_read_again(tmp_path, jobs):
    folder = _corpus(tmp_path / "corpus", 200)
    clean = _cli(["audit", "--offline", "--format", "jsonl", "--jobs", "1", "--batch-size", "20",
                  "-q", str(folder)], tmp_path / "clean.sqlite3")
    cache = tmp_path / "run.sqlite3"
    args = [sys.executable, "-m", "citecheck", "audit", "--offline", "--format", "jsonl",
            "--jobs", jobs, "--batch-size", "20", "-q", str(folder)]
    with subprocess.Popen(args, stdout=subprocess.PIPE, text=True,
                          env={**os.environ, "CITECHECK_CACHE": str(cache)}) as run:
        assert run.stdout is not None
        written = [run.stdout.readline() for _ in range(50)]  # two batches and a half
        run.send_signal(signal.SIGKILL)
    assert all(written)
    resumed = _cli(["audit", "--offline", "--format", "jsonl", "--jobs", jobs, "--batch-size",
                    "20", "--resume", str(folder)], cache)
    assert resumed.stdout == clean.stdout
    taken = int(re.search(r"\((\d+) from the journal", resumed.stderr).group(1))
    # Everything recorded before the kill is taken again; only the batch in flight (and
    # what followed) is read anew.
    assert taken % 20 == 0 and taken >= 40


def test_a_changed_document_is_read_again_on_resume(tmp_path):
    folder = _corpus(tmp_path / "corpus", 30)
    cache = tmp_path / "run.sqlite3"
    first = _cli(["audit", "--offline", "--format", "jsonl", "--batch-size", "10", "-q",
                  str(folder)], cache)
    changed = folder / "d0003.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nSelon des experts, 75 % "
                       "des articles citent mal.\n", encoding="utf-8")
    again = _cli(["audit", "--offline", "--format", "jsonl", "--batch-size", "10", "--resume",
                  str(folder)], cache)
    assert "(29 from the journal" in again.stderr
    before = first.stdout.splitlines()
    after = again.stdout.splitlines()
    assert [a == b for a, b in zip(before, after, strict=True)].count(False) == 1
    assert after[3] != before[3] and "experts" in after[3]


def test_each_identifier_is_asked_once_per_corpus(tmp_path):
    """Thirty copies of one paper in three batches: each DOI goes to the registry stand-in
    once, each page to the link stand-in once, whatever the batch that cites it."""
    paper = (DATA / "registry_paper.md").read_text(encoding="utf-8")
    registry = Registry()
    pages: list[str] = []

    def page(request):
        from werkzeug import Response

        pages.append(request.path)
        return Response("<html><title>ok</title></html>", content_type="text/html")

    with serving({"registry": "127.0.0.1", "links": "127.0.0.2"},
                 {"registry": registry, "links": page}) as bases:
        folder = tmp_path / "corpus"
        folder.mkdir()
        for index in range(30):
            (folder / f"p{index:02}.md").write_text(
                paper + f"\n\nData: {bases['links']}/data/{index % 3}\n", encoding="utf-8")
        endpoints = Endpoints(crossref=f"{bases['registry']}/crossref",
                              datacite=f"{bases['registry']}/datacite",
                              doi=f"{bases['registry']}/doi",
                              openlibrary=f"{bases['registry']}/openlibrary",
                              wayback="http://127.0.0.9:9", spn="http://127.0.0.9:9")
        out = io.StringIO()
        options = AuditOptions(paths=(str(folder),), allow_private_hosts=True, timeout=10,
                               mailto="editor@example.org")
        summary = audit_corpus(
            options, CorpusOptions(jobs=2, batch=10), out, journal_path=tmp_path / "j.sqlite3",
            cache=Cache(tmp_path / "cache.sqlite3"), endpoints=endpoints, policies=QUICK)
        first = (list(registry.requests), list(pages))
        # A later run of the unchanged corpus reads it all again but asks nothing: every
        # answer is in the cache and none has expired.
        registry.requests.clear()
        pages.clear()
        again = io.StringIO()
        audit_corpus(options, CorpusOptions(jobs=2, batch=10), again,
                     journal_path=tmp_path / "j.sqlite3", cache=Cache(tmp_path / "cache.sqlite3"),
                     endpoints=endpoints, policies=QUICK)
        assert registry.requests == [] and pages == []
        assert again.getvalue() == out.getvalue()
        registry.requests[:], pages[:] = first
    assert summary.documents == 30 and len(out.getvalue().splitlines()) == 30
    asked = [doi for request in map(unquote, registry.requests)
             if request.startswith("/crossref/works?filter")
             for doi in re.findall(r"doi:([^,&]+)", request)]
    assert asked and len(asked) == len(set(asked))  # no DOI asked twice across batches
    per_page = {path: pages.count(path) for path in set(pages) if path.startswith("/data/")}
    assert set(per_page) == {"/data/0", "/data/1", "/data/2"}
    assert set(per_page.values()) == {1}  # each page fetched once, not once per batch


def test_reading_on_a_pool_of_processes_gives_the_same_result(tmp_path):
    from citecheck.audit import POOL_DOCUMENTS, Seams, audit, pool_reader
    from citecheck.report.json_report import report_dict

    folder = _corpus(tmp_path / "corpus", POOL_DOCUMENTS + 5)
    options = AuditOptions(paths=(str(folder),), offline=True)
    alone = audit(options, cache=Cache(tmp_path / "a.sqlite3"))
    pooled = audit(options, cache=Cache(tmp_path / "b.sqlite3"),
                   seams=Seams(read=pool_reader(2)))
    assert report_dict(pooled) == report_dict(alone)
    assert len(pooled.documents) == POOL_DOCUMENTS + 5
