"""What makes large documents fast must not change what is found: the forked worker,
the one-byte fold, the Aho–Corasick anchors and the narrowed pattern searches."""

from __future__ import annotations

import functools
import os
import re
import select
import time
from pathlib import Path

import pytest
from conftest import GHEERAERT, SEEDS, write

from citecheck.audit import Seams, audit, read_all
from citecheck.extract import citations, footnotes, identifiers
from citecheck.extract.attribution import attribution_anchors, vague_phrase
from citecheck.extract.claims import read_claims
from citecheck.extract.folded import Folded, fold_bytes, fold_in_place
from citecheck.extract.named_sources import named_source
from citecheck.fork import Deferred, can_fork
from citecheck.ingest import load_document
from citecheck.model import AuditOptions
from citecheck.text import find_all


def _counting(forks: list[bool], fork: bool = True) -> type[Deferred]:  # type: ignore[type-arg]
    """A ``Deferred`` that records, for each piece of work, whether it went to a child;
    with ``fork=False``, one that never forks (as where fork is missing)."""
    class Counting(Deferred):  # type: ignore[type-arg]
        def __init__(self, work: object, *, fork: bool) -> None:
            super().__init__(work, fork=fork and allowed)  # type: ignore[arg-type]
            forks.append(self.forked)
    allowed = fork
    return Counting


needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork, one core, or threads running")


def _findings(paths: tuple[str, ...], seams: Seams | None = None
              ) -> list[tuple[str, str, int, int, str]]:
    result = audit(AuditOptions(paths=paths, offline=True), seams=seams)
    return [(f.kind, f.span.path, f.span.line, f.span.column, f.message)
            for doc in result.documents for f in doc.findings]


@needs_fork
def test_forked_worker_gives_the_same_findings():
    paths = tuple(str(p) for p in sorted(SEEDS.glob("*.txt")))
    in_process = _findings(paths)
    forks: list[bool] = []
    forked = _findings(paths, Seams(fork_threshold=0, deferred=_counting(forks)))
    assert forks == [False] + [True] * len(paths)  # all read here, each one's figures in a child
    assert forked == in_process
    assert any(kind == "figure-unsourced" for kind, *_ in forked)


@needs_fork
def test_deferred_returns_the_childs_result():
    parent = os.getpid()
    with Deferred(os.getpid, fork=True) as deferred:
        assert deferred.forked
        child = deferred.result()
    assert child != parent


@needs_fork
def test_deferred_does_the_work_itself_when_the_child_fails():
    calls = []

    def work() -> str:
        calls.append(os.getpid())
        if len(calls) == 1 and os.getpid() != parent:  # pragma: no cover - in the child
            raise RuntimeError("child failed")
        return "done"

    parent = os.getpid()
    with Deferred(work, fork=True) as deferred:
        assert deferred.result() == "done"
    assert calls == [parent]  # the child's attempt is not in this process's list


@needs_fork
def test_deferred_stops_a_child_nobody_waits_for():
    with pytest.raises(KeyError), Deferred(functools.partial(time.sleep, 30),
                                           fork=True) as deferred:
        pid = deferred._pid
        raise KeyError("the parent failed")
    assert pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # killed and reaped already


def test_deferred_does_its_work_once_however_often_asked():
    calls = []
    deferred = Deferred(lambda: calls.append(1) or None, fork=False)
    assert deferred.result() is None and deferred.result() is None and calls == [1]


def test_deferred_without_fork_runs_lazily():
    calls = []
    deferred = Deferred(lambda: calls.append(1) or "x", fork=False)
    assert not deferred.forked and calls == []
    assert deferred.result() == "x" and calls == [1]


def test_fold_keeps_offsets_whatever_the_characters():
    text = "« ÉTUDES » d’après l’INSEE 😀 œuvre — Ça"
    folded = fold_in_place(text)
    assert len(fold_bytes(text)) == len(text)
    # Accents off, capitals down, apostrophes straight; beyond Latin-1 one "?" each,
    # so that an emoji does not shift what follows it.
    assert folded == "« etudes » d'apres l'insee ? ?uvre ? ca"


def test_folded_hits_are_character_offsets():
    text = "😀 Selon l’OCDE, DES ÉTUDES récentes montrent que 40 % …"
    folded = Folded(text)
    for start, end in folded.hits(("selon", "etudes")):
        assert folded.text[start:end] in {"selon", "etudes"}
        assert text[start:end].lower() in {"selon", "études"}


