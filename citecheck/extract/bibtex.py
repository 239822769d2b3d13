"""BibTeX/BibLaTeX files → ``Reference``s (bibtexparser 2).

Each entry keeps its key (for Pandoc ``[@key]``) and the span of its ``@type{``
line.  Braces and common LaTeX accents are removed from values; an author in
braces (``{World Health Organization}``) is corporate and kept whole.
"""

from __future__ import annotations

import re

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry

from citecheck.errors import InputError
from citecheck.extract.identifiers import is_valid_doi, normalize_doi
from citecheck.extract.names import nice_case_name, parse_authors
from citecheck.model import Document, Reference

_ACCENTS = {
    r"\'": "\u0301", r"\`": "\u0300", r"\^": "\u0302", r'\"': "\u0308", r"\~": "\u0303",
    r"\c": "\u0327", r"\=": "\u0304", r"\.": "\u0307", r"\u": "\u0306", r"\v": "\u030c",
}
_ACCENT = re.compile(r"\{?(\\['`^\"~c=.uv])\s*\{?([A-Za-z])\}?\}?")


def delatex(value: str) -> str:
    import unicodedata

    value = _ACCENT.sub(lambda m: unicodedata.normalize("NFC", m.group(2) + _ACCENTS[m.group(1)]),
                        value)
    value = value.replace(r"\&", "&").replace("~", " ").replace("--", "–")
    value = re.sub(r"\\(?:emph|textit|textbf|textsc|mkbibquote)\s*\{", "{", value)
    return re.sub(r"\s+", " ", value.replace("{", "").replace("}", "")).strip()


def _authors(value: str) -> tuple[tuple[str, ...], bool]:
    families: list[str] = []
    et_al = False
    for person in re.split(r"\s+and\s+", value.strip()):
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
            parsed, _ = parse_authors(clean)
            families.extend(parsed[-1:] if parsed else [clean])
    return tuple(families), et_al


def references_from_bib(doc: Document, id_prefix: str = "r") -> list[Reference]:
    try:
        library = bibtexparser.parse_string(doc.text)  # type: ignore[attr-defined]
    except Exception as exc:  # bibtexparser raises assorted errors on broken input
        raise InputError(f"{doc.path}: cannot be read as BibTeX ({exc})") from None
    # An entry whose key is already taken is kept too (bibtexparser sets it aside): the
    # check reports the clash, and a citation of that key reaches the first one only.
    duplicates = [block.ignore_error_block for block in library.failed_blocks
                  if isinstance(block, DuplicateBlockKeyBlock)
                  and isinstance(block.ignore_error_block, Entry)]
    entries = sorted([*library.entries, *duplicates], key=lambda e: e.start_line or 0)
    references = []
    for index, entry in enumerate(entries, start=1):
        fields = {k.lower(): delatex(str(f.value)) for k, f in entry.fields_dict.items()}
        raw_author = str(entry.fields_dict["author"].value) if "author" in entry.fields_dict else (
            str(entry.fields_dict["editor"].value) if "editor" in entry.fields_dict else "")
        authors, et_al = _authors(raw_author) if raw_author else ((), False)
        year = fields.get("year") or (fields.get("date", "")[:4] or None)
        doi = normalize_doi(fields["doi"]) if fields.get("doi") else None
        line = entry.start_line or 0  # 0-based
        start = doc.line_starts[line] if line < len(doc.line_starts) else 0
        end = doc.text.find("\n", start)
        references.append(Reference(
            id=f"{id_prefix}{index}",
            span=doc.span(start, end if end != -1 else len(doc.text)),
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
            doi=doi if doi and is_valid_doi(doi) else doi,
            url=fields.get("url"),
            key=entry.key,
            entry_type=entry.entry_type,
        ))
    return references
