"""Walk paths, read and decode files, and build ``Document``s."""

from __future__ import annotations

import codecs
import functools
import os
import re
import sys
from collections import Counter
from pathlib import Path

from citecheck.errors import InputError
from citecheck.ingest.bibfiles import find_bibliographies, mask_free_text
from citecheck.ingest.html import html_to_text
from citecheck.ingest.prose import front_matter, mask_non_prose
from citecheck.ingest.texproject import main_bibliographies, with_included
from citecheck.model import Document, DocumentKind

SUPPORTED_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".qmd": "markdown",  # Quarto and R Markdown: Pandoc Markdown, [@key] citations
    ".rmd": "markdown",
    ".bib": "bib",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".tex": "latex",
    ".typ": "typst",
    ".xml": "xml",  # JATS or TEI, told apart by the root element
    ".jats": "xml",
    ".tei": "xml",
    ".odt": "odt",
    ".epub": "epub",
    ".pdf": "pdf",
}
_PACKAGES = {".docx", ".odt", ".epub", ".pdf"}
"""Suffixes of files that are not text: read by ``ingest.formats``."""

MAX_DOCUMENT_BYTES = 128 * 1024 * 1024
"""Larger files are refused rather than read: a bound on memory and time.  A document's
audit holds about nine times its size at its peak (``bench/fault_matrix.py``: 0.29 GB
for 30 MB, 0.86 GB for 100 MB), so no file makes one take more than about 1.2 GB."""

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox"}


def discover(paths: tuple[str, ...] | list[str]) -> list[Path]:
    """The files to audit, in a stable order; folders are walked.

    A path given by name is audited whatever its suffix (as plain text when
    unknown); inside folders only known suffixes are taken.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    candidate = Path(root) / name
                    suffix = candidate.suffix.lower()
                    if suffix in SUPPORTED_SUFFIXES and (
                            SUPPORTED_SUFFIXES[suffix] != "xml" or is_article_xml(candidate)):
                        found.append(candidate)
        elif path.is_file():
            if SUPPORTED_SUFFIXES.get(path.suffix.lower()) == "xml" and not is_article_xml(path):
                # A hook or a CI step passes every changed .xml: a build file is no article.
                print(f"citecheck: {raw}: XML that is no JATS or TEI article: skipped",
                      file=sys.stderr)
                continue
            found.append(path)
        elif path.exists():
            raise InputError(f"{raw}: not a regular file or folder")
        else:
            raise InputError(f"{raw}: no such file or folder")
    # A LaTeX main file brings the chapters it \include's (a folder's walk finds them
    # anyway; a file named alone does not).
    found = [part for item in found for part in (
        with_included(item) if item.suffix.lower() == ".tex" else [item])]
    seen: set[Path] = set()
    unique = []
    for item in found:
        key = item.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def is_article_xml(path: Path) -> bool:
    """An XML file in a folder is audited when it is an article (JATS ``<article>``, a
    TEI document), not any XML a project holds (a build file, a configuration)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return bool(re.search(rb"<(?:article|TEI)[\s>]", head))


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16/32 with a BOM; anything else is refused."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: not valid {encoding} ({exc.reason})") from None
    head = data[:8192]
    if b"\x00" in head or len(_CONTROL.findall(head.decode("latin-1"))) > len(head) // 10:
        raise InputError(f"{name}: binary file, not text")  # valid UTF-8 is not enough
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in data[:4096]:
            raise InputError(f"{name}: binary file, not text") from None
        text = _windows_text(data)
        if text is not None:
            print(f"citecheck: warning: {name}: not UTF-8, read as Windows-1252 (Latin-1)",
                  file=sys.stderr)
            return text
        raise InputError(
            f"{name}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it, e.g. with iconv -f latin1 -t utf-8"
        ) from None


_WINDOWS_PUNCTUATION = frozenset("’‘“”«»–—…€•\u00a0°§©®·½¼¾²³¹ºª")


