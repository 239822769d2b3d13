"""The command line: options → ``AuditOptions`` → ``audit()`` → a reporter → exit code.

Click only.  Exit status (CONTRACT.md): 0 nothing at or above ``--fail-on``;
1 findings at or above it; 2 unusable input or configuration, with a one-line
message on stderr and no traceback.
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime
import gc
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeVar

import click

from citecheck import __version__
from citecheck.config import Config
from citecheck.errors import CitecheckError
from citecheck.model import AuditOptions
from citecheck.options import FAIL_RANKS, build, exit_code
from citecheck.report import REPORTERS, reporter
from citecheck.rules import catalogue, find
from citecheck.text import visible

if TYPE_CHECKING:
    from citecheck.resolve.cache import Cache

def _options(*given: Any, **named: Any) -> tuple[AuditOptions, Config]:
    """Command line over configuration file over defaults (``options.build``)."""
    try:
        return build(*given, **named)
    except CitecheckError as exc:
        _fail(str(exc))


def _examples(*lines: str) -> str:
    """A command's examples, shown at the end of its help as written (``\\b`` keeps
    click from rewrapping them)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             epilog=_examples("citecheck audit essay.md",
                              "citecheck audit thesis/ --format html --output report.html",
                              "citecheck rules CC401"))
@click.version_option(__version__, "-V", "--version", prog_name="citecheck")
def main() -> None:
    """Check the citations, bibliography, links and figures of essays and articles.

    Reads .txt, .md, .qmd, .Rmd, .tex, .typ, .docx, .odt, .epub, .pdf, .html, .bib and
    JATS or TEI .xml files, and tells, line by line, what does not hold: citations with
    no entry, entries never cited, lost footnotes, DOIs and links that are wrong or dead,
    figures with no source.
    """


F = TypeVar("F", bound=Callable[..., Any])


def _audit_options(function: F) -> F:
    """The options shared by ``audit`` and ``baseline`` (sqlite-utils style)."""
    decorators = [
        click.argument("paths", nargs=-1, required=True),
        click.option("--offline", is_flag=True, default=None,
                     help="No network at all: local checks, and registry answers already "
                          "in the cache."),
        click.option("--config", type=click.Path(dir_okay=False),
                     help="Configuration file (default: citecheck.toml or [tool.citecheck] "
                          "in pyproject.toml, from here upwards)."),
        click.option("--mailto", envvar="CITECHECK_MAILTO",
                     help="Contact address for polite API pools."),
        click.option("--allow-private-hosts", is_flag=True, default=None,
                     help="Let document URLs reach loopback/private/link-local addresses."),
        click.option("--max-concurrency", type=click.IntRange(1, 1024),
                     help="Requests in flight in all (default 32)."),
        click.option("--host-concurrency", type=click.IntRange(1, 64),
                     help="Requests in flight to one host (default 4)."),
        click.option("--timeout", type=click.FloatRange(0.1, 600),
                     help="Seconds per request (default 20)."),
        click.option("--select", help="Only these finding kinds (comma-separated; prefixes "
                                      "allowed)."),
        click.option("--ignore", help="Not these finding kinds (comma-separated; prefixes "
                                      "allowed)."),
        click.option("--confirm-dead", type=click.IntRange(1, 30),
                     help="Call a link dead only after this many failures, at least a day "
                          "apart (for scheduled runs; default 1: at once)."),
        click.option("--archive", type=click.Choice(["none", "broken", "all"]),
                     help="Which links the Wayback Machine is asked about: none, those in "
                          "trouble (default: broken), or all."),
        click.option("--bibliography", "bibliography", multiple=True,
                     type=click.Path(dir_okay=False),
                     help="Bibliography file (BibTeX, CSL-JSON, CSL-YAML, RIS) for every "
                          "document, as Pandoc's --bibliography; repeatable."),
    ]
    wrapped: Any = function
    for decorator in reversed(decorators):
        wrapped = decorator(wrapped)
    return wrapped  # type: ignore[no-any-return]


def _exit_after(run: Callable[[], int]) -> None:
    try:
        code = run()
    except CitecheckError as exc:
        _fail(str(exc))
    sys.exit(code)


@main.command("audit", epilog=_examples(
    "citecheck audit essay.md                 # the terminal report",
    "citecheck audit docs/ --offline --fail-on warning",
    "citecheck audit paper.qmd --format sarif --output citecheck.sarif",
    "citecheck audit thesis/ --baseline citecheck-baseline.json"))
