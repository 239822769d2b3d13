"""Citations without a year: the author–page form ("(Nora 112)", MLA) where the names
are the bibliography's, and a bibliography author's name mentioned in the prose where a
citation stands (a possible misspelt or yearless citation)."""


from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from rapidfuzz import fuzz

from citecheck.extract.references import YEAR
from citecheck.lexicon import common_words
from citecheck.model import Citation, Document, Reference
from citecheck.text import Ranges, find_all, fold

ITEM_PIECE = re.compile(r"[^;]+")


_LONG_WORD = re.compile(r"[A-ZÀ-ÝĀ-Ž](?<![\w'’-].)[\w'’-]{3,}[\w]")


CAPITALISED_NEXT = re.compile(r"[ \t]+(?!(?:Jr|Sr|et)\b)[A-ZÀ-ÝĀ-Ž][a-zà-ÿā-ž]{2,}")
"""A capitalised word right after a name (not an initial, "et al." or "Jr."): the name
is one word of a longer one ("Climate Change Initiative")."""


_SURNAME = r"[A-ZÀ-ÝĀ-Ž][\w'’-]+"


_AUTHOR_PAGE_ITEM = re.compile(
    r"\s*(?:(?:see|see also|cf\.|qtd\. in|quoted in|voir|cité dans)\s+)?"
    rf"(?P<names>{_SURNAME}(?:,?\s+(?:and|et|&)\s+{_SURNAME})?)(?P<et_al>\s+et\s+al\.)?"
    r"(?:,?\s+(?P<work>\*[^*\n]{1,80}\*|_[^_\n]{1,80}_|\"[^\"\n]{1,80}\"|“[^”\n]{1,80}”"
    r"|«[^»\n]{1,80}»))?"
    r"(?:,?\s+(?P<loc>(?:pp?\.\s*)?\d{1,4}(?:\s*[-–]\s*\d{1,4})?"
    r"(?:\s*,\s*\d{1,4}(?:\s*[-–]\s*\d{1,4})?)*))?\s*$")
"""One work of an MLA parenthetical: "Sebald 45", "Fuchs 112-14", "Hirsch, *Generation*
5", "Gilbert and Gubar 12", "Long" (a whole work cited)."""


_SUPERSCRIPT_DIGITS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹")
_PAGE_OR_TITLE = re.compile(r"[\d*_\"“«]")


_NAMES_APART = re.compile(r",?\s+(?:and|et|&)\s+")


_AUTHOR_PAGE_QUORUM = 2
"""Author–page citations of bibliography authors a document must hold before one whose
author is not in its bibliography is read as a citation too (a citation to nowhere)."""


def author_pages(
    doc: Document,
    brackets: list[re.Match[str]],
    taken: Ranges,
    references: list[Reference],
    in_note: Callable[[int], bool],
) -> list[Citation]:
    """MLA's author–page citations: "(Sebald 45)", "(Long; Fuchs 112-14)", "(Hirsch,
    *Generation* 5)".  No year to tell them from any name and number in parentheses
    ("(Apollo 11)", "(Route 66)"), so one is a citation when its author is a
    bibliography author, or, in a document that already cites its bibliography this way
    (``_AUTHOR_PAGE_QUORUM`` times), when it gives a page: then an author missing from
    the bibliography is reported, not taken for something else.  ``brackets``: the
    parentheses outside code that hold no year."""
    firsts = {fold(r.authors[0]) for r in references if r.authors}
    if not firsts:
        return []
    stop = common_words()
    text = doc.text
    groups: list[tuple[tuple[int, int], list[tuple[int, int, re.Match[str], bool]]]] = []
    known = 0
    for match in brackets:
        if match.start() in taken or not _PAGE_OR_TITLE.search(match.group("body")):
            continue  # without a page or a title, not a group of this form
        body, offset = match.group("body"), match.start("body")
        items = []
        for piece in ITEM_PIECE.finditer(body):
            item = _AUTHOR_PAGE_ITEM.match(piece.group(0))
            if not item:
                break
            loc = item.group("loc")
            first = fold(_NAMES_APART.split(item.group("names"))[0])
            if first in stop or (loc and not re.match(r"p", loc) and re.fullmatch(YEAR, loc)):
                break  # a common word, or a year: not this form
            start = offset + piece.start() + len(piece.group(0)) - len(piece.group(0).lstrip())
            items.append((start, offset + piece.start() + len(piece.group(0).rstrip()), item,
                          first in firsts))
        else:
            if items and any(i[2].group("loc") or i[2].group("work") for i in items):
                groups.append((match.span(), items))
                known += sum(1 for i in items if i[3])
    out: list[Citation] = []
    for span, items in groups:
        kept = [i for i in items if i[3] or (known >= _AUTHOR_PAGE_QUORUM and i[2].group("loc"))]
        if not kept:
            continue
        taken.add(span)
        for start, end, item, _ in kept:
            work = item.group("work")
            out.append(Citation(
                doc.span(start, end), text[start:end],
                "author-page", tuple(_NAMES_APART.split(item.group("names"))),
                bool(item.group("et_al")), None, item.group("loc"),
                inline_work=work.strip("*_\"“”«» ") if work else None, in_footnote=in_note(start)))
    return out


