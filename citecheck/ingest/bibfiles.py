"""Which bibliography files a document uses, found the way its toolchain finds them.

Pandoc reads ``bibliography:`` from the front matter (a string or a list), from a
metadata file given with ``--metadata-file`` (Stylo and other editors export one
beside the document: ``article.yaml`` next to ``article.md``) and from the command
line (``--bibliography``); Quarto adds ``_quarto.yml`` and ``_metadata.yml`` files in
the folders above; a bookdown book names its files once, in ``index.Rmd``; a site
may keep them in ``metadata.yml``.  Paths are relative to the file that names them.

A bibliography named at project level (Quarto, bookdown, a site) serves many
documents: it is a shared library, and its entries a document does not cite are
not that document's defect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citecheck.ingest.prose import front_matter, load_yaml

BIBLIOGRAPHY_SUFFIXES = {
    ".bib": "bibtex", ".bibtex": "bibtex", ".biblatex": "bibtex",
    ".json": "csljson", ".yaml": "cslyaml", ".yml": "cslyaml", ".ris": "ris",
}
"""Bibliography formats Pandoc reads and citecheck reads too."""

_PROJECT_FILES = ("_quarto.yml", "_quarto.yaml", "_metadata.yml", "_metadata.yaml",
                  "metadata.yml", "metadata.yaml")
_MAX_METADATA_BYTES = 1024 * 1024
_KEY = re.compile(r"@([\w*][\w:.#$%&\-+?<>~/]*)")


@dataclass(frozen=True)
class Bibliographies:
    """The files a document's citations refer to, and where they were named."""

    found: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    """Named by the document or its project, but not there."""
    shared: bool = False
    """Named at project level (or beside the document for several): a library."""
    nocite: tuple[str, ...] = ()
    """Keys listed in ``nocite`` (``*`` for all)."""


def named_beside(paths: tuple[str, ...], files: list[Path]) -> tuple[str, ...]:
    """Bibliography files named on the command line beside documents: used by those
    documents (as ``--bibliography``), not audited alone."""
    named = [p for p in paths if Path(p).suffix.lower() in BIBLIOGRAPHY_SUFFIXES
             and Path(p).is_file()]
    others = [f for f in files if str(f) not in named]
    return tuple(named) if named and others else ()


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


