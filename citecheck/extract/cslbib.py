"""CSL-JSON, CSL-YAML and RIS bibliographies → ``Reference``s.

Zotero and Pandoc users pass CSL-JSON (``--bibliography refs.json``) as often as
BibTeX; Pandoc also reads CSL-YAML and RIS.  Fields are used as given (family names,
``issued`` date parts, ``container-title``…), never re-parsed from formatted text.
Each entry's span is the line that holds its id (its ``TY`` line in RIS), so a
finding points where the entry starts.
"""

from __future__ import annotations

import json
import re
from typing import Any

from citecheck.errors import InputError
from citecheck.extract.identifiers import normalize_doi
from citecheck.model import Document, Reference

_MAX_ITEMS = 100_000
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def references_from_csl_or_ris(doc: Document, suffix: str, id_prefix: str) -> list[Reference]:
    if suffix == "ris":
        return _ris(doc, id_prefix)
    items = _csl_items(doc, suffix)
    references = []
    search_from = 0
    for index, item in enumerate(items[:_MAX_ITEMS], start=1):
        if not isinstance(item, dict):
            continue
        key = str(item.get("id", "")) or None
        start = _line_of_id(doc.text, key, search_from) if key else search_from
        search_from = start
        references.append(_csl_reference(doc, item, key, start, f"{id_prefix}{index}"))
    return references


def _csl_items(doc: Document, suffix: str) -> list[Any]:
    try:
        if suffix == "json":
            value: Any = json.loads(doc.text)
        else:
            import yaml

            value = yaml.safe_load(doc.text)
    except (ValueError, ImportError) as exc:
        raise InputError(f"{doc.path}: cannot be read as CSL {suffix.upper()} ({exc})") from None
    except Exception as exc:  # yaml.YAMLError and its kin
        raise InputError(f"{doc.path}: cannot be read as CSL YAML ({exc})") from None
    if isinstance(value, dict):
        value = value.get("references") or value.get("items") or []
    if not isinstance(value, list):
        raise InputError(f"{doc.path}: not a CSL bibliography (no list of items)")
    return value


def _line_of_id(text: str, key: str, start: int) -> int:
    """Offset of the line that declares ``key`` (JSON ``"id": "key"``, YAML
    ``id: key``), searching on from the previous entry."""
    pattern = re.compile(r"""["']?id["']?\s*:\s*["']?""" + re.escape(key) + r"""["']?\s*[,}\n]""")
    found = pattern.search(text, start) or pattern.search(text)
    if not found:
        return start
    return text.rfind("\n", 0, found.start()) + 1


def _names(value: Any) -> tuple[str, ...]:
    """Family names (or literal names) of a CSL name list; CSL has no "et al."."""
    if not isinstance(value, list):
        return ()
    families = []
    for person in value:
        if isinstance(person, dict):
            name = person.get("family") or person.get("literal") or person.get("given")
            if isinstance(name, str) and name.strip():
                prefix = person.get("non-dropping-particle")
                families.append(f"{prefix} {name}".strip() if isinstance(prefix, str) else name)
    return tuple(families)


def _year(item: dict[str, Any]) -> str | None:
    for field in ("issued", "original-date"):
        date = item.get(field)
        if isinstance(date, dict):
            parts = date.get("date-parts")
            if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
                return str(parts[0][0])
            for raw in (date.get("raw"), date.get("literal")):
                found = _YEAR.search(str(raw or ""))
                if found:
                    return found.group(1)
        elif isinstance(date, str | int):
            found = _YEAR.search(str(date))
            if found:
                return found.group(1)
    return None


def _text(item: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = item.get(name)
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return None


def _csl_reference(doc: Document, item: dict[str, Any], key: str | None, start: int,
                   ref_id: str) -> Reference:
    authors = _names(item.get("author")) or _names(item.get("editor"))
    doi = _text(item, "DOI", "doi")
    return Reference(
        id=ref_id,
        span=doc.line_span(start),
        raw=f"{{id: {key}, …}}",
        authors=authors,
        year=_year(item),
        title=_text(item, "title"),
        container=_text(item, "container-title", "collection-title"),
        volume=_text(item, "volume"),
        issue=_text(item, "issue"),
        pages=(_text(item, "page") or "").replace("–", "-") or None,
        publisher=_text(item, "publisher"),
        doi=normalize_doi(doi) if doi else None,
        url=_text(item, "URL", "url"),
        key=key,
        entry_type=_text(item, "type"),
    )


_RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  - ?(.*)$")


def _ris(doc: Document, id_prefix: str) -> list[Reference]:
    references: list[Reference] = []
    record: dict[str, list[str]] = {}
    record_start = 0
    offset = 0
    for line in doc.text.split("\n"):
        match = _RIS_LINE.match(line.rstrip("\r"))
        if match:
            tag, value = match.group(1), match.group(2).strip()
            if tag == "TY":
                record, record_start = {}, offset
            record.setdefault(tag, []).append(value)
            if tag == "ER":
                references.append(_ris_reference(doc, record, record_start,
                                                 f"{id_prefix}{len(references) + 1}"))
                record = {}
        offset += len(line) + 1
    return references


def _ris_reference(doc: Document, record: dict[str, list[str]], start: int,
                   ref_id: str) -> Reference:
    def first(*tags: str) -> str | None:
        for tag in tags:
            if record.get(tag) and record[tag][0]:
                return record[tag][0]
        return None

    authors = tuple(a.split(",")[0].strip() for tag in ("AU", "A1") for a in record.get(tag, [])
                    if a.strip())
    year_text = first("PY", "Y1", "DA") or ""
    year = _YEAR.search(year_text)
    pages = first("SP")
    if pages and first("EP"):
        pages = f"{pages}-{first('EP')}"
    doi = first("DO")
    return Reference(
        id=ref_id,
        span=doc.line_span(start),
        raw=f"TY  - {first('TY') or ''} …",
        authors=authors,
        year=year.group(1) if year else None,
        title=first("TI", "T1"),
        container=first("T2", "JO", "JF", "JA"),
        volume=first("VL"),
        issue=first("IS"),
        pages=pages,
        publisher=first("PB"),
        doi=normalize_doi(doi) if doi else None,
        url=first("UR"),
        key=first("ID"),
        entry_type=first("TY"),
    )