def test_find_all_beyond_latin1():
    text = "Łukasz Żuk et 😀 Zoë Łukasz"
    hits = sorted(find_all(text, ("Łukasz", "Zoë")), key=lambda hit: hit[1])
    assert hits == [(0, 0, 6), (1, 16, 19), (0, 20, 26)]
    assert [text[s:e] for _, s, e in hits] == ["Łukasz", "Zoë", "Łukasz"]


def test_anchored_searches_find_what_full_searches_find():
    sentences = [
        "Selon plusieurs études récentes, 40 % des salariés utilisent l'IA.",
        "De nombreux experts estiment que le marché doublera.",
        "Les analystes de Morgan Stanley estiment ce marché à 80 milliards.",
        "Une étude de Stanford montre que 30 % des réponses sont fausses.",
        "D’après l’INSEE, le chômage a baissé, a indiqué Bercy.",
        "Some researchers say that half of all jobs will change, according to the World Bank.",
    ]
    for sentence in sentences:
        folded = Folded(sentence)
        folded.prefetch(*attribution_anchors())

        def hits(words: tuple[str, ...], folded: Folded = folded) -> list[tuple[int, int]]:
            return folded.hits(words)

        assert vague_phrase(sentence, folded.text, hits) == vague_phrase(sentence)
        assert named_source(sentence, folded.text, hits) == named_source(sentence)
    assert vague_phrase(sentences[1]) == "De nombreux experts"
    assert named_source(sentences[3]) == "étude … Stanford"


def test_narrative_citations_found_before_bracketed_years(tmp_path):
    text = ("As Smith and Jones (2020) argue, and Van der Berg (2019, 12) agrees; "
            "cf. Dupont et al. (2021a). The year (2020) alone is not a citation, nor "
            "is Paris in (1999). Le Monde (n.d.) and Martin (2018, 2020)!")
    found = [m.group(0) for m in citations._narratives(text)]
    assert found == [m.group(0) for m in citations._narrative().finditer(text)]
    assert found == ["As Smith and Jones (2020)", "Van der Berg (2019, 12)",
                     "Dupont et al. (2021a)", "Le Monde (n.d.)", "Martin (2018, 2020)"]


def test_superscripts_and_doi_labels_found_by_str_find():
    text = "Un appel¹², un autre³ et ⁴⁵⁶. doi:10.1000/x, DOI 10.2000/y, xdoi:1, Doi: 10.3/z"
    assert [m.span() for m in footnotes._superscript_runs(text)] == [
        m.span() for m in footnotes._SUPER_RUN.finditer(text)]
    assert [m.span() for m in identifiers._doi_labels(text, 0, len(text))] == [
        m.span() for m in identifiers._DOI_LABEL.finditer(text)]


def test_claims_are_read_from_the_text_alone(tmp_path):
    path = write(tmp_path, "claims.txt", (
        "Le marché pèse 80 milliards d'euros selon certains.\n\n"
        "Le chômage a baissé de 2 % (INSEE 2023).\n\n"
        "Voir https://example.org/50-pourcent pour 50 % des cas.\n"))
    claims = read_claims(load_document(Path(path)))
    texts = [load_document(Path(path)).text[c.start:c.end] for c in claims.claims]
    assert any("80 milliards" in t for t in texts)
    assert not any("INSEE" in t for t in texts)  # sourced by a loose citation: dropped early
    assert claims.loose_sources
    figure_texts = [re.sub(r"\s+", " ", load_document(Path(path)).text[s:e])
                    for c in claims.claims for s, e, _ in c.figures]
    assert "80 milliards d'euros" in figure_texts


def test_gheeraert_read_in_a_child_matches(monkeypatch):
    if not can_fork():
        pytest.skip("no fork here")
    doc = load_document(GHEERAERT)
    with Deferred(functools.partial(read_claims, doc), fork=True) as deferred:
        forked = deferred.result()
    assert forked == read_claims(doc)


