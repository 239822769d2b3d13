"""A bibliography's entries: split by bullets, numbers (``[12]``, ``12.``), blank
lines, hanging indents and wrapped lines, then each parsed into a ``Reference``; "---."
and "Id." take the names of the entry above."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from citecheck.extract.references.entry import parse_fields
from citecheck.extract.references.shapes import LOWER_PARTICLES, YEAR_RE
from citecheck.extract.structure import Line, split_lines
from citecheck.model import Document, Reference

_BULLET = re.compile(
    r"^\s*(?:[-*+•–—▪·◦]\s+|\[(?P<n1>\d{1,4})\]\s*|(?P<n2>\d{1,4})[.)]\s+|\((?P<n3>\d{1,4})\)\s+)"
)


_HTML_LABEL = re.compile(
    r"[ \t]*(?:<a\s[^>]*>\s*</a>[ \t]*)*<sup>\s*\[?(?P<n>\d{1,4})\]?\s*</sup>[ \t]*")
"""An entry's number written as a superscript after its anchor, as wiki-style
generators write a reference list."""


_ENTRY_START = re.compile(
    # "van der Berg, J." and "de Gaulle, C." open an entry too.
    rf"^(?:{LOWER_PARTICLES}[A-ZÀ-ÝĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÝĀ-Ž][\w'’-]+){{0,3}},|[A-ZÀ-ÝĀ-Ž]{{2,}}[\s,]|"
    r"(?:[A-Z]\.\s?){1,3}[A-ZÀ-ÝĀ-Ž][\w'’-]+"
    # An organisation, then its year: "OECD. (2021).", "World Bank (2022)", and in the
    # Chicago author-date order "INSERM. 2004.".
    r"|[A-ZÀ-ÝĀ-Ž][\w&'’-]*(?:\s+[\w&'’-]+){0,6}\.?\s+\((?:1[5-9]|20)\d\d"
    r"|[A-ZÀ-ÝĀ-Ž][\w&'’-]*(?:\s+[\w&'’-]+){0,6}\.\s+(?:1[5-9]|20)\d\d[a-z]?\.)"
)


@dataclass(frozen=True, slots=True)
class EntryText:
    start: int
    end: int
    number: str | None


def split_entries(text: str, start: int, end: int) -> list[EntryText]:
    """Entries of the bibliography that spans ``text[start:end]``."""
    lines = split_lines(text, start, end)
    entries: list[EntryText] = []
    current: list[Line] = []
    number: str | None = None
    bulleted = False

    def close() -> None:
        nonlocal current, number
        if current:
            s = current[0].start + len(current[0].text) - len(current[0].text.lstrip())
            bullet = _BULLET.match(current[0].text)
            if bullet:
                s = current[0].start + bullet.end()
            label = _HTML_LABEL.match(text, s)
            if label:  # "* <a name="ref-1"></a><sup>1</sup>[Title](url)": its number
                number = number or label.group("n")
                s = label.end()
            e = current[-1].end
            while e > s and text[e - 1].isspace():
                e -= 1
            body = text[s:e]
            if _is_entry(body):
                entries.append(EntryText(s, e, number))
        current = []
        number = None

    for line in lines:
        if line.blank:
            close()
            continue
        bullet = _BULLET.match(line.text)
        if bullet:
            close()
            current = [line]
            number = bullet.group("n1") or bullet.group("n2") or bullet.group("n3")
            bulleted = True
            continue
        if not current:
            current = [line]
            continue
        indented = line.text[:1].isspace()
        previous = current[-1].text.rstrip()
        starts_entry = (
            not indented
            and not bulleted
            and previous[-1:] in {".", ">", ")"}
            and _ENTRY_START.match(line.text) is not None
        )
        if starts_entry:
            close()
            current = [line]
        else:
            current.append(line)
    close()
    return entries


def _is_entry(body: str) -> bool:
    stripped = body.strip()
    if stripped.startswith(">"):
        return False  # a blockquote: a quotation, not an entry
    if len(stripped) >= 25:
        return True
    return bool(YEAR_RE.search(stripped) or "://" in stripped or "10." in stripped)


def make_reference(doc: Document, index: int, entry: EntryText) -> Reference:
    fields = parse_fields(doc.text[entry.start:entry.end])
    return dataclasses.replace(
        unparsed_reference(doc, index, entry), authors=fields.authors, et_al=fields.et_al,
        year=fields.year, title=fields.title, container=fields.container,
        volume=fields.volume, issue=fields.issue, pages=fields.pages,
        publisher=fields.publisher, doi=fields.doi, url=fields.url)


def unparsed_reference(doc: Document, index: int, entry: EntryText) -> Reference:
    """An entry's place, text and number, with no field read from it: where a format
    tags the fields (``extract/given.py``), they are set from the tags instead."""
    return Reference(id=f"r{index}", span=doc.span(entry.start, entry.end),
                     raw=re.sub(r"\s*\n\s*", " ", doc.text[entry.start:entry.end]),
                     number=entry.number)


_SAME_AUTHORS = re.compile(
    r"\s*(?:\d{1,3}[.)]\s*|\[\d{1,3}\]\s*)?"
    r"(?:(?:[-‐‑‒–—―_]{2,}|—)(?=\s*[.,:;]|$)|(?:Id|Idem|Ead|Eadem)\.)")
"""A bibliography's "same authors as the entry above": MLA's "---.", Chicago's
"———.", the French "—," and "Id.", an underline "______."."""


def extract_references(doc: Document, start: int, end: int) -> list[Reference]:
    references: list[Reference] = []
    for i, entry in enumerate(split_entries(doc.text, start, end), start=1):
        reference = make_reference(doc, i, entry)
        if references and _SAME_AUTHORS.match(reference.raw):
            above = references[-1]  # itself possibly a dash, already given its names
            reference = dataclasses.replace(reference, authors=above.authors, et_al=above.et_al)
        references.append(reference)
    return references