@_audit_options
@click.option("--format", "fmt",
              type=click.Choice([*REPORTERS, "jsonl"]),
              default="terminal", show_default=True,
              help="Report format (jsonl: a line per document as it is done, for corpora).")
@click.option("--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE instead of stdout.")
@click.option("--fail-on", type=click.Choice(list(FAIL_RANKS)),
              help="Exit 1 when a finding is at least this severe (default: error).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False),
              help="Report only findings that are not in this baseline file.")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress on stderr (by default: a display on a terminal, one "
                   "summary line elsewhere).")
@click.option("--jobs", type=click.IntRange(1, 256), default=os.cpu_count() or 1,
              show_default="the machine's cores", help="Processes reading documents.")
@click.option("--resume", is_flag=True,
              help="With --format jsonl: go on with the run that stopped, its done "
                   "documents given again from the journal.")
@click.option("--summary-html", type=click.Path(dir_okay=False, writable=True),
              help="With --format jsonl: also write the corpus summary as an HTML page.")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=100, show_default=True,
              help="With --format jsonl: documents audited (and held) together.")
def audit_command(
    paths: tuple[str, ...], fmt: str, output: str | None, offline: bool | None,
    fail_on: str | None, config: str | None, mailto: str | None,
    allow_private_hosts: bool | None, max_concurrency: int | None,
    host_concurrency: int | None, timeout: float | None, select: str | None,
    ignore: str | None, archive: str | None, confirm_dead: int | None,
    bibliography: tuple[str, ...],
    baseline_file: str | None, quiet: bool, jobs: int, resume: bool, summary_html: str | None,
    batch_size: int,
) -> None:
    """Audit the documents at PATHS (files or folders).

    Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 when the input
    or the configuration cannot be used.
    """
    # Imported here: --help and --version need none of it (it is most of start-up).
    from citecheck.audit import audit
    from citecheck.baseline import read_baseline
    from citecheck.report.progress import shown

    options, settings = _options(paths, offline, config, mailto, allow_private_hosts,
                                 max_concurrency, host_concurrency, timeout, select, ignore,
                                 archive, confirm_dead, bibliography)
    baseline = baseline_file or _from_config(settings, "baseline")
    try:
        known = read_baseline(baseline) if baseline else frozenset()
    except CitecheckError as exc:
        _fail(str(exc))
    options = dataclasses.replace(options, baseline=known)
    threshold = fail_on or settings.get("fail-on", "error")
    if fmt == "jsonl" or resume or summary_html:
        from citecheck.corpus import CorpusOptions, run_corpus

        _exit_after(lambda: run_corpus(options, CorpusOptions(jobs, batch_size, resume), output,
                                       summary_html, quiet, threshold))
    from citecheck.audit import Seams, pool_reader

    try:
        with shown(quiet) as progress:
            result = audit(options, progress=progress, seams=Seams(read=pool_reader(jobs)))
    except CitecheckError as exc:
        _fail(str(exc))
    try:
        stream: TextIO = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    except OSError as exc:
        _fail(f"--output {output}: {exc.strerror}")
    try:
        reporter(fmt)(result, stream)
    finally:
        if output:
            stream.close()
    sys.exit(exit_code(result, threshold))


@main.command("baseline", short_help="Record today's findings, to report only new ones later.",
              epilog=_examples(
    "citecheck baseline docs/ --output citecheck-baseline.json",
    "citecheck audit docs/ --baseline citecheck-baseline.json   # only new findings"))
@_audit_options
@click.option("--output", type=click.Path(dir_okay=False, writable=True),
              default="citecheck-baseline.json", show_default=True,
              help="Where to write the baseline.")
def baseline_command(
    paths: tuple[str, ...], output: str, offline: bool | None, config: str | None,
    mailto: str | None, allow_private_hosts: bool | None, max_concurrency: int | None,
    host_concurrency: int | None, timeout: float | None, select: str | None,
    ignore: str | None, archive: str | None, confirm_dead: int | None,
    bibliography: tuple[str, ...],
) -> None:
    """Record today's findings, so that "audit --baseline FILE" reports only new ones."""
    from citecheck.audit import audit
    from citecheck.baseline import write_baseline
    from citecheck.report.progress import shown

    options, _ = _options(paths, offline, config, mailto, allow_private_hosts,
                          max_concurrency, host_concurrency, timeout, select, ignore,
                          archive, confirm_dead, bibliography)
    try:
        with shown(False) as progress:
            result = audit(options, progress=progress)
    except CitecheckError as exc:
        _fail(str(exc))
    count = write_baseline(result, output)
    click.echo(f"recorded {count} findings in {output}")