def _find_names(text: str, names: list[str]) -> Iterator[tuple[int, int]]:
    """Whole-word occurrences of ``names`` (which may have several words), in text order.

    One Aho–Corasick pass over the text finds them all; the whole-word test is ours.
    """
    hits: list[tuple[int, int]] = []
    size = len(text)
    for _, pos, end in find_all(text, tuple(sorted(set(names)))):
        before = text[pos - 1] if pos else " "
        after = text[end] if end < size else " "
        if not (before.isalnum() or before in "'’-_") and not (
                after.isalnum() or after in "'’-_"):
            hits.append((pos, end))
    hits.sort(key=lambda hit: (hit[0], -hit[1]))
    last_end = -1
    for start, end in hits:
        if start >= last_end:  # a longer name already covers this place
            last_end = end
            yield start, end


def mentions(
    doc: Document,
    exclude: Ranges,
    taken: Ranges,
    references: list[Reference],
    in_note: Callable[[int], bool],
) -> list[Citation]:
    """Bibliography authors named without a year, and names one or two letters off one."""
    text = doc.text
    stop = common_words()
    families: dict[str, str] = {}
    for reference in references:
        for family in reference.authors:
            if len(family) >= 4 and fold(family) not in stop:
                families.setdefault(fold(family), family)
    if not families:
        return []
    out: list[Citation] = []
    # Exact mentions of known authors.
    for start, end in _find_names(text, list(families.values())):
        if start in exclude or start in taken:
            continue
        out.append(Citation(doc.span(start, end), text[start:end], "mention",
                            (text[start:end],), in_footnote=in_note(start)))
    # Near misses: capitalised words not at a sentence start, close to a known author.
    by_initial: dict[str, list[str]] = {}
    for folded in families:
        by_initial.setdefault(folded[:1], []).append(folded)
    # Work on distinct words first: a large document repeats most of its words.
    near_words: list[str] = []
    for word in set(_LONG_WORD.findall(text)):
        if word[-1] in _SUPERSCRIPT_DIGITS:
            continue  # "Mesquida¹": a byline's name with its affiliation's mark
        bare = re.sub(r"['’]s$", "", word)
        folded = fold(bare)
        if folded in families or folded in stop:
            continue
        for candidate in by_initial.get(folded[:1], ()):
            if abs(len(candidate) - len(folded)) <= 2 and fuzz.ratio(candidate, folded) >= 85:
                near_words.append(word)
                break
    if not near_words:
        return out
    for start, end in _find_names(text, near_words):
        word = re.sub(r"['’]s$", "", text[start:end])
        if start in exclude or start in taken:
            continue
        before = text[max(0, start - 3):start]
        if not before or re.search(r"[.!?:]\s*$|^\s*$|\n\s*$", before) or start == 0:
            continue  # a sentence or line start: capitalised for another reason
        if CAPITALISED_NEXT.match(text, start + len(word)):
            continue  # "Climate Change Initiative": a word of a longer name
        out.append(Citation(doc.span(start, start + len(word)), word, "mention", (word,),
                            in_footnote=in_note(start)))
    return out