def _windows_text(data: bytes) -> str | None:
    """The text of a file saved in Windows-1252 or Latin-1, the other encoding of French
    and English documents (Word's "Text only", older web pages), when it reads as such:
    no control characters, and its non-ASCII characters letters or the punctuation of
    prose.  Anything else stays refused rather than read as gibberish."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined
        return None
    if _CONTROL.search(text):
        return None
    others = Counter(_NON_ASCII.findall(text))  # a few distinct characters, however long
    readable = sum(n for c, n in others.items() if c.isalpha() or c in _WINDOWS_PUNCTUATION)
    return text if others and readable >= 0.9 * others.total() else None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
"""Control characters other than tab, line feed, form feed and carriage return."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def load_document(path: Path, bibliographies: tuple[str, ...] = ()) -> Document:
    """Read one file into a ``Document`` (``InputError`` if it cannot be used).
    ``bibliographies``: files given for every document (``--bibliography``)."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise InputError(f"{name}: {size} bytes is more than the {MAX_DOCUMENT_BYTES} allowed")
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder") from None
    except FileNotFoundError:
        raise InputError(f"{name}: no such file or folder") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror})") from None
    if path.suffix.lower() in _PACKAGES:
        from citecheck.ingest.formats import read_package  # zip, XML, PDF: only for them

        return read_package(path.suffix.lower(), data, name, bibliographies)
    source = decode(data, name)
    # Normalising line ends keeps every line and column where the user sees it.
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower(), "text")
    line_starts = Document.line_starts_of(source)
    if kind == "xml":
        from citecheck.ingest.formats import read_xml

        return read_xml(source, name, line_starts, bibliographies)
    if kind == "html":
        text, offsets = html_to_text(source)
        return Document(name, DocumentKind.HTML, text, line_starts, tuple(offsets),
                        rendered=_CSL_ENTRY in source)
    if kind == "latex":
        from citecheck.ingest.latex import bib_names, latex_to_text

        text, where = latex_to_text(source)
        # The .bib files it names that are there (others may be on BibTeX's own path).
        # The .bib files it names that are there (others may be on BibTeX's own path,
        # which is why a missing one is named, never guessed at).
        named = [path.parent / n for n in bib_names(source)]
        # A chapter uses the bibliography of the main file that \include's it.
        of_main, chapter = main_bibliographies(path, source) if not named else ([], False)
        named += of_main
        bibs = tuple(str(p) for p in named if p.is_file())
        missing = tuple(str(p) for p in named if not p.is_file())
        return Document(name, DocumentKind.LATEX, text, line_starts, where, (*bibliographies, *bibs),
                        missing, shared_bib=chapter)
    if kind == "markdown":
        return _markdown(path, source, line_starts, bibliographies)
    if kind == "typst":
        return _typst(path, source, line_starts, bibliographies)
    if kind == "bib":
        return Document(name, DocumentKind.BIB, mask_free_text(source), line_starts)
    return Document(name, DocumentKind.TEXT, source, line_starts, None, bibliographies)


_CSL_ENTRY = 'class="csl-entry"'
"""What marks a bibliography Pandoc (citeproc) printed."""


def load_bibliography(path: Path) -> Document:
    """A bibliography file (BibTeX, CSL-JSON, CSL-YAML or RIS) as a ``bib`` document,
    read once per run however many documents use it (and read again if it changed)."""
    try:
        stat = path.stat()
    except OSError:
        return _load_bibliography(path, 0, -1)  # the reading says what is wrong
    return _load_bibliography(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _load_bibliography(path: Path, mtime_ns: int, size: int) -> Document:
    if path.suffix.lower() == ".bib":
        return load_document(path)
    doc = load_document(path)
    return Document(doc.path, DocumentKind.BIB, doc.text, doc.line_starts)


def _markdown(path: Path, source: str, line_starts: tuple[int, ...],
              given: tuple[str, ...]) -> Document:
    """Pandoc-family Markdown: its prose (metadata, code and mathematics blanked, so
    offsets hold) and the bibliographies it uses."""
    _, meta = front_matter(source)
    bibs = find_bibliographies(path, meta, given)
    title = meta.get("title")
    return Document(str(path), DocumentKind.MARKDOWN, mask_non_prose(source), line_starts, None,
                    bibs.found, bibs.missing, bibs.shared, bibs.nocite,
                    title.strip() if isinstance(title, str) and title.strip() else None)


def _typst(path: Path, source: str, line_starts: tuple[int, ...],
           given: tuple[str, ...]) -> Document:
    """A Typst document: its prose in Markdown's forms (``ingest.typst``), read by the
    Markdown extractors, with the files its ``#bibliography(…)`` names."""
    from citecheck.ingest.typst import bibliography, typst_to_text

    names, full = bibliography(source)
    named = [path.parent / name for name in names]
    found = tuple(str(p) for p in named if p.is_file())
    missing = tuple(str(p) for p in named if not p.is_file())
    nocite = ("*",) if full else ()  # full: true prints every entry
    return Document(str(path), DocumentKind.MARKDOWN, mask_non_prose(typst_to_text(source)),
                    line_starts, None, (*given, *found), missing, nocite=nocite)
