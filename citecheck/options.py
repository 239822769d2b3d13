"""The command line's options made into ``AuditOptions``: command line over
configuration file over defaults; and the exit status ``--fail-on`` asks for."""

from __future__ import annotations

from typing import Any

import click

from citecheck.config import Config, load_config, severity_overrides
from citecheck.model import ArchiveMode, AuditOptions, AuditResult, Severity
from citecheck.rules import matching

FAIL_RANKS = {"error": Severity.ERROR.rank, "warning": Severity.WARNING.rank,
           "info": Severity.INFO.rank, "never": 99}


def _kinds(value: str | None, option: str) -> tuple[str, ...]:
    if not value:
        return ()
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    for item in items:
        if not matching(item):
            raise click.BadParameter(
                f"{item!r} is not a finding kind, a code, or a prefix of either "
                "(see `citecheck rules`)", param_hint=option)
    return items


def exit_code(result: AuditResult, fail_on: str) -> int:
    threshold = FAIL_RANKS[fail_on]
    worst = max((f.severity.rank for d in result.documents for f in d.findings), default=0)
    return 1 if worst >= threshold else 0


def build(paths: tuple[str, ...], offline: bool | None, config: str | None,
             mailto: str | None, allow_private_hosts: bool | None, max_concurrency: int | None,
             host_concurrency: int | None, timeout: float | None, select: str | None,
             ignore: str | None, archive: str | None = None, confirm_dead: int | None = None,
             bibliography: tuple[str, ...] = (),
             baseline: frozenset[str] = frozenset()) -> tuple[AuditOptions, Config]:
    """Command line over configuration file over defaults."""
    settings = load_config(config)  # CitecheckError: said by the command line

    def pick(given: object, key: str, default: object) -> Any:
        return given if given is not None else settings.get(key, default)

    select_kinds = _kinds(select, "--select") if select else tuple(settings.get("select", ()))
    ignore_kinds = _kinds(ignore, "--ignore") if ignore else tuple(settings.get("ignore", ()))
    options = AuditOptions(
        paths=paths, offline=bool(offline), select=select_kinds, ignore=ignore_kinds,
        mailto=pick(mailto, "mailto", None),
        allow_private_hosts=bool(pick(allow_private_hosts, "allow-private-hosts", False)),
        max_concurrency=int(pick(max_concurrency, "max-concurrency", 32)),
        host_concurrency=int(pick(host_concurrency, "host-concurrency", 4)),
        timeout=float(pick(timeout, "timeout", 20.0)),
        severity=severity_overrides(settings),
        exclude=tuple(settings.get("exclude", ())),
        exclude_urls=tuple(settings.get("exclude-urls", ())),
        accept_status={h: tuple(v) for h, v in settings.get("accept-status", {}).items()},
        language=settings.get("language"),
        bibliography=bibliography or tuple(settings.get("bibliography", ())),
        baseline=baseline,
        archive=ArchiveMode(pick(archive, "archive", "broken")),
        confirm_dead=int(pick(confirm_dead, "confirm-dead", 1)),
    )
    return options, settings
