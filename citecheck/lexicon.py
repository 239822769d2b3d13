"""Load the word lists in ``data/`` once.

The lists ship inside the installed package as ``citecheck/data``; in a source
checkout (editable install, tests) they are read from the repository's
top-level ``data/``.  Code never embeds these lists: an editor can improve
citecheck's French or English by editing a TOML file.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from citecheck.text import fold

_HERE = Path(__file__).resolve().parent


def data_dir() -> Path:
    for candidate in (_HERE / "data", _HERE.parent / "data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("citecheck's data/ folder is missing from this installation")


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The parsed ``data/{name}.toml``."""
    with (data_dir() / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


@functools.cache
def folded_set(name: str, key: str) -> frozenset[str]:
    """A list from ``data/{name}.toml`` as a set of folded strings."""
    return frozenset(fold(str(item)) for item in load(name)[key])


@functools.cache
def common_words() -> frozenset[str]:
    """Words that are capitalised only for opening a sentence, never an author's or a
    source's name: the common words of both languages and ``not_names``
    (data/languages.toml, data/names.toml), folded."""
    return (folded_set("languages", "fr") | folded_set("languages", "en")
            | folded_set("names", "not_names"))
