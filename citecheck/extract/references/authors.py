"""Phase 2 of entry parsing: where the names end, in each style's way.

Author–date ("Name, I. (2020)." or "Name. 2020."), an inverted list with initials
("Family, I. J., Family, K. & Family, L.:"), names written initials first ("A. B. Name,
C. Name, Title, Journal…"), a byline of commas only ("Jane Smith, The Housing
Question, Penguin, 2019."), compact physics references ("Authors, Journal Vol, Page
(Year)"), a collaboration or "et al." closing the list."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from citecheck.extract.names import NAME_WORD
from citecheck.extract.references.dates import year_anywhere
from citecheck.extract.references.segments import abbreviation_aware_sentences, segments_of
from citecheck.extract.references.shapes import (
    FUNCTION_WORDS,
    INITIAL,
    LOWER_PARTICLES,
    NAME_SEGMENT,
    STRICT_NAME,
    YEAR,
    YEAR_RE,
    page_range,
    year_statuses,
)
from citecheck.extract.references.title import book_of_chapter
from citecheck.lexicon import folded_set
from citecheck.text import fold


@dataclass(frozen=True, slots=True)
class YearAfterNames:
    """An author–date entry's year right after its names: "Name, I. (2020a). Title"."""

    names_end: int
    start: int
    """Where the year itself starts ("2020a", "n.d.", "in press")."""
    end: int
    after: int
    """Where what follows the year (and its brackets or stop) starts: the title."""


@dataclass(frozen=True, slots=True)
class Compact:
    """A compact entry's shape: names with initials, then perhaps a title, a journal
    and its numbers ("A. Name, B. Name, Title, Phys. Rev. D 77, 123 (2008)")."""

    names_end: int
    container: str | None
    numbers: dict[str, str]
    year: str | None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Byline:
    """An entry of commas only: "Jane Smith, The Housing Question, Penguin, 2019."."""

    names_end: int
    title_end: int


