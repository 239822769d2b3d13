"""The catalogue of finding kinds, as a linter's rule registry (data/kinds.toml).

Each kind is declared once there, with a stable code (``CC101``), its usual severity,
the layer that emits it, what it means, how to fix it and an example.  Everything that
names kinds asks here: ``--select``/``--ignore`` and the configuration (codes, names
and prefixes of either), SARIF rules, the reports' legends, ``citecheck rules`` and the
README's table (tested against it).  A finding of a kind the catalogue lacks cannot be
made (``model.Finding`` refuses it), so a new check cannot ship undocumented.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from citecheck.lexicon import load
from citecheck.model import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    """Stable and never reused: ``CC101``."""
    name: str
    """The kind as findings carry it: ``citation-unmatched``."""
    severity: Severity
    """The usual severity; some findings of the kind are stronger or weaker."""
    short: str
    full: str
    help: str
    layer: str
    """Where it is decided (``check/citations``): where to look to change it."""
    example: str


@functools.cache
def catalogue() -> tuple[Rule, ...]:
    """Every rule, in code order."""
    rules = [Rule(text["code"], name, Severity(text["severity"]), text["short"], text["full"],
                  text["help"], text["layer"], text["example"])
             for name, text in load("kinds").items()]
    return tuple(sorted(rules, key=lambda rule: rule.code))


@functools.cache
def by_name() -> dict[str, Rule]:
    return {rule.name: rule for rule in catalogue()}


def find(code_or_name: str) -> Rule | None:
    """The rule a code (``CC101``, any case) or a kind name names, if any."""
    wanted = code_or_name.strip()
    for rule in catalogue():
        if wanted.upper() == rule.code or wanted == rule.name:
            return rule
    return None


def matching(selector: str) -> tuple[str, ...]:
    """The kinds a ``--select``/``--ignore`` item names: a code or a code prefix
    (``CC4`` is every link kind), a kind or a kind prefix (``link-``)."""
    wanted = selector.strip()
    if not wanted:
        return ()
    if wanted[:2].upper() == "CC":
        return tuple(r.name for r in catalogue() if r.code.startswith(wanted.upper()))
    return tuple(r.name for r in catalogue() if r.name.startswith(wanted))


@functools.cache
def kinds_of(selectors: tuple[str, ...]) -> frozenset[str]:
    """Every kind the selectors name together."""
    return frozenset(kind for selector in selectors for kind in matching(selector))


def known(kind: str) -> bool:
    return kind in by_name()