@pytest.fixture
def site_in_another_process(tmp_path):
    """A web site served by another process: no thread here, so the audit may fork."""
    import subprocess
    import sys

    root = tmp_path / "site"
    root.mkdir()
    for name in ("a", "b", "c"):
        (root / f"{name}.html").write_text(f"<title>Page {name}</title><h1>{name}</h1>",
                                           encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.6",
         "--directory", str(root)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline() if server.stdout else ""
        port = int(re.search(r"port (\d+)", line).group(1))  # type: ignore[union-attr]
        yield f"http://127.0.0.6:{port}"
    finally:
        server.kill()
        server.wait()
        if server.stdout:
            server.stdout.close()


@needs_fork
def test_links_are_checked_while_the_rest_is_read_in_a_child(site_in_another_process,
                                                             tmp_path, monkeypatch):
    from citecheck.resolve.cache import Cache
    from citecheck.resolve.endpoints import Endpoints
    from citecheck.resolve.links import LinkChecker

    base = site_in_another_process
    text = (f"# Sources\n\nSelon une étude, 40 % des liens meurent (Durand 2021). Voir "
            f"<{base}/a.html>, <{base}/b.html>, <{base}/gone.html> et <{base}/c.html>.\n\n"
            "## Bibliographie\n\nDurand, Jean. 2021. *Les liens morts*. Paris : Seuil.\n")
    path = write(tmp_path, "doc.md", text)
    # Event order, not time: the reading (in the child, or on the worker thread) waits
    # until the first link check has started, and writes down whether it saw it start.
    # Were the links checked only after the reading, it would wait in vain.
    signal_r, signal_w = os.pipe()
    order = tmp_path / "order.txt"

    def waiting(*args: object) -> object:
        seen = select.select([signal_r], [], [], 10.0)[0]
        if seen:
            os.read(signal_r, 1)
        with order.open("a") as out:
            out.write("links first\n" if seen else "reading first\n")
        return read_all(*args)  # type: ignore[arg-type]

    real_check_all = LinkChecker.check_all

    async def signalling(self: LinkChecker, *args: object, **kwargs: object) -> object:
        os.write(signal_w, b"x")
        return await real_check_all(self, *args, **kwargs)  # type: ignore[arg-type]

    forks: list[bool] = []
    monkeypatch.setattr(LinkChecker, "check_all", signalling)
    unreachable = "http://127.0.0.1:9"
    endpoints = Endpoints(crossref=unreachable, datacite=unreachable, doi=unreachable,
                          wayback=unreachable, openlibrary=unreachable)

    def run(name: str, fork: bool):
        result = audit(AuditOptions(paths=(str(path),), allow_private_hosts=True, timeout=5.0),
                       cache=Cache(tmp_path / f"{name}.sqlite3"), endpoints=endpoints,
                       seams=Seams(read=waiting, deferred=_counting(forks, fork)))
        return result.documents[0]

    in_child = run("child", fork=True)
    assert forks == [True]  # the reading went to a child process
    statuses = {url.rsplit("/", 1)[1]: c.status.value for url, c in in_child.link_checks.items()}
    assert statuses == {"a.html": "alive", "b.html": "alive", "c.html": "alive",
                        "gone.html": "dead"}
    in_thread = run("thread", fork=False)  # a worker thread instead
    assert forks == [True, False, False]  # the reading, then its figures, both here
    assert order.read_text().splitlines() == ["links first", "links first"]
    assert in_thread.findings == in_child.findings and in_thread.extraction == in_child.extraction
    assert "link-dead" in {f.kind for f in in_child.findings}
    assert in_child.citation_refs == in_thread.citation_refs == ("r1",)
    os.close(signal_r)
    os.close(signal_w)


def test_the_event_loop_never_formats_the_audit_result():
    """asyncio's runner on Python 3.11 formats its main task, result included, when it
    puts SIGINT's handler back; a large audit's result took 0.4 s and 110 MB to format."""
    import signal

    from citecheck import aio

    formatted = []

    class Unformattable:
        def __repr__(self) -> str:
            formatted.append(self)
            return "…"

    async def main() -> Unformattable:
        return Unformattable()

    handler = signal.signal(signal.SIGINT, signal.default_int_handler)  # as on a command line
    try:
        assert isinstance(aio.run(main()), Unformattable)
    finally:
        signal.signal(signal.SIGINT, handler)
    assert not formatted


def test_offline_the_reading_starts_without_a_first_pass():
    """Offline nothing is checked while reading: the identifiers come with the whole
    extraction, and a large document's figures go to their child at once."""
    def first_pass(doc: object) -> None:
        raise AssertionError("a first pass offline")

    result = audit(AuditOptions(paths=(str(GHEERAERT),), offline=True),
                   seams=Seams(first_pass=first_pass))  # type: ignore[arg-type]
    assert len(result.documents[0].link_checks) == 20
    assert all(c.status.value == "unchecked" for c in result.documents[0].link_checks.values())
