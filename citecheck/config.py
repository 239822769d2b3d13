"""Configuration: ``[tool.citecheck]`` in pyproject.toml or a citecheck.toml.

Found from the working directory upwards (``--config`` names a file instead).
Command-line options given explicitly win over the file, the file over the
defaults.  An unknown key is an error naming the key (exit 2): a typo in a CI
configuration must not silently change what is checked.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citecheck.errors import ConfigError
from citecheck.model import Severity
from citecheck.rules import find, matching

KNOWN = {
    "select", "ignore", "severity", "exclude", "exclude-urls", "accept-status", "mailto",
    "max-concurrency", "host-concurrency", "timeout", "language", "fail-on", "bibliography",
    "allow-private-hosts", "baseline", "archive", "confirm-dead",
}


@dataclass(frozen=True)
class Config:
    path: str | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "citecheck.toml"
        if own.is_file():
            return own
        project = folder / "pyproject.toml"
        if project.is_file():
            try:
                with project.open("rb") as handle:
                    if "citecheck" in tomllib.load(handle).get("tool", {}):
                        return project
            except (OSError, tomllib.TOMLDecodeError):
                continue
    return None


def load_config(path: str | None) -> Config:
    file = Path(path) if path else find_config()
    if file is None:
        return Config()
    try:
        with file.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{file}: no such configuration file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML ({exc})") from None
    if file.name == "pyproject.toml":
        data = data.get("tool", {}).get("citecheck", {})
    elif "tool" in data and "citecheck" in data.get("tool", {}):
        data = data["tool"]["citecheck"]
    return Config(str(file), validate(data, str(file)))


def validate(data: dict[str, Any], where: str) -> dict[str, Any]:
    for key in data:
        if key not in KNOWN:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(KNOWN))})")
    for key in ("select", "ignore", "exclude", "exclude-urls", "bibliography"):
        if key in data and not (isinstance(data[key], list)
                                and all(isinstance(v, str) for v in data[key])):
            raise ConfigError(f"{where}: {key!r} must be a list of strings")
    for key in ("select", "ignore"):
        for value in data.get(key, []):
            if not matching(value):
                raise ConfigError(f"{where}: {key} names {value!r}, which is not a finding kind")
    for kind, level in data.get("severity", {}).items():
        if find(kind) is None:
            raise ConfigError(f"{where}: severity names {kind!r}, which is not a finding kind")
        if level not in {"error", "warning", "info"}:
            raise ConfigError(f"{where}: severity of {kind!r} must be error, warning or info")
    for pattern in data.get("exclude-urls", []):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{where}: exclude-urls pattern {pattern!r}: {exc}") from None
    for host, statuses in data.get("accept-status", {}).items():
        if not (isinstance(statuses, list) and all(isinstance(s, int) for s in statuses)):
            raise ConfigError(f"{where}: accept-status for {host!r} must be a list of numbers")
    for key in ("max-concurrency", "host-concurrency", "confirm-dead"):
        if key in data and (not isinstance(data[key], int) or data[key] < 1):
            raise ConfigError(f"{where}: {key!r} must be a positive whole number")
    if "timeout" in data and (not isinstance(data["timeout"], int | float) or data["timeout"] <= 0):
        raise ConfigError(f"{where}: 'timeout' must be a positive number of seconds")
    if "fail-on" in data and data["fail-on"] not in {"error", "warning", "info", "never"}:
        raise ConfigError(f"{where}: 'fail-on' must be error, warning, info or never")
    if "language" in data and data["language"] not in {"fr", "en"}:
        raise ConfigError(f"{where}: 'language' must be fr or en")
    if "archive" in data and data["archive"] not in {"none", "broken", "all"}:
        raise ConfigError(f"{where}: 'archive' must be none, broken or all")
    return data


def severity_overrides(config: Config) -> dict[str, Severity]:
    """By kind name; the configuration may name a kind by its code (``CC501``)."""
    overrides = {}
    for kind, level in config.get("severity", {}).items():
        rule = find(kind)
        if rule is not None:
            overrides[rule.name] = Severity(level)
    return overrides
