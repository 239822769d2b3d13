"""BibTeX/BibLaTeX files → ``Reference``s (bibtexparser 2).

Each entry keeps its key (for Pandoc ``[@key]``) and the span of its ``@type{``
line.  Braces and common LaTeX accents are removed from values; an author in
braces (``{World Health Organization}``) is corporate and kept whole.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from typing import NamedTuple

import bibtexparser
from bibtexparser.middlewares import RemoveEnclosingMiddleware
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
)

from citecheck.errors import InputError
from citecheck.extract.identifiers import normalize_doi
from citecheck.extract.names import nice_case_name, parse_authors
from citecheck.ingest.bibfiles import value_end
from citecheck.lexicon import folded_set
from citecheck.model import Document, Malformed, Reference
from citecheck.text import fold

_ACCENTS = {
    r"\'": "\u0301", r"\`": "\u0300", r"\^": "\u0302", r'\"': "\u0308", r"\~": "\u0303",
    r"\c": "\u0327", r"\=": "\u0304", r"\.": "\u0307", r"\u": "\u0306", r"\v": "\u030c",
}
_ACCENT = re.compile(r"\{?(\\['`^\"~c=.uv])\s*\{?([A-Za-z])\}?\}?")
_SYMBOLS = {
    r"\textbar": "|", r"\textendash": "–", r"\textemdash": "—", r"\textquoteright": "’",
    r"\textquoteleft": "‘", r"\textquotedblleft": "“", r"\textquotedblright": "”",
    r"\textasciitilde": "~", r"\textunderscore": "_", r"\ldots": "…", r"\dots": "…",
    r"\oe": "œ", r"\OE": "Œ", r"\ae": "æ", r"\AE": "Æ", r"\ss": "ß", r"\o": "ø",
    r"\O": "Ø", r"\aa": "å", r"\AA": "Å", r"\l": "ł", r"\L": "Ł", r"\i": "ı",
}
_SYMBOL = re.compile(r"(\\(?:text[a-z]+|ldots|dots|oe|OE|ae|AE|ss|aa|AA|[oOlLi]))(?![A-Za-z])\s?(?:\{\})?")
_ESCAPED = re.compile(r"\\([&%$#_{}])")


def delatex(value: str) -> str:
    """A field's text as a reader sees it: accents, symbols and quotes decoded, markup
    and protective braces removed (before any comparison or report)."""
    import unicodedata

    value = _ACCENT.sub(lambda m: unicodedata.normalize("NFC", m.group(2) + _ACCENTS[m.group(1)]),
                        value)
    value = _SYMBOL.sub(lambda m: _SYMBOLS.get(m.group(1), m.group(0)), value)
    value = value.replace("``", "“").replace("''", "”").replace("~", " ").replace("---", "—")
    value = value.replace("--", "–")
    value = re.sub(r"\\(?:emph|textit|textbf|textsc|textrm|textsf|texttt|mkbibquote|"
                   r"mkbibemph|enquote|url|href)\s*\{", "{", value)
    value = re.sub(r"\\(?:em|it|bf|sc|rm|sl|tt|sf|upshape|itshape|bfseries)\b\s*", "", value)
    escaped: list[str] = []

    def keep(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return f"\x00{len(escaped) - 1}\x00"

    value = _ESCAPED.sub(keep, value)
    value = re.sub(r"\s+", " ", value.replace("{", "").replace("}", "")).strip()
    return re.sub("\x00(\\d+)\x00", lambda m: escaped[int(m.group(1))], value)


def people(value: str) -> list[str]:
    """The persons of a BibTeX name list ("Lee, Ann and Roy, P."), as written."""
    return re.split(r"\s+and\s+", value.strip())


def _authors(value: str) -> tuple[tuple[str, ...], bool]:
    families: list[str] = []
    et_al = False
    for person in people(value):
        person = person.strip()
        if person.lower() == "others":
            et_al = True
            continue
        if person.startswith("{") and person.endswith("}"):
            families.append(delatex(person))
            continue
        clean = delatex(person)
        if "," in clean:
            families.append(nice_case_name(clean.split(",")[0].strip()))
        else:
            families.append(_given_first_family(clean))
    return tuple(families), et_al


def _given_first_family(name: str) -> str:
    """The family name of a BibTeX ``First von Last`` name ("Tyna Eloundou" →
    "Eloundou", "Ludwig van Beethoven" → "van Beethoven"), as BibTeX itself reads it,
    so that "Eloundou et al. (2024)" finds the entry.  A name with a corporate word or
    a lower-case word that is no particle ("World Health Organization", "Organisation
    for Economic Co-operation…") is an institution written without braces: kept whole."""
    words = name.split()
    particles = folded_set("names", "particles")
    if len(words) < 2 or folded_set("names", "corporate_words").intersection(
            fold(w) for w in words) or any(
            w[:1].islower() and fold(w) not in particles for w in words):
        parsed, _ = parse_authors(name)
        return parsed[-1] if parsed else name
    start = len(words) - 1
    while start > 1 and fold(words[start - 1]) in particles:
        start -= 1
    return " ".join(words[start:])


_DOI_PREFIX = re.compile(r"^(?:\s*(?:doi\s*:\s*|https?://(?:dx\.)?doi\.org/))+", re.I)
_DOI_IN_TEXT = re.compile(r"(?:doi\s*:\s*|doi\.org/)(10\.\d{4,9}/\S+)", re.I)
_CORPORATE_FIELDS = ("organization", "institution")


def _doi(fields: dict[str, str]) -> str | None:
    """The entry's DOI, wherever BibTeX writers put it: the ``doi`` field (with stray
    ``doi:`` or resolver prefixes), a doi.org ``url``, an ``eprint`` of type doi, or a
    ``note``."""
    if fields.get("doi"):
        return normalize_doi(_DOI_PREFIX.sub("", fields["doi"]).strip("{} "))
    if fields.get("eprinttype", "").lower() == "doi" and fields.get("eprint"):
        return normalize_doi(fields["eprint"])
    for name in ("url", "note", "howpublished"):
        found = _DOI_IN_TEXT.search(fields.get(name, ""))
        if found:
            return normalize_doi(found.group(1).rstrip("}."))
    return None


def _entry_authors(entry_type: str, raw: dict[str, str], fields: dict[str, str]
                   ) -> tuple[tuple[str, ...], bool]:
    """Authors, else editors; a manual, report or web page with neither is by its
    organization or institution (BibTeX's own styles print it in that place)."""
    for name in ("author", "editor"):
        if raw.get(name, "").strip():
            return _authors(raw[name])
    if entry_type.lower() in {"manual", "techreport", "report", "misc", "online", "www",
                              "electronic", "dataset", "software", "booklet"}:
        for name in _CORPORATE_FIELDS:
            if fields.get(name):
                return (fields[name],), False
    return (), False


def references_from_bib(doc: Document, id_prefix: str = "r") -> list[Reference]:
    """The entries of a bibliography file: BibTeX/biblatex, or CSL-JSON, CSL-YAML and
    RIS by the file's suffix.  A file shared by several documents of a run (a thesis's
    chapters, a site's posts) is parsed once; each document numbers its entries."""
    return [dataclasses.replace(ref, id=f"{id_prefix}{ref.id}") for ref in _parsed(doc).references]


class _Library(NamedTuple):
    references: tuple[Reference, ...]
    unreadable: tuple[Malformed, ...]
    """Entries that cannot be read, with their line."""


@functools.lru_cache(maxsize=16)
def _parsed(doc: Document) -> _Library:
    """The entries of ``doc``, numbered from 1 (``Document`` is frozen: the same file
    read the same way is the same key)."""
    suffix = doc.path.rsplit(".", 1)[-1].lower() if "." in doc.path else ""
    if suffix in {"json", "yaml", "yml", "ris"}:
        from citecheck.extract.cslbib import references_from_csl_or_ris

        return _Library(tuple(references_from_csl_or_ris(doc, suffix, "")), ())
    try:
        library = bibtexparser.parse_string(doc.text)  # type: ignore[attr-defined]
    except Exception as exc:  # bibtexparser raises assorted errors on broken input
        raise InputError(f"{doc.path}: cannot be read as BibTeX ({exc})") from None
    # An entry whose key is already taken is kept too (bibtexparser sets it aside): the
    # check reports the clash, and a citation of that key reaches the first one only.
    # An entry with a field given twice (Elsevier's exports repeat ``keywords``) is one
    # BibTeX reads, ignoring the repeats: kept too.
    # bibtexparser leaves such entries as written: their values keep their quotes or
    # braces until the middleware that removes them is run on them too.
    unenclose = RemoveEnclosingMiddleware()
    duplicates = [unenclose.transform_entry(block.ignore_error_block, library)
                  for block in library.failed_blocks
                  if isinstance(block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock))
                  and isinstance(block.ignore_error_block, Entry)]
    entries = sorted([*library.entries, *duplicates], key=lambda e: e.start_line or 0)
    return _Library(
        tuple(_reference(doc, entry, str(index)) for index, entry in enumerate(entries, start=1)),
        tuple(_unreadable(doc, block) for block in library.failed_blocks
              if type(block) is ParsingFailedBlock))