@functools.cache
def _after_names_year() -> re.Pattern[str]:
    return re.compile(
        rf"\(\s*(?P<y1>{YEAR}[a-z]?|n\.\s?d\.|s\.\s?d\.|(?i:{year_statuses()}))"
        rf"(?:\s*\[\s*{YEAR}\s*\]|\s*/\s*{YEAR})?(?:\s*,\s*[^)]*)?\s*\)"
        rf"|(?<=[.,])\s+(?P<y2>{YEAR}[a-z]?|n\.\s?d\.|s\.\s?d\.)(?:\.|,)(?:\s|(?=[A-ZÀ-ÝĀ-Ž«“\"]))"
        rf"|(?<=[.,])\s+(?P<y3>{YEAR}[a-z]?)\.?$"
        rf"|(?:(?<=\b[A-Z])|(?<=\bal))\.?\s+(?P<y4>{YEAR}[a-z]?)\s+(?=[A-Z(‘'\"“«*])")


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-zà-ÿ][a-zà-ÿ'’-]{2,}\b")
"""A lower-case word of three letters or more: names have none, titles several."""


def names_end_in_sentence(rest: str, end: int) -> int:
    """Where the names end when nothing else marks it: at the end of the first sentence,
    unless that sentence is prose.  "Design model and load reduction assessment for …"
    (many lower-case words, no corporate word) is a title with no author before it;
    "Stutzer, Über elastisches Gewebe im menschlichen Auge." is a family name, then a
    title."""
    sentence = rest[:end]
    lower = [w for w in _LOWER_WORD.findall(sentence)
             if not FUNCTION_WORDS.fullmatch(w) and fold(w) not in folded_set("names", "particles")]
    words = set(fold(sentence).split())
    if len(lower) >= 6 and re.match(r"[A-ZÀ-ÝĀ-Ž][a-zà-ÿ'’-]+\s+[a-zà-ÿ]", sentence) and not (
            words & folded_set("names", "corporate_words")):
        return 0
    family = re.match(r"[A-ZÀ-ÝĀ-Ž][\w'’-]+,\s+(?=\S)", sentence)
    after = sentence[family.end():] if family else ""
    if family and len(_LOWER_WORD.findall(after)) >= 2 and (
            not re.search(r"\b(?:and|et|und|&)\b|,", after)):
        return family.end() - 2
    return end


def year_after_names(rest: str, limit: int) -> YearAfterNames | None:
    """The year of an author–date entry: ``(2020)``/``(2020a)`` or ``. 2020.`` after the names.

    Returns (end of the names, start of the year, end of the year, start of what follows).
    """
    particles = folded_set("names", "particles") | folded_set("names", "conjunctions")
    for match in _after_names_year().finditer(rest, 0, min(len(rest), limit + 1)):
        before = rest[:match.start()]
        if not re.search(r"[A-Za-zÀ-ÿ]{2,}", before):
            continue
        if book_of_chapter(re.sub(r"^.*?(?=[\s,.:;][Ii]n\b)", "", before, count=1)):
            return None  # "L. Name, in: A. Editor, et al. (Eds.), Book, Publisher, 1998"
        if (match.group("y2") and before.endswith(".") and len(segments_of(before)) == 1
                and not re.search(r"[«“\"*]", before)):
            # "Commission nationale de l'informatique et des libertés. 2017." (Chicago
            # author–date): the year right after the first sentence ends the authors.
            return YearAfterNames(match.start(), match.start("y2"), match.end("y2"), match.end())
        connectors = folded_set("names", "list_connectors")
        lower = [w for w in re.findall(r"[^\W\d_][\w'’-]*", before)
                 if w[:1].islower() and fold(w) not in particles and fold(w) not in connectors]
        if (lower and not _corporate_author(before)) or re.search(
                r"(?<!\b[A-Z])[:.]\s+[A-ZÀ-ÝĀ-Ž][a-zà-ÿ]{2,}\s+[A-ZÀ-ÝĀ-Ž]?[a-zà-ÿ]", before):
            return None  # prose before the year: a title, not a list of names
        if re.match(rf"(?:{INITIAL}\s*(?:-\s*)?)+[A-ZÀ-ÝĀ-Ž]", before) and any(
                part.strip(" .") and not re.search(rf"(?:^|\s){INITIAL}", part) and (
                    len(part.split()) >= 4 or not re.search(r"\bet\.?\s*al\b", before))
                for part in re.split(r",\s*|\s(?:and|et|&)\s", before)):
            # Names written initials first all have initials: "G. Name, L. Name, High
            # Luminosity Large Hadron Collider (2015)", "D. A. Long, Raman Spectroscopy,
            # McGraw-Hill, New York, 1977" hold a title.
            return None
        # Too far in for an author block: a year that belongs to the body.
        names = before.count(",") + before.count(";") + 1
        if len(before) > 60 + 40 * names:
            return None
        if re.search(r"\d", re.sub(r"\(\s*\d{4}\s*\)", "", before)):
            return None
        group = next(g for g in ("y1", "y2", "y3", "y4") if match.group(g))
        return YearAfterNames(match.start(), match.start(group), match.end(group), match.end())
    return None


def _corporate_author(before: str) -> bool:
    """What stands before "(2023)" is one body's name, lower-case words and all: a few
    words, one sentence, capitalised, opening on a word such bodies are named by ("Cour
    des comptes. (2023)", "Haut conseil pour le climat (2021)"), not a title."""
    words = before.strip(" .,").split()
    return (1 < len(words) <= 6 and before.strip()[:1].isupper()
            and len(segments_of(before.strip(" ."))) == 1
            and bool(set(fold(" ".join(words[:2])).split())
                     & folded_set("names", "corporate_words")))


_JOURNAL_LIKE = re.compile(r"^(?:[A-Z][\w-]*\.\s*){1,}|^[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s+\d")


GROUP_AUTHORS = re.compile(r"(?P<names>[^,]{1,60}(?:,[^,]{1,60}){0,5}?\b(?:[Cc]ollaboration|et al\.?)"
                            r"(?:\s*\((?:eds?|dir|éds?)\.?\))?)\s*,\s*(?=[A-Z0-9])")
"""An author list that ends with a collaboration or "et al." and a comma: what follows
is the title ("Virgo, LIGO Scientific collaboration, B.P. Abbott et al., Observation of
…")."""


_INVERTED_LIST = re.compile(
    rf"^(?:{LOWER_PARTICLES}[A-ZÀ-ÝĀ-Ž][\w'’-]*(?:\s+(?:[a-z]{{1,3}}\s+)*[A-ZÀ-ÝĀ-Ž][\w'’-]*)*,?\s*(?:[A-ZØ]\.\s?-?){{1,4}}"
    r"(?:\s*(?:,\s*)?(?:&|and|et(?!\s+al\b))\s+|\s*;\s*"
    rf"|,\s*(?={LOWER_PARTICLES}[A-ZÀ-ÝĀ-Ž][\w'’-]*(?:\s+[\w'’-]+)*,?\s*[A-Z]\.)"
    r"|(?=[\s,:]))"
    r")+(?:,?\s*et al\.?)?"
)
"""``Family, I. J., Family, K. & Family, L.``; also ``Family I.J., Family K.:`` (Springer)
and ``Family, I. J.; Family, K.`` (ACS)."""


def inverted_names_end(rest: str) -> int | None:
    """End of an ``Family, I. J., Family, K. & Family, L.`` list followed by ``:`` or a title."""
    match = _INVERTED_LIST.match(rest)
    if not match:
        return None
    end = match.end()
    after = rest[end:]
    if re.match(r"\s*,\s*[A-ZÀ-ÝĀ-Ž]{2,}(?:[\s-][A-ZÀ-ÝĀ-Ž]{2,})*\s+[A-ZÀ-ÝĀ-Ž][a-zà-ÿ]", after):
        return None  # ISO 690 goes on: "CASILLI Antonio A., TUBARO Paola, …"
    if re.match(r"\s*[:.]?\s+[A-ZÀ-ÝĀ-Ž0-9'‘“«\"*]", after) or re.match(r"\s*:", after) or re.match(
            r"\s*(?:,\s*)+[A-ZÀ-ÝĀ-Ž0-9'‘“«\"*][\w'’-]*\s+(?![A-Z]\.)\S", after):  # "Name, A., Title words"
        return end
    return None


def initials_list(rest: str) -> Compact | None:
    """``A. B. Name, C. Name, Title, Journal…`` (names in natural order with initials)."""
    if not re.match(r"(?:[A-Z][a-z]?\.\s*(?:-\s*)?){1,3}(?:(?:de|da|van|von|der|'t)\s+){0,2}"
                    r"[A-ZÀ-ÝĀ-Ž'’]", rest):
        return None
    names, title = split_names_title(rest)
    if title is None:
        return None
    sentences = abbreviation_aware_sentences(title)
    first_sentence = sentences[0]
    publisher = re.search(r"\.\s+[A-ZÀ-ÝĀ-Ž][\w'’ -]{1,30}?\s?:\s*[A-ZÀ-ÝĀ-Ž]", first_sentence)
    if publisher:
        # "The Hobbit. London: Allen": a short last word that looked like an abbreviation
        # ends the title after all, since "Place: Publisher" follows.
        first_sentence = first_sentence[:publisher.start()]
    if len(sentences) > 1 and re.match(r"(?:An?|Une?)\s+[a-zà-ÿ]+(?:\s+[a-zà-ÿ]+){0,4}\s*,", sentences[1]):
        # "Interpolation spaces. An introduction, Springer, 1976": a subtitle, not a journal.
        first_sentence = f"{first_sentence}. {sentences[1]}"
    # A comma inside a formula ("N = 1, D = 4 theories") or before a lower-case word
    # ("Classical Electrodynamics, extracts from …") does not end the title.
    segment = re.split(rf",(?!\s*[A-Za-z]\w?\s*=\s*\d|\s*(?!{_NOT_TITLE_WORDS})[a-zà-ÿ]{{4,}}\b)\s*|\s*\(",
                       first_sentence)[0].strip(" .")
    journal_like = _journal_like(segment) or _only_numbers(first_sentence[len(segment):])
    if not journal_like and "," in first_sentence and (
            len(first_sentence) < len(title) or _PUBLISHER_BRACKET.search(first_sentence)):
        # A title with commas, then ". " or "(Publisher, Place, Year)".
        segment = re.split(r"\s*\(", first_sentence)[0].strip(" .")
        journal_like = _journal_like(segment)
    numbers: dict[str, str] = {}
    year = year_anywhere(title, [], None)
    if journal_like and not _prose(segment):
        journal = re.split(r"\s+\d|\s*\(", segment)[0].strip(" .")
        return Compact(len(names), journal, numbers, year)
    return Compact(len(names), None, {}, year, title=segment)


def _journal_like(segment: str) -> bool:
    """Abbreviated words ("Phys. Rev.") or a name closed by a volume ("Journal of X 12")."""
    return bool(_JOURNAL_LIKE.match(segment) or re.search(r"\s[A-Z]?\d+$", segment))


def _only_numbers(after: str) -> bool:
    """Only a volume and a page (an issue, a year) follow: what precedes them is a journal
    ("J. E. Baldwin: Nature, 174, 320 (1954)", "A. Name, DAN SSSR, 152, no. 1, 1962"), not
    a title ("A. Name, Quantum Mechanics, 1997" has one number only)."""
    if re.search(r"(?!(?:vol|nos?|pp|issue)\b)[A-Za-zÀ-ÿ]{3,}", after):
        return False
    after = re.sub(rf"\b\d{{4}}\s?\.\s?\d{{4,5}}(?:v\d+)?\b|\b{YEAR}\b", "", after)  # arXiv numbers, years
    groups = re.findall(r"(?<![\d–-])\d+(?:\s*[-–]\s*\d+)?", after)
    return len(groups) >= 2


_NOT_TITLE_WORDS = (r"(?:preprint|edited|submitted|accepted|unpublished|available|private|translated"
                    r"|reprinted|forthcoming|volume|chapter|thesis|report|sous|edit|dans)\b")
"""Lower-case words that begin what follows a title, not a part of it."""


_PUBLISHER_BRACKET = re.compile(r"\s\([^()]*,[^()]*(?:1[5-9]|20)\d\d\s*\)\s*\.?\s*$")
"""A book's "(Publisher, Place, Year)" closing the entry."""


def _prose(segment: str) -> bool:
    """Several lower-case words of four letters or more: a title ("Gauge symmetry and
    supersymmetry of … .Phys .Rev .D 77"), even with a journal run on after it; a journal
    name has at most one ("Journal of Chemical Physics 12")."""
    return len(re.findall(r"(?<![\w.])[a-zà-ÿ]{4,}\b", segment)) >= 2


_PLAIN_NAMES = re.compile(
    rf"{NAME_WORD}(?:\s+(?:(?:of|for|the|on|de|du|des|la|le|and|et|&)\s+)*{NAME_WORD}){{0,5}}")
"""Names in natural order, each word a capital then small letters: no initials, no
acronyms ("Bolland MJ", "LIGO" are other styles)."""


_TITLE_OPENER = re.compile(r"(?:The|An|Le|La|Les|Un|Une|Der|Die|Das|El|Il)\s")


_LOWER_TITLE_WORD = re.compile(r"(?<![\w'’-])[a-zà-ÿ][\w'’-]{2,}")


_INITIAL_ANYWHERE = re.compile(r"\b[A-ZÀ-Ý]\s?\.")


def comma_list(rest: str) -> Byline | None:
    """(end of the names, end of the title) of an entry written with commas only, as
    news articles list their sources: "Jane Smith, The Housing Question, Penguin, 2019.",
    "Office for National Statistics, Private rental market summary statistics, March
    2024.".  Names in natural order without initials, then a title (it has a lower-case
    word or an article: "John Doe" is a second name, not a title), then the date."""
    parts = [m.span() for m in re.finditer(r"[^,]+", rest)]
    if len(parts) < 3:
        return None
    names = rest[parts[0][0]:parts[0][1]].strip()
    title = rest[parts[1][0]:parts[1][1]].strip()
    if not _PLAIN_NAMES.fullmatch(names) or re.search(r"\d", names + title):
        return None
    if len(title.split()) < 2 or re.search(r"[.:;]\s", title) or not (
            _TITLE_OPENER.match(title) or _LOWER_TITLE_WORD.search(title)):
        return None
    if _INITIAL_ANYWHERE.search(rest):
        return None
    if not YEAR_RE.search(rest, parts[2][0]):
        return None
    return Byline(parts[0][1], parts[1][1])


_PHYSICS_TAIL = re.compile(
    r"(?P<journal>(?:[A-Z][\w&'’.-]*\.?\s*){1,7}?)\s*(?:\b[A-Z]\b\s*)?"
    rf"(?P<vol>\d{{1,5}})\s*(?:\((?P<iss>\d+)\))?\s*[,:]\s*(?P<page>[A-Z]{{0,3}}\d+(?:\s*[-–]\s*\d+)?)"
    rf"\s*(?:\(\s*(?P<year>{YEAR})\s*\)|,\s*(?P<year2>{YEAR}))"
)


def physics_tail(rest: str) -> Compact | None:
    """``Authors, [Title,] Journal Vol, Page (Year)``: where the journal starts."""
    best = None
    for match in _PHYSICS_TAIL.finditer(rest):
        best = match
    if not best:
        return None
    journal = best.group("journal").strip(" ,.")
    start = best.start("journal")
    # The journal segment starts after the last comma or period+space before it.
    prefix = rest[:start]
    cut = max(prefix.rfind(", "), prefix.rfind(". ") if not re.search(
        r"(?:^|\s)[A-Z]\.\s$", prefix[-4:]) else -1)
    if cut == -1 or not journal:
        return None
    numbers = {"volume": best.group("vol"), "pages": page_range(best.group("page"))}
    if best.group("iss"):
        numbers["issue"] = best.group("iss")
    return Compact(cut, journal, numbers, best.group("year") or best.group("year2"))


def split_names_title(block: str) -> tuple[str, str | None]:
    """In ``A. Name, B. Name and C. Name, A title`` find where the names end.

    A comma-separated part is names only if every piece of it (split on "and",
    "et", "&") is a name; so "Foliations and Geometric Structures" stays a title.
    """
    block = block.strip(" ,.;")
    run_on = re.match(rf"((?:{INITIAL}\s*(?:-\s*)?)+{LOWER_PARTICLES}[A-ZÀ-ÝĀ-Ž][\w'’-]+)\s+"
                      r"(?!(?:Jr|Sr)\b)(?=[A-Z][a-z]{0,8}\s?\.\s*[A-Z])", block)
    if run_on:
        # "Y. Hosotani Phys. Rev. D 51 (1995)": no comma, but an abbreviated journal word
        # cannot continue a name written initials first.
        return run_on.group(1), block[run_on.end():].strip(" ,.;") or None
    parts = re.split(r",\s*", block)
    consumed = 0
    names_found = 0
    # "S. Coleman, Q-balls, Nucl. Phys.": once names are written with initials first, a
    # lone capitalised word is the title, not one more family name.
    initials_first = bool(re.match(rf"(?:{INITIAL}\s*(?:-\s*)?)+\S", parts[0]))
    # "A. D. Name, Firstname Name, Firstname Name et al, Journal": names written out in
    # full are names too when an "et al" closes the list a few parts later.
    et_al_at = next((i for i, part in enumerate(parts[:8]) if re.search(r"\bet\.?\s*al\.?$", part)), -1)
    for index, part in enumerate(parts):
        pieces = [p.strip(" .") for p in re.split(
            r"\s+(?:and|et|&)\s+|^(?:and|et|&)\s+|(?<=[a-z]{2})\.\s+(?=[A-Z]\.)", part)]
        pieces = [p for p in pieces if p]
        is_names = bool(pieces) and all(
            (NAME_SEGMENT.match(p) and not (initials_first and index > 0 and re.fullmatch(
                r"[A-ZÀ-ÝĀ-Ž][\w'’-]+", p)))
            or (index > 0 and re.fullmatch(r"(?:[A-Z]\.\s?-?)+", p))
            for p in pieces
        )
        if not is_names and re.fullmatch(r"et\.?\s*al\.?", part.strip()):
            is_names = True
        if not is_names and index <= et_al_at and re.fullmatch(
                r"[A-ZÀ-ÝĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÝĀ-Ž][\w'’-]+){0,2}(?:\s+et\.?\s*al)?", part.strip(" .")):
            is_names = True
        if not is_names:
            start = block.find(part, consumed)
            for stop in re.finditer(r"(?<=[^\s.]{2})[.:]\s+(?=[A-ZÀ-ÝĀ-Ž])", part):
                head = [p.strip(" .") for p in re.split(r"\s+(?:and|et|&)\s+|^(?:and|et|&)\s+",
                                                        part[:stop.start()])]
                if all(STRICT_NAME.match(p) and (
                        not initials_first or re.match(INITIAL, p))
                       for p in head if p) and any(head):
                    # "P.F. Smith and J.D. Lewin. Phys. Rep." / "A. Zeilinger: Rev. Mod. Phys."
                    return block[:start + stop.start()], block[start + stop.end():].strip(" ,.;") or None
            break
        names_found += 1
        consumed = block.find(part, consumed) + len(part)
    if names_found == len(parts) or not names_found:
        return block, None
    title = block[consumed:].strip(" ,.;")
    return block[:consumed], title or None
