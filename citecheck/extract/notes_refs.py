"""References given in footnotes (the notes–bibliography style of the humanities).

Chicago's notes and French scholarly notes give a work in full in its first note
("Pierre Nora, *Les Lieux de mémoire*, Paris, Gallimard, 1984, p. 12."), then short
("Nora, *Les Lieux…*, op. cit., p. 20.") or "Ibid.".  A full note is a citation of its
work: where the document also has a bibliography, the work should be in it.  Short
notes name an author already read as a mention; "Ibid." repeats the note before it.
Only notes that look like a reference are read: something in italics, an author, a
year.
"""

from __future__ import annotations

import re

from citecheck.extract.names import person_family
from citecheck.extract.references import parse_entry
from citecheck.model import Citation, Document, FootnoteText

_LABEL = re.compile(r"\s*(?:\[\^[^\]]+\]:|\d{1,3}[.)]|\[\d{1,3}\]|\(\d{1,3}\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)?\s*")
_TITLE_MARK = re.compile(r"\*[^*]{3,200}\*|(?<!\w)_[^_]{3,200}_(?!\w)")
"""A title in italics (a book, or the journal after an article's quoted title): quotes
alone are as often a quotation as a title."""
_REPEAT = re.compile(r"(?:ibid|ibidem|id|idem|op\.\s*cit|art\.\s*cit|loc\.\s*cit)\b", re.I)
_LOCATOR_END = re.compile(r"\bpp?\.\s*\d+(?:\s*[-–]\s*\d+)?\s*[.;]")
"""Where a note's reference ends: its page ("…, 2017, p. 542."); a remark may follow."""
_NAME = re.compile(r"[A-ZÀ-ÝĀ-Ž][\w'’-]+")


def note_citations(doc: Document, notes: tuple[FootnoteText, ...]) -> list[Citation]:
    """One citation per note that gives a work in full (author, title, year)."""
    found: list[Citation] = []
    for note in notes:
        label = _LABEL.match(note.text)
        body = note.text[label.end() if label else 0:]
        if _REPEAT.search(body[:60]) or not _TITLE_MARK.search(body):
            continue  # "Ibid., p. 15", "Nora, op. cit.": the work was given before
        locator = _LOCATOR_END.search(body)
        fields = parse_entry(body[:locator.end()] if locator else body)  # what follows is comment
        authors = fields.get("authors")
        year = fields.get("year")
        title = fields.get("title")
        if not (isinstance(authors, tuple) and authors and isinstance(year, str)
                and isinstance(title, str)):
            continue
        first = str(authors[0])
        family = person_family(first) or (first if _NAME.fullmatch(first) else None)
        if family is None:
            continue
        found.append(Citation(note.span, f"{first}, {title}, {year}", "note",
                              authors=(family,), year=year[:4], inline_work=title,
                              in_footnote=True))
    return found
