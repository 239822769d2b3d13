"""A corpus audit: thousands of documents in batches, one report line each as each batch
is done (``--format jsonl``), memory bounded by the batch, progress kept in a journal.

The documents are found first (only their paths are held), then audited a batch at a
time with the ordinary pipeline (``audit``), its reading spread over ``--jobs``
processes.  Lookups are asked once per corpus: a batch's DOIs and links are asked
together, and what one batch learns is in the cache for the next (a DOI or an address
cited by a hundred documents is asked about once).  After each batch its report lines
are written and the batch recorded in the journal (``journal.py``); ``--resume`` gives
the recorded lines again and audits only the rest.  The summary across the corpus
(``CorpusSummary``) is kept as counts, never as the documents.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from citecheck import __version__
from citecheck.audit import Seams, audit, pool_reader
from citecheck.errors import InputError
from citecheck.fork import process_pool
from citecheck.ingest.files import discover
from citecheck.ingest.selection import excluded
from citecheck.journal import Journal, digest, run_key
from citecheck.model import AuditOptions, DocumentResult
from citecheck.options import FAIL_RANKS
from citecheck.progress import Progress
from citecheck.report.corpus_summary import CorpusSummary
from citecheck.report.json_report import document_dict
from citecheck.resolve.cache import default_path
from citecheck.text import json_safe

if TYPE_CHECKING:
    from concurrent.futures import Future

BATCH = 100
"""Documents audited together: their lookups are asked together, their texts held
together.  A hundred small articles hold a few tens of megabytes."""
@dataclass(frozen=True)
class CorpusOptions:
    jobs: int = 1
    batch: int = BATCH
    resume: bool = False


def audit_corpus(options: AuditOptions, corpus: CorpusOptions, stream: TextIO, *,
                 progress: Progress | None = None, journal_path: Path | None = None,
                 seams: Seams | None = None, **world: Any) -> CorpusSummary:
    """Audit every document under ``options.paths``, writing one JSON line per document
    as each batch is done; the keyword arguments replace the outside world, as for
    ``audit``."""
    paths = [p for p in discover(options.paths) if not excluded(p, options.exclude)]
    if not paths:
        raise InputError(f"no document to audit in {', '.join(options.paths)}")
    journal = Journal(journal_path or default_path(), _key(options, paths))
    if not corpus.resume:
        journal.start()
    recorded = journal.done() if corpus.resume else {}
    # Each batch's digests are read as its turn comes, not the whole corpus's first.
    plans = (_Plan(batch, recorded) for batch in _batches(paths, corpus.batch))
    summary = CorpusSummary()
    if options.offline and corpus.jobs > 1 and not world:
        # Offline, a batch needs nothing shared: whole batches go to the processes.
        done = _in_processes(options, plans, corpus.jobs, seams or Seams())
    else:  # online, one process asks the services (politeness is global); it reads on many
        reading = dataclasses.replace(seams or Seams(), read=pool_reader(corpus.jobs))
        done = ((plan, *_audit_batch(options, plan.todo, reading, progress, world))
                for plan in plans)
    try:
        for plan, lines, skipped in done:
            lines = {**plan.kept, **lines}
            for path in plan.sums:
                if path in lines:
                    stream.write(lines[path] + "\n")
                    summary.add(json.loads(lines[path]))
            stream.flush()
            journal.record([(p, plan.sums[p], lines[p]) for p in plan.todo if p in lines])
            summary.resumed += len(plan.kept)
            summary.skipped += skipped
    finally:
        journal.close()
    return summary


class _Plan:
    """A batch: its documents' digests, those the journal has, those still to do."""

    def __init__(self, batch: list[Path], recorded: dict[str, tuple[str, str]]) -> None:
        self.sums = {str(p): digest(p) for p in batch}
        self.kept = {p: recorded[p][1] for p in self.sums
                     if p in recorded and recorded[p][0] == self.sums[p]}
        self.todo = [p for p in self.sums if p not in self.kept]


def _in_processes(options: AuditOptions, plans: Iterator[_Plan], jobs: int, seams: Seams
                  ) -> Iterator[tuple[_Plan, dict[str, str], int]]:
    """The batches audited on ``jobs`` processes, given back in order."""
    ahead: deque[tuple[_Plan, Future[tuple[dict[str, str], int]]]] = deque()
    with process_pool(jobs) as pool:
        for plan in plans:
            # One batch a process under way: memory stays bounded, and a killed run
            # loses at most one batch a process.
            ahead.append((plan, pool.submit(_audit_batch, options, plan.todo, seams, None, {})))
            if len(ahead) >= jobs:
                done, future = ahead.popleft()
                yield (done, *future.result())
        while ahead:
            done, future = ahead.popleft()
            yield (done, *future.result())


def _audit_batch(options: AuditOptions, todo: list[str], seams: Seams,
                 progress: Progress | None, world: dict[str, Any]) -> tuple[dict[str, str], int]:
    """Report lines of the batch's documents still to do, by path, and how many could
    not be read."""
    if not todo:
        return {}, 0
    try:
        result = audit(dataclasses.replace(options, paths=tuple(todo)), seams=seams,
                       progress=progress, **world)
    except InputError as exc:  # a batch of unusable files: said, and the run goes on
        print(f"citecheck: skipped {exc}", flush=True, file=sys.stderr)
        return {}, len(todo)
    return {doc.document.path: _line(doc) for doc in result.documents}, 0


def _line(doc: DocumentResult) -> str:
    from citecheck.resolve.link_run import document_date

    out = document_dict(doc)
    out["year"] = document_date(doc.extraction).year
    return json_safe(json.dumps(out, ensure_ascii=False, separators=(",", ":")))


def _batches(paths: list[Path], size: int) -> Iterator[list[Path]]:
    for start in range(0, len(paths), max(1, size)):
        yield paths[start:start + size]


def _key(options: AuditOptions, paths: list[Path]) -> str:
    """What makes two runs the same run: the documents and the options that change the
    report (not the concurrency, not the progress shown)."""
    shaping = (options.offline, options.select, options.ignore, sorted(options.severity.items()),
               options.archive, options.confirm_dead, options.language, options.bibliography,
               options.exclude_urls, __version__)
    return run_key([repr(shaping), *(str(p.resolve()) for p in paths)])


def run_corpus(options: AuditOptions, corpus: CorpusOptions, output: str | None,
               summary_html: str | None, quiet: bool, fail_on: str) -> int:
    """``citecheck audit --format jsonl``: the lines to ``output`` (or standard output),
    the summary to standard error, and the exit status ``--fail-on`` asks for."""
    from citecheck.model import Severity
    from citecheck.report.corpus_summary import render_summary, render_summary_html
    from citecheck.report.progress import shown

    try:
        stream: TextIO = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"--output {output}: {exc.strerror}") from None
    try:
        with shown(quiet) as progress:
            summary = audit_corpus(options, corpus, stream, progress=progress)
    finally:
        if output:
            stream.close()
    if not quiet:
        render_summary(summary, sys.stderr)
    if summary_html:
        with open(summary_html, "w", encoding="utf-8") as page:
            render_summary_html(summary, page)
    worst = max((Severity(s).rank for s, n in summary.severities.items() if n), default=0)
    return 1 if worst >= FAIL_RANKS[fail_on] else 0