logging.getLogger("bibtexparser").addHandler(logging.NullHandler())  # said as findings


def unreadable_entries(doc: Document) -> tuple[Malformed, ...]:
    """The entries of a BibTeX file that cannot be read (an unclosed brace, a block cut
    short), with their line: BibTeX skips them, and a citation of one prints "???"."""
    return _parsed(doc).unreadable


def _unreadable(doc: Document, block: ParsingFailedBlock) -> Malformed:
    line = (block.start_line or 0) + 1
    start = doc.line_starts[min(line, len(doc.line_starts)) - 1]
    end = doc.text.find("\n", start)
    end = len(doc.text) if end == -1 else end
    error = getattr(block.error, "abort_reason", "") or str(block.error) or "a syntax error"
    return Malformed(doc.span(start, end), "entry", doc.text[start:end].strip(),
                     " ".join(str(error).split()).rstrip("."))


def _reference(doc: Document, entry: Entry, ref_id: str) -> Reference:
    # Field names in any case: BibDesk writes ``Author =``, others ``AUTHOR =``.
    raw = {k.lower(): str(f.value) for k, f in entry.fields_dict.items()}
    fields = {k: delatex(v) for k, v in raw.items()}
    authors, et_al = _entry_authors(entry.entry_type, raw, fields)
    year = fields.get("year") or (fields.get("date", "")[:4] or None)
    doi = _doi(fields)
    line = entry.start_line or 0  # 0-based
    start = doc.line_starts[line] if line < len(doc.line_starts) else 0
    return Reference(
        id=ref_id,
        span=doc.line_span(start),
        raw=f"@{entry.entry_type}{{{entry.key}, …}}",
        authors=authors,
        et_al=et_al,
        year=year,
        title=fields.get("title"),
        container=fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle"),
        volume=fields.get("volume"),
        issue=fields.get("number") or fields.get("issue"),
        pages=fields.get("pages", "").replace("–", "-") or None,
        publisher=fields.get("publisher"),
        doi=doi,
        url=fields.get("url") or _url_in(raw.get("howpublished", "")),
        key=entry.key,
        entry_type=entry.entry_type,
        fields=tuple((name, value) for name, value in fields.items() if value.strip()),
    )


