"""The command line: options → ``AuditOptions`` → ``audit()`` → a reporter → exit code.

Click only.  Exit status (CONTRACT.md): 0 nothing at or above ``--fail-on``;
1 findings at or above it; 2 unusable input or configuration, with a one-line
message on stderr and no traceback.
"""

from __future__ import annotations

import io
import os
import sqlite3
import sys
from typing import NoReturn, TextIO

import click
from rich.console import Console

from citecheck import __version__
from citecheck.audit import audit
from citecheck.errors import CitecheckError
from citecheck.model import AuditOptions, AuditResult, Severity
from citecheck.report.json_report import render_json
from citecheck.report.terminal import render_terminal
from citecheck.resolve.cache import Cache

KINDS = (
    "citation-unmatched", "citation-ambiguous", "reference-uncited", "reference-duplicate",
    "reference-incomplete", "footnote-missing", "footnote-unused", "doi-malformed",
    "doi-not-found", "metadata-mismatch", "reference-not-found", "doi-suggested", "retracted",
    "published-version", "link-dead", "link-error", "link-blocked", "link-redirected",
    "link-title-mismatch", "link-unarchived", "link-refused", "url-malformed",
    "figure-unsourced", "attribution-vague", "attribution-unlinked",
)
FAIL_ON = {"error": Severity.ERROR.rank, "warning": Severity.WARNING.rank,
           "info": Severity.INFO.rank, "never": 99}


def _kinds(value: str | None, option: str) -> tuple[str, ...]:
    if not value:
        return ()
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    for item in items:
        if not any(kind.startswith(item) for kind in KINDS):
            raise click.BadParameter(f"{item!r} is not a finding kind or a prefix of one",
                                     param_hint=option)
    return items


def exit_code(result: AuditResult, fail_on: str) -> int:
    threshold = FAIL_ON[fail_on]
    worst = max((f.severity.rank for d in result.documents for f in d.findings), default=0)
    return 1 if worst >= threshold else 0


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citecheck")
def main() -> None:
    """Check the citations, bibliography, links and figures of essays and articles."""


@main.command("audit")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["terminal", "json"]), default="terminal",
              show_default=True, help="Report format.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE instead of stdout.")
@click.option("--offline", is_flag=True,
              help="No network at all: local checks, and registry answers already in the cache.")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="error", show_default=True,
              help="Exit 1 when a finding is at least this severe.")
@click.option("--config", type=click.Path(dir_okay=False), help="Configuration file.")
@click.option("--mailto", envvar="CITECHECK_MAILTO", help="Contact address for polite API pools.")
@click.option("--allow-private-hosts", is_flag=True,
              help="Let document URLs reach loopback/private/link-local addresses.")
@click.option("--max-concurrency", type=click.IntRange(1, 1024), default=32, show_default=True,
              help="Requests in flight in all.")
@click.option("--host-concurrency", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Requests in flight to one host.")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=20.0, show_default=True,
              help="Seconds per request.")
@click.option("--select", help="Only these finding kinds (comma-separated; prefixes allowed).")
@click.option("--ignore", help="Not these finding kinds (comma-separated; prefixes allowed).")
def audit_command(
    paths: tuple[str, ...], fmt: str, output: str | None, offline: bool, fail_on: str,
    config: str | None, mailto: str | None, allow_private_hosts: bool, max_concurrency: int,
    host_concurrency: int, timeout: float, select: str | None, ignore: str | None,
) -> None:
    """Audit the documents at PATHS (files or folders)."""
    if config is not None and not os.path.isfile(config):
        _fail(f"--config {config}: no such file")
    options = AuditOptions(
        paths=paths, offline=offline, select=_kinds(select, "--select"),
        ignore=_kinds(ignore, "--ignore"), mailto=mailto,
        allow_private_hosts=allow_private_hosts, max_concurrency=max_concurrency,
        host_concurrency=host_concurrency, timeout=timeout,
    )
    try:
        result = audit(options)
    except CitecheckError as exc:
        _fail(str(exc))
    try:
        stream: TextIO = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    except OSError as exc:
        _fail(f"--output {output}: {exc.strerror}")
    try:
        if fmt == "json":
            render_json(result, stream)
        else:
            console = Console(file=stream, highlight=False, soft_wrap=False,
                              force_terminal=None if not output else False,
                              width=120 if output or not stream.isatty() else None)
            render_terminal(result, console)
    finally:
        if output:
            stream.close()
    sys.exit(exit_code(result, fail_on))


@main.group("cache")
def cache_group() -> None:
    """Inspect or clear the lookup cache (CITECHECK_CACHE or the user cache dir)."""


@cache_group.command("info")
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


@cache_group.command("clear")
def cache_clear() -> None:
    """Remove every cached lookup."""
    cache = _open_cache()
    removed = cache.clear()
    cache.close()
    click.echo(f"removed {removed} cached lookups from {cache.path}")


def _open_cache() -> Cache:
    try:
        return Cache()
    except (OSError, sqlite3.Error) as exc:
        _fail(f"cache: {exc}")


def _fail(message: str) -> NoReturn:
    click.echo(f"citecheck: {message}", err=True)
    sys.exit(2)


def render_to_string(result: AuditResult, width: int = 100) -> str:
    """The terminal report as plain text (used by tests and the README)."""
    buffer = io.StringIO()
    render_terminal(result, Console(file=buffer, width=width, force_terminal=False,
                                    color_system=None, highlight=False))
    return buffer.getvalue()