@main.command("fix", short_help="Write the corrections the findings call for, as a diff.",
              epilog=_examples("citecheck fix essay.md > fixes.patch   # review, then git apply",
                               "citecheck fix essay.md --write          # in place, essay.md.orig kept",
                               "citecheck fix thesis/ --format json --select citation-"))
@_audit_options
@click.option("--write", "write_files", is_flag=True,
              help="Apply the corrections in place instead of printing the diff.")
@click.option("--no-backup", is_flag=True, help="With --write: keep no FILE.orig copy.")
@click.option("--format", "fmt", type=click.Choice(["diff", "json"]), default="diff",
              show_default=True, help="A unified diff, or each change with its reason.")
@click.option("--replace-preprints", is_flag=True,
              help="Write a preprint's published DOI over its own (default: add it beside).")
@click.option("--todo", is_flag=True,
              help="Mark, in a comment, where a finding needs the author (a lost note, a "
                   "figure with no source): Markdown, HTML and LaTeX.")
def fix_command(
    paths: tuple[str, ...], offline: bool | None, config: str | None, mailto: str | None,
    allow_private_hosts: bool | None, max_concurrency: int | None,
    host_concurrency: int | None, timeout: float | None, select: str | None,
    ignore: str | None, archive: str | None, confirm_dead: int | None,
    bibliography: tuple[str, ...], write_files: bool, no_backup: bool, fmt: str,
    replace_preprints: bool, todo: bool,
) -> None:
    """Correct what the findings show with certainty, touching only their spans: a
    misspelt cited name, a malformed DOI, a page moved for good, a dead page's archived
    copy.  Prints a unified diff (for git apply or patch -p1) unless --write.
    """
    from citecheck import fixing
    from citecheck.fix.plan import FixOptions
    from citecheck.report.progress import shown

    options, _ = _options(paths, offline, config, mailto, allow_private_hosts,
                          max_concurrency, host_concurrency, timeout, select, ignore,
                          archive, confirm_dead, bibliography)
    try:
        with shown(False) as progress:
            _, patched = fixing.fixes(options, FixOptions(replace_preprints, todo),
                                      progress=progress)
    except CitecheckError as exc:
        _fail(str(exc))
    for line in fixing.refusals(patched) + ([] if fmt == "json" or write_files
                                            else fixing.word_copies(patched)):
        click.echo(line, err=True)
    if fmt == "json":
        import json

        click.echo(json.dumps({"changes": fixing.changes(patched)}, ensure_ascii=False,
                              indent=2))
    elif write_files:
        try:
            for line in fixing.write_all(patched, backup=not no_backup):
                click.echo(line)
        except OSError as exc:
            _fail(f"{visible(exc.filename or '')}: cannot be written ({exc.strerror})")
    else:
        sys.stdout.write(fixing.diff(patched, sys.stdout.isatty()))


@main.command("archive", short_help="Have the Wayback Machine capture cited pages it lacks.",
              epilog=_examples(
                  "citecheck archive essay.md --dry-run      # which pages would be saved",
                  "CITECHECK_IA_ACCESS=… CITECHECK_IA_SECRET=… citecheck archive thesis/",
                  "citecheck archive docs/ --since 2025-01-01"))
@_audit_options
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Also save pages whose latest capture is older than this date.")
@click.option("--dry-run", is_flag=True, help="Say which pages would be saved; save none.")
def archive_command(
    paths: tuple[str, ...], offline: bool | None, config: str | None, mailto: str | None,
    allow_private_hosts: bool | None, max_concurrency: int | None,
    host_concurrency: int | None, timeout: float | None, select: str | None,
    ignore: str | None, archive: str | None, confirm_dead: int | None,
    bibliography: tuple[str, ...], since: datetime.datetime | None, dry_run: bool,
) -> None:
    """Save, with the Wayback Machine's Save Page Now, the cited pages that answer and
    have no capture, so that each citation keeps a copy when the page goes.

    With Internet Archive keys in CITECHECK_IA_ACCESS and CITECHECK_IA_SECRET, 12
    captures a minute; without, 4.  Each capture is written to the cache, where the
    next audit finds it.  Exit status 1 when a page could not be saved.
    """
    from citecheck.archiving import archive as save_uncaptured
    from citecheck.resolve.savepagenow import Keys

    options, _ = _options(paths, offline, config, mailto, allow_private_hosts,
                          max_concurrency, host_concurrency, timeout, select, ignore,
                          archive, confirm_dead, bibliography)
    if options.offline:
        _fail("archive needs the network (--offline was given)")
    from citecheck.report.progress import shown

    try:
        with shown(False) as progress:
            done = save_uncaptured(options, since=since.date() if since else None,
                                   keys=Keys.from_env(), dry_run=dry_run, progress=progress)
    except CitecheckError as exc:
        _fail(str(exc))
    for line in done.lines(dry_run):
        click.echo(line)
    sys.exit(1 if done.failed else 0)