def _read_yaml_file(path: Path) -> dict[str, Any]:
    try:
        if not path.is_file() or path.stat().st_size > _MAX_METADATA_BYTES:
            return {}
        return load_yaml(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return {}


def _project_metadata(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Project files from the document's folder up to the project root (the folder of a
    ``_quarto.yml``) or the file system's root, nearest first."""
    found = []
    for directory in (folder, *folder.parents):
        for name in _PROJECT_FILES:
            meta = _read_yaml_file(directory / name)
            if meta:
                found.append((directory, meta))
        if (directory / "_quarto.yml").is_file() or (directory / ".git").exists():
            break
    return found


def _bookdown_index(folder: Path, own: Path) -> dict[str, Any]:
    """A bookdown chapter's bibliography is named in its book's ``index.Rmd``."""
    if not (folder / "_bookdown.yml").is_file():
        return {}
    for name in ("index.Rmd", "index.rmd", "index.md", "index.qmd"):
        index = folder / name
        if index.is_file() and index.resolve() != own.resolve():
            try:
                return front_matter(index.read_text(encoding="utf-8", errors="replace")[
                    :_MAX_METADATA_BYTES])[1]
            except OSError:
                return {}
    return {}


_CONF_BIBFILES = re.compile(r"^bibtex_bibfiles\s*=\s*[\[(]([^\])]*)[\])]", re.M)


def _sphinx_bibfiles(folder: Path) -> list[Path]:
    """The bibliography of a Jupyter Book, Sphinx or MyST project (sphinxcontrib-bibtex):
    ``bibtex_bibfiles`` in a book's ``_config.yml`` or in ``conf.py``, or a MyST
    ``myst.yml``'s ``project: bibliography``, in the nearest folder above that names
    one; paths are the project folder's."""
    for directory in (folder, *folder.parents):
        config = _read_yaml_file(directory / "_config.yml")
        names = _names(config.get("bibtex_bibfiles"))
        project = _read_yaml_file(directory / "myst.yml").get("project")
        if not names and isinstance(project, dict):
            names = _names(project.get("bibliography"))
        conf = directory / "conf.py"
        if not names and conf.is_file():
            try:
                found = _CONF_BIBFILES.search(conf.read_text(encoding="utf-8", errors="replace")[
                    :_MAX_METADATA_BYTES])
            except OSError:
                found = None
            names = re.findall(r"[\"']([^\"']+)[\"']", found.group(1)) if found else []
        if names:
            return [directory / name for name in names]
        if (directory / ".git").exists():
            break
    return []


def _jekyll_scholar(folder: Path) -> Path | None:
    """The bibliography of a Jekyll site that uses jekyll-scholar: ``_config.yml``'s
    ``scholar: {source, bibliography}`` (default ``_bibliography/references.bib``), in
    the nearest folder above that has a ``_config.yml`` with a ``scholar`` key."""
    for directory in (folder, *folder.parents):
        config = directory / "_config.yml"
        if config.is_file():
            scholar = _read_yaml_file(config).get("scholar")
            if not isinstance(scholar, dict):
                return None
            source = str(scholar.get("source") or "_bibliography").strip("/").lstrip("./")
            name = str(scholar.get("bibliography") or "references.bib")
            name = name if name.endswith(".bib") else name + ".bib"
            return directory / source / name
        if (directory / ".git").exists():
            return None
    return None


def nocite_keys(meta: dict[str, Any]) -> tuple[str, ...]:
    value = meta.get("nocite")
    text = " ".join(_names(value)) if not isinstance(value, str) else value
    return tuple(_KEY.findall(text or ""))


def find_bibliographies(path: Path, meta: dict[str, Any],
                        given: tuple[str, ...] = ()) -> Bibliographies:
    """The bibliography files of the document at ``path`` whose front matter is
    ``meta``; ``given``: files named on the command line or in the configuration."""
    folder = path.parent
    named: list[Path] = [Path(g) for g in given]
    shared = False
    nocite = nocite_keys(meta)
    own = _names(meta.get("bibliography"))
    named += [folder / n for n in own]
    if not own:
        for suffix in (".yaml", ".yml"):
            sidecar = _read_yaml_file(path.with_suffix(suffix))
            if sidecar.get("bibliography"):
                named += [folder / n for n in _names(sidecar["bibliography"])]
                nocite = nocite or nocite_keys(sidecar)
                break
    if not own and len(named) == len(given):
        index = _bookdown_index(folder, path)
        for directory, project in [(folder, index)] + _project_metadata(folder):
            names = _names(project.get("bibliography"))
            if names:
                named += [directory / n for n in names]
                nocite = nocite or nocite_keys(project)
                shared = True
                break
    if len(named) == len(given):
        book = _sphinx_bibfiles(folder)
        if book:
            named += book
            shared = True  # the book's bibliography, cited a little per chapter
    if len(named) == len(given):
        scholar = _jekyll_scholar(folder)
        if scholar:
            named.append(scholar)
            shared = True  # the site's whole bibliography, cited a little per post
    if len(named) == len(given):
        sibling = path.with_suffix(".bib")
        if sibling.is_file():
            named.append(sibling)
    found: list[str] = []
    missing: list[str] = []
    for candidate in named:
        text = str(candidate)
        if text in found or text in missing:
            continue
        (found if candidate.is_file() else missing).append(text)
    return Bibliographies(tuple(found), tuple(missing), shared, nocite)


_FREE_TEXT = re.compile(
    r"^[ \t]*(?:abstract|annotation|annote|file|keywords|comment|review|mendeley-tags|"
    r"groups|owner|timestamp)[ \t]*=[ \t]*", re.M | re.I)


def mask_free_text(text: str) -> str:
    """A BibTeX text with the values of its free-text fields (abstracts, annotations,
    file paths, keywords) blanked, offsets kept: what is in them is neither the entry's
    identity nor a link the document gives its reader."""
    if not _FREE_TEXT.search(text):
        return text
    chars = list(text)
    for match in _FREE_TEXT.finditer(text):
        end = value_end(text, match.end())
        for i in range(match.end(), end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def value_end(text: str, start: int) -> int:
    """Where a field value opening at ``start`` ({…} or "…") ends; bounded."""
    if start >= len(text) or text[start] not in "{\"":
        newline = text.find("\n", start)
        return len(text) if newline == -1 else newline
    depth, i, limit = 0, start, min(len(text), start + 200_000)
    quote = text[start] == '"'
    while i < limit:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and not quote:
                return i + 1
        elif char == '"' and quote and i > start and depth == 0:
            return i + 1
        i += 1
    return limit
