"""Numbered citations: "[3]", "[1, 4]", "[3]–[5]", Vancouver's "(1,2)", and superscript
calls of a numbered bibliography ("texte¹²", "<sup>3</sup>")."""



from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from citecheck.extract.sentences import line_or_sentence_end
from citecheck.model import Citation, Document, FootnoteMarker, Reference
from citecheck.text import Ranges

_NUMBERED = re.compile(
    r"\[(?<![\w!\]^]\[)(?P<body>\d{1,4}(?:\s*[-–,]\s*\d{1,4})*)"
    r"(?:\s*,\s*(?P<loc>(?:pp?\.|p|pages?|chap\.|ch\.|§|fig\.|sec\.)\s*[\dIVXLivxl]+"
    r"(?:\s*[-–]\s*\d+)?))?\](?![(:])")
"""IEEE and Vancouver calls: "[3]", "[1, 4–6]", and with a locator "[1, p. 4]"."""


_NUMBERED_PAREN = re.compile(r"(?:(?<=[\w.,;:!?»”\"'’)\]])|(?<=[\w.,;:!?»”\"'’)\]] ))"
                             r"\((?P<body>\d{1,3}(?:\s*[-–,]\s*\d{1,3})*)\)")


_NUMBERED_RANGE = re.compile(
    r"\[(?<![\w!\]^]\[)(?P<low>\d{1,4})\]\s*[-–—]\s*\[(?P<high>\d{1,4})\](?![(:])")


_ENUMERATION_BEFORE = re.compile(r"(?:^|\n|[:;])[ \t]*$")




def _expand(body: str) -> list[str]:
    numbers: list[str] = []
    for part in re.split(r"\s*,\s*", body):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            if 0 < high - low <= 50:
                numbers.extend(str(n) for n in range(low, high + 1))
                continue
        numbers.append(part)
    return numbers


_RANGE_BETWEEN = frozenset({"⁻", "-", "–", "‒", "—"})


def superscript_citations(
    doc: Document, markers: tuple[FootnoteMarker, ...], pairs: dict[int, int],
    references: list[Reference],
) -> tuple[list[Citation], list[int]]:
    """Superscript calls that cite a numbered bibliography (Vancouver, AMA, Nature:
    "fractures.¹˒²", "agree.³⁻⁵", "<sup>1,2</sup>"), and the indexes of the markers
    they replace.

    Only when the bibliography is numbered, at least one superscript is one of its
    numbers and no superscript is answered by a note text: a document that uses them
    for notes keeps them as notes.  A dash between two of them is a range."""
    numbers = {r.number for r in references if r.number}
    superscripts = [i for i, m in enumerate(markers) if m.style == "superscript"]
    if (not numbers or not superscripts or any(i in pairs for i in superscripts)
            or not any(markers[i].label in numbers for i in superscripts)):
        return [], []
    text = doc.text
    found: list[Citation] = []
    previous: FootnoteMarker | None = None
    for index in superscripts:
        marker = markers[index]
        cited = [int(marker.label)]
        if previous is not None and previous.label.isdigit() and text[
                previous.span.end:marker.span.start].strip() in _RANGE_BETWEEN:
            low = int(previous.label)
            if 0 < cited[0] - low <= 50:
                cited = list(range(low + 1, cited[0] + 1))
        found.extend(Citation(marker.span, marker.label, "numbered", number=str(number))
                     for number in cited)
        previous = marker
    return found, superscripts


def numbered_citations(doc: Document, excluded: Ranges, taken: Ranges,
                       in_note: Callable[[int], bool]) -> list[Citation]:
    """"[3]", "[1, 4]", "[3]–[5]" (3, 4 and 5); where there is none, Vancouver's other
    form, "(1,2)", "(3-5)" — not where an enumeration stands: at a line's start, or after
    a colon or a semicolon, and the items after it in its sentence ("Two aims: (1) mood
    and (2) sleep.")."""
    text = doc.text
    found: list[Citation] = []

    def add(match: re.Match[str], numbers: Iterable[int | str]) -> None:
        loc = match.groupdict().get("loc")
        found.extend(Citation(
            doc.span(match.start(), match.end()), match.group(0), "numbered", locator=loc,
            number=str(number), in_footnote=in_note(match.start())) for number in numbers)

    for match in _NUMBERED_RANGE.finditer(text):  # "[3]–[5]": 3, 4 and 5
        if match.start() in excluded or match.start() in taken:
            continue
        low, high = int(match.group("low")), int(match.group("high"))
        if not 0 < high - low <= 50:
            continue
        add(match, range(low, high + 1))
        taken.add(match.span())
    for match in _NUMBERED.finditer(text):
        if match.start() in excluded or match.start() in taken:
            continue
        add(match, _expand(match.group("body")))
    if found:
        return found
    enumeration_end = -1
    for match in _NUMBERED_PAREN.finditer(text):
        if match.start() in excluded or match.start() in taken:
            continue
        if match.start() < enumeration_end or _ENUMERATION_BEFORE.search(
                text, max(0, match.start() - 40), match.start()):
            enumeration_end = line_or_sentence_end(text, match.end())
            continue
        add(match, _expand(match.group("body")))
    return found