@main.command("rules", short_help="List the finding kinds, or explain one.",
              epilog=_examples("citecheck rules", "citecheck rules CC401",
                               "citecheck rules link-dead"))
@click.argument("rule", required=False)
def rules_command(rule: str | None) -> None:
    """List the finding kinds, or explain one (a code such as CC101, or a name)."""
    if rule is None:
        for item in catalogue():
            click.echo(f"{item.code}  {item.name:22} {item.severity.value:8} {item.short}")
        return
    found = find(rule)
    if found is None:
        _fail(f"{rule!r} is not a finding kind or a code (see `citecheck rules`)")
    click.echo(f"{found.code} {found.name} ({found.severity.value} by default)\n")
    for title, text in (("What", found.full), ("Fix", found.help),
                        ("Example", found.example), ("Decided in", ", ".join(
                            f"citecheck/{layer.strip()}.py" for layer in found.layer.split(",")))):
        click.echo(f"{title}: {text}")


@main.group("cache", short_help="Inspect or clear the lookup cache.", epilog=_examples("citecheck cache info",
                                      "CITECHECK_CACHE=/tmp/cc.sqlite3 citecheck cache clear"))
def cache_group() -> None:
    """Inspect or clear the lookup cache (CITECHECK_CACHE or the user cache dir)."""


@cache_group.command("info", epilog=_examples("citecheck cache info"))
def cache_info() -> None:
    """Where the cache is, how big, and what it holds per service."""
    cache = _open_cache()
    info = cache.info()
    cache.close()
    click.echo(f"path: {info['path']}")
    click.echo(f"size: {info['bytes']} bytes")
    if not info["services"]:
        click.echo("empty")
    for service, row in sorted(info["services"].items()):
        click.echo(f"{service}: {row['entries']} entries ({row['found']} found, "
                   f"{row['entries'] - row['found']} not found, {row['expired']} expired)")


@cache_group.command("clear", epilog=_examples("citecheck cache clear"))
def cache_clear() -> None:
    """Remove every cached lookup."""
    cache = _open_cache()
    if cache.read_only:
        _fail(f"cache: {cache.path} is read-only here; nothing was removed")
    removed = cache.clear()
    cache.close()
    click.echo(f"removed {removed} cached lookups from {cache.path}")


def _open_cache() -> Cache:
    from citecheck.resolve.cache import Cache

    try:
        return Cache()
    except (OSError, sqlite3.Error) as exc:
        _fail(f"cache: {exc}")


def _from_config(settings: Config, key: str) -> str | None:
    """A file the configuration names, relative to the configuration file's folder."""
    value = settings.get(key)
    if not value:
        return None
    return str(Path(settings.path).parent / value) if settings.path else str(value)


def _fail(message: str) -> NoReturn:
    click.echo(f"citecheck: {message}", err=True)
    sys.exit(2)


def run() -> NoReturn:
    """The console entry point: ``main()``, then the exit handlers, then a hard exit.

    By the time ``main()`` ends every report is written and closed and the cache is
    committed.  What is left is the interpreter's own teardown: freeing each object of
    the run and clearing some 500 modules one by one, about 45 ms after a 2,000-link
    audit for nothing anyone sees.  ``atexit`` handlers still run (coverage, logging);
    only that teardown is skipped, as mypy does.

    The cyclic garbage collector is also told to run less often in this one-shot
    process: the objects of the imports are frozen out of its walks, and it waits for
    50,000 new objects instead of 700.  A 2,000-link audit allocates little garbage in
    cycles, yet the collector took 35-45 ms of it (one pass of 14 ms held the
    interpreter while link answers waited); 10-13 ms now.
    """
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        main()
        code: int | str | None = 0
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    status = code or 0
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a reader that went away, a stream already closed
        status = status or 1
    os._exit(status)