_URL_COMMAND = re.compile(r"\\url\s*\{\s*([^}\s]+)\s*\}")


def _url_in(value: str) -> str | None:
    """The address of ``howpublished = {\\url{…}}``, the way ``@misc`` web pages were
    written before biblatex had a ``url`` field."""
    match = _URL_COMMAND.search(value)
    return match.group(1).replace("\\_", "_") if match else None


_ENTRY_HEAD = re.compile(
    r"@\s*(?!comment\b|string\b|preamble\b)[A-Za-z]+\s*[{(]\s*([^,{}()\s]*)\s*,", re.I)


def entry_heads(text: str) -> list[tuple[int, str]]:
    """Where each entry of a BibTeX text starts (its ``@``), and its key."""
    return [(match.start(), match.group(1)) for match in _ENTRY_HEAD.finditer(text)]
_FIELD_NAME = re.compile(r"\s*([A-Za-z][\w:.+-]*)\s*=\s*")


def missing_commas(text: str) -> dict[int, str]:
    """Entries where a comma is missing between two fields (``editor = {…}`` then
    ``pages = {…}`` on the next line): BibTeX stops reading the entry there, so the
    fields after it are lost from the printed reference.  By the entry's ``@`` line
    (1-based): the field after which the comma is missing."""
    found: dict[int, str] = {}
    for head in _ENTRY_HEAD.finditer(text):
        pos = head.end()
        while True:
            field = _FIELD_NAME.match(text, pos)
            if field is None:
                break
            pos = _value_stop(text, field.end())
            after = re.compile(r"\s*").match(text, pos)
            pos = after.end() if after else pos
            if pos < len(text) and text[pos] == ",":
                pos += 1
                continue
            if _FIELD_NAME.match(text, pos) and text[pos] not in "})":
                found.setdefault(text.count("\n", 0, head.start()) + 1, field.group(1))
                continue
            break
    return found


def _value_stop(text: str, start: int) -> int:
    """Just after a field's value: a ``{…}`` group, a ``"…"`` string or a bare word or
    number, each perhaps joined to another by ``#``."""
    pos = start
    while pos < len(text):
        char = text[pos]
        if char in "{\"":
            pos = value_end(text, pos)
        else:
            word = re.compile(r"[^\s,{}()#\"]*").match(text, pos)
            pos = word.end() if word else pos
        joined = re.compile(r"\s*#\s*").match(text, pos)
        if joined is None:
            return pos
        pos = joined.end()
    return pos

