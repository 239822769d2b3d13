"""In-text citations.

Forms: parenthetical ``(Smith 2025)``, ``(Ma 2025 ; Wilkins 2025)``,
``(Gupta, Goel, et Goel 2024)``, ``(Southern District of New York 2023, 2024)``;
bracketed ``[Khder 2021]``; narrative ``Sadowski (2025, 119)``; Pandoc
``[@key, p. 12]`` and ``@key``; numbered ``[3]`` (only against a numbered
bibliography); MLA's author–page ``(Sebald 45)`` (only of bibliography
authors, unless the document cites this way throughout); and mentions of a
bibliography author by name alone — or of a name one or two letters away from
one ("Sabowski"), which is then a citation to nowhere that the checker reports
with the near miss.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator

from rapidfuzz import fuzz

from citecheck.extract.names import strip_et_al
from citecheck.extract.references import YEAR, year_status, year_statuses
from citecheck.lexicon import common_words, folded_set, load
from citecheck.model import Citation, Document, FootnoteMarker, Reference
from citecheck.text import Ranges, find_all, fold


@functools.cache
def _years() -> str:
    """One or more years of a citation ("2019a, 2019b"), "n.d.", or a status ("in press")."""
    return (rf"(?:{YEAR}[a-z]?|n\.\s?d\.|s\.\s?d\.|(?i:{year_statuses()}))"
            rf"(?:\s*,\s*(?:{YEAR}[a-z]?(?![\d])|[a-z](?![\w.])))*")  # "2020a, b"


@functools.cache
def _item() -> re.Pattern[str]:
    """One item of a citation group: names, years, locator."""
    # No colon among the names: "(New York: Penguin Press, 2015)" is a note's imprint.
    return re.compile(
        rf"^(?P<names>[^\d()\[\];:]+?)\s*,?\s+(?:\[{YEAR}\]\s*)?"  # "(Weber [1905] 2002)"
        rf"(?P<years>{_years()})(?P<loc>\s*[,:].*)?$")


_NAME = r"[A-ZÀ-ÝĀ-Ž][\w'’-]*[\w]"
# A group may wrap over a line break (not over a blank line); "[@user](url)" is a link.
_PANDOC_GROUP = re.compile(r"\[(?P<body>(?:[^\[\]\n]|\n(?![ \t]*\n)){0,400}?@\w"
                           r"(?:[^\[\]\n]|\n(?![ \t]*\n)){0,400}?)\](?!\()")
_PANDOC_KEY = re.compile(r"(?P<minus>-)?@(?P<key>[\w][\w:.#$%&+?<>~/-]*[\w]|[\w])")
# Not an e-mail address, bookdown's "\@ref(fig:x)", nor a "@user@instance" handle.
_BARE_KEY = re.compile(r"@(?<![\w@\[.\\]@)(?P<key>[\w][\w:.#$%&+?<>~/-]*[\w])(?![(@\w])")
_KEYLIKE = re.compile(r"^[A-Za-z][\w:.#$%&+?<>~/-]*\d[\w:.#$%&+?<>~/-]*$")
"""A token written where a key stands in a group: letters, then a year or number."""
_NUMBERED = re.compile(
    r"\[(?<![\w!\]^]\[)(?P<body>\d{1,4}(?:\s*[-–,]\s*\d{1,4})*)"
    r"(?:\s*,\s*(?P<loc>(?:pp?\.|p|pages?|chap\.|ch\.|§|fig\.|sec\.)\s*[\dIVXLivxl]+"
    r"(?:\s*[-–]\s*\d+)?))?\](?![(:])")
"""IEEE and Vancouver calls: "[3]", "[1, 4–6]", and with a locator "[1, p. 4]"."""
_NUMBERED_PAREN = re.compile(r"(?:(?<=[\w.,;:!?»”\"'’)\]])|(?<=[\w.,;:!?»”\"'’)\]] ))"
                             r"\((?P<body>\d{1,3}(?:\s*[-–,]\s*\d{1,3})*)\)")
_CASE_PARTY = re.compile(r"(?<!\w)(?:v|vs|c)\.\s+$")
_POSSESSIVE = re.compile(r"['’]s$")
_SENTENCE_STOP = re.compile(r"[.!?](?:\s|$)|\n")
_ENUMERATION_BEFORE = re.compile(r"(?:^|\n|[:;])[ \t]*$")
_NUMBERED_RANGE = re.compile(
    r"\[(?<![\w!\]^]\[)(?P<low>\d{1,4})\]\s*[-–—]\s*\[(?P<high>\d{1,4})\](?![(:])")
_YEAR_OR_LETTER = re.compile(
    rf"(?P<year>{YEAR}[a-z]?|n\.\s?d\.|s\.\s?d\.)|,\s*(?P<letter>[a-z])(?![\w.])")
_LONG_WORD = re.compile(r"[A-ZÀ-ÝĀ-Ž](?<![\w'’-].)[\w'’-]{3,}[\w]")
_EMPHASIS = re.compile(r"[*_]")
_COMMA = re.compile(r"\s*,\s*")
_LEADING_AND = re.compile(r"^(?:et|and|&)\s+")
_AND = re.compile(r"\s+(?:et|and|&|und)\s+|\s*&\s*")
_EDITOR_MARK = re.compile(r"\s*\(?\b(?:dir|coord|éd|ed|eds|Hrsg)\.?\)?$", re.I)
"""An editor's mark after the names: "(Supiot dir. 2016)", "(Smith (ed.), 2010)"."""
_ITEM_PIECE = re.compile(r"[^;]+")
# A citation may run over one line break of a wrapped paragraph, never over a blank line.
_PAREN = re.compile(r"\((?P<body>(?:[^()\n]|\n(?![^\S\n]*\n)){2,400})\)")
_BRACKET = re.compile(r"\[(?<!!\[)(?P<body>(?:[^\[\]\n^@]|\n(?![^\S\n]*\n)){2,400})\](?!\()")
_TITLE_ITEM = re.compile(
    rf"\s*[“\"«]\s*(?P<title>[^”\"»]{{3,200}}?)[.,]?\s*[”\"»],?\s+(?P<year>{YEAR}[a-z]?)"
    r"(?:,\s*(?P<loc>[^;]{1,40}))?\s*$")
"""A citation of a work with no author, by its title in quotes: "“GSS Data Explorer” 2022"."""
_LINKED = re.compile(r"\[(?<!!\[)(?P<body>[^\[\]\n^@]{3,160})\]\((?=https?://|www\.|doi:)")
"""A citation written as a link to the work: "[Abe et al., 2019](https://doi.org/…)"."""
_ACRONYM_GIVEN = re.compile(r"\s*\[[A-ZÀ-ÝĀ-Ž&]{2,12}\]")
"""APA's "(World Health Organization [WHO], 2020)": the short name is given once."""
_HAS_YEAR = re.compile(r"\d{4}")
_CONNECTORS = {"of", "for", "the", "on", "and", "et", "&", "de", "des", "du", "la", "le", "les",
               "d'", "l'", "in", "en", "und", "y", "pour"}
"""Small words inside a group's name; the particles of family names (data/names.toml,
"Van der Berg") are added to them."""


@functools.cache
def _connectors() -> frozenset[str]:
    return frozenset(_CONNECTORS | folded_set("names", "particles"))


@functools.cache
def _has_year_or_nd() -> re.Pattern[str]:
    """A quick test before a bracket is parsed: "(Nyhan, in press)" may be a citation."""
    return re.compile(rf"\d{{4}}|n\.\s?d\.|(?<!\w)(?:{year_statuses()})(?!\w)", re.I)


@functools.cache
def _narrative() -> re.Pattern[str]:
    """``Sadowski (2025, 119)``, ``Barrero, Bloom and Davis (2023)``, ``Bank of England
    (2020)``: up to six capitalised words joined by particles and the small words of
    organisation names (data/names.toml), which never end the names ("Paris in (1999)"
    is no citation), then the years in brackets."""
    conjunctions = folded_set("names", "conjunctions")
    small = (folded_set("names", "particles") | folded_set("names", "acronym_skip")) - conjunctions
    joins = "|".join(re.escape(word) for word in sorted(small, key=len, reverse=True))
    gap = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"  # spaces, or one line break: never a blank line
    particles = "|".join(re.escape(word) for word in sorted(
        folded_set("names", "particles") - conjunctions, key=len, reverse=True))
    return re.compile(  # "van der Berg (2019)": particles may open the names
        rf"(?P<names>(?:(?<![\w'’])(?:{particles}){gap})*{_NAME}(?:(?:{gap}(?:{joins}))*{gap}{_NAME}){{0,5}}"
        rf"(?:{gap}et{gap}al\.?|(?:,{gap}{_NAME}){{0,5}},?{gap}(?:and|et|&){gap}{_NAME}"
        rf"(?:{gap}{_NAME})?)?)"
        rf"{gap}\((?P<years>{_years()})(?:\s*[,:]\s*(?P<loc>[^()\n]{{1,40}}))?\)"  # "(2019 : 145)"
    )


@functools.cache
def _prefix_pattern() -> re.Pattern[str]:
    prefixes = sorted(load("names")["citation_prefixes"], key=len, reverse=True)
    alternatives = "|".join(re.escape(p) for p in prefixes)
    return re.compile(rf"^(?:(?:{alternatives})\s*:?\s+)+", re.I)  # French "voir : X"


def _split_years(years: str) -> list[str]:
    status = year_status(years)
    if status:
        return [status]
    out: list[str] = []
    for match in _YEAR_OR_LETTER.finditer(years):
        if match.group("letter"):
            if out and out[-1][:4].isdigit():
                out.append(out[-1][:4] + match.group("letter"))  # "2020a, b": 2020b
        else:
            found = match.group("year")
            out.append("n.d." if found[0] in "ns" else found)
    return out


def _is_name_part(part: str) -> bool:
    words = part.split()
    if not words:
        return False
    if not words[0][:1].isupper() and not (  # "(van der Berg 2020)"
            len(words) > 1 and fold(words[0]) in folded_set("names", "particles")):
        return False
    if len(words) > 8:
        return False
    if _lower_case_body(words):
        return True  # "Cour des comptes", "Conseil d'orientation des retraites"
    if not words[-1][:1].isupper() and fold(words[-1]).strip(".") not in {"al"}:
        return False
    connectors = _connectors()
    return all(w[:1].isupper() or fold(w) in connectors or fold(w).strip(".") == "al"
               for w in words)


def _lower_case_body(words: list[str]) -> bool:
    """An institution written the French way, capital on its first word only: one of
    its words says it is one (data/names.toml ``corporate_words``), the rest are words."""
    corporate = folded_set("names", "corporate_words")
    return (1 < len(words) <= 6 and words[0][:1].isupper()
            and fold(words[0]) not in _ARTICLES  # "(Le conseil a voté en 2023)": prose
            and any(fold(w) in corporate for w in words[:2])  # it opens with what it is
            and fold(words[-1]) not in _connectors()
            and all(_WORD.fullmatch(w) for w in words))


_ARTICLES = frozenset({"le", "la", "les", "l'", "un", "une", "the", "a", "an"})


_WORD = re.compile(r"(?:[dl]['’])?[^\W\d_][\w-]*")


def _parse_item(item: str) -> tuple[tuple[str, ...], bool, list[str], str | None, str | None] | None:
    """(authors, et_al, years, locator, inline work) of one citation item, or None."""
    item = " ".join(item.split())  # a wrapped line's break is a space
    item = _prefix_pattern().sub("", item).strip()
    item = _EMPHASIS.sub("", item) if "*" in item or "_" in item else item
    item = _ACRONYM_GIVEN.sub("", item) if "[" in item else item
    match = _item().match(item)
    if not match:
        return None
    names = _EDITOR_MARK.sub("", match.group("names").strip(" ,")).strip(" ,")
    names, et_al = strip_et_al(names)
    parts = [p.strip() for p in _COMMA.split(names) if p.strip()]
    if not parts or not _is_name_part(parts[0]):
        return None
    work = None
    name_parts = []
    for index, part in enumerate(parts):
        if _is_name_part(_LEADING_AND.sub("", part)):
            name_parts.append(part)
        elif index > 0:
            work = ", ".join(parts[index:])
            break
        else:
            return None
    # In a citation every name is a family name: split on commas and conjunctions only.
    authors = tuple(
        a for a in (_LEADING_AND.sub("", p).strip() for p in _family_list(name_parts))
        if a
    )
    loc = (match.group("loc") or "").strip(" ,:") or None
    return authors, et_al, _split_years(match.group("years")), loc, work


def _family_list(parts: list[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if _is_corporate_like(part):
            out.append(part)
        else:
            out.extend(_AND.split(part))
    return out


def _is_corporate_like(part: str) -> bool:
    """"Southern District of New York" stays whole; "Marx et Lefebvre" does not."""
    words = part.split()
    return any(w[:1].islower() and fold(w) not in {"et", "and", "und"} for w in words)


def extract_citations(
    doc: Document,
    exclude: list[tuple[int, int]],
    references: list[Reference],
    footnote_spans: list[tuple[int, int]],
) -> list[Citation]:
    text = doc.text
    found: list[Citation] = []
    taken = Ranges()
    excluded_ranges = Ranges(exclude)
    notes = Ranges(footnote_spans)

    def excluded(pos: int) -> bool:
        return pos in excluded_ranges

    def in_note(pos: int) -> bool:
        return pos in notes

    def add_numbered(match: re.Match[str], numbers: Iterable[int | str]) -> None:
        loc = match.groupdict().get("loc")
        found.extend(Citation(doc.span(match.start(), match.end()), match.group(0), "numbered",
                              locator=loc, number=str(number), in_footnote=in_note(match.start()))
                     for number in numbers)

    surnames = {fold(a) for r in references for a in r.authors}
    dates = folded_set("names", "date_words") - surnames

    enumerations = tuple(folded_set("names", "enumeration_ends"))

    def add_group(match: re.Match[str], form: str) -> None:
        body = match.group("body")
        if fold(body.rstrip(" ,;")).endswith(enumerations):
            return  # "(e.g. Alabama 2015, Alabama 2016, etc.)": examples, not works
        offset = match.start("body")
        added = False
        for piece in _ITEM_PIECE.finditer(body):
            parsed = _parse_item(piece.group(0))
            titled = None if parsed else _TITLE_ITEM.match(piece.group(0))
            if titled:  # ("GSS Data Explorer" 2022): a work with no author, by its title
                s = offset + piece.start() + len(piece.group(0)) - len(piece.group(0).lstrip())
                e = offset + piece.end()
                found.append(Citation(
                    doc.span(s, e), text[s:e].strip(), "title", year=titled.group("year"),
                    locator=titled.group("loc"), inline_work=titled.group("title"),
                    in_footnote=in_note(s)))
                added = True
                continue
            if not parsed:
                continue
            authors, et_al, years, loc, work = parsed
            if len(authors) == 1 and fold(authors[0]) in dates:
                continue  # "(July 2026)": when, not who
            s = offset + piece.start() + (len(piece.group(0)) - len(piece.group(0).lstrip()))
            e = offset + piece.end()
            for year in years:
                found.append(Citation(
                    doc.span(s, e), text[s:e].strip(), form, authors, et_al, year, loc,
                    inline_work=work, in_footnote=in_note(s),
                ))
                added = True
        if added:
            taken.add(match.span())

    yearless: list[re.Match[str]] = []  # for the author–page form, later
    for match in _PAREN.finditer(text):
        if excluded(match.start()):
            continue
        if _has_year_or_nd().search(match.group("body")):
            add_group(match, "parenthetical")
        else:
            yearless.append(match)
    for match in _BRACKET.finditer(text):
        if not excluded(match.start()) and _HAS_YEAR.search(match.group("body")):
            add_group(match, "bracketed")
    for match in _LINKED.finditer(text):  # "[Abe et al., 2019](https://doi.org/…)"
        if not excluded(match.start()) and _HAS_YEAR.search(match.group("body")):
            add_group(match, "narrative")
    for match in _narratives(text):
        if excluded(match.start()) or match.start("years") in taken:
            continue
        names = _strip_openers(match.group("names"))
        if not names:
            continue
        names_start = match.end("names") - len(names)
        if _CASE_PARTY.search(text, max(0, names_start - 8), names_start):
            continue  # "Carpenter v. United States (2018)": a court case, not an author
        names, et_al = strip_et_al(_POSSESSIVE.sub("", names))  # "Smith's (2020)"
        # "Barrero, Bloom and Davis (2023)": commas and conjunctions part the names.
        authors = tuple(a for a in (_LEADING_AND.sub("", p).strip()
                                    for p in _family_list(_COMMA.split(names))) if a)
        found.extend(
            Citation(
                doc.span(names_start, match.end()), text[names_start:match.end()], "narrative",
                authors, et_al, year, match.group("loc"), in_footnote=in_note(match.start()),
            )
            for year in _split_years(match.group("years"))
        )
        taken.add((names_start, match.end()))
    keyed = {r.key for r in references if r.key}
    if keyed or doc.kind in {"markdown", "latex"}:
        _pandoc(doc, excluded_ranges, taken, found, in_note)
    if any(r.number for r in references):
        bracketed = len(found)
        for match in _NUMBERED_RANGE.finditer(text):  # "[3]–[5]": 3, 4 and 5
            if excluded(match.start()) or match.start() in taken:
                continue
            low, high = int(match.group("low")), int(match.group("high"))
            if not 0 < high - low <= 50:
                continue
            add_numbered(match, range(low, high + 1))
            taken.add(match.span())
        for match in _NUMBERED.finditer(text):
            if excluded(match.start()) or match.start() in taken:
                continue
            add_numbered(match, _expand(match.group("body")))
        if len(found) == bracketed:
            # No "[1]" (nor "[1]–[3]") anywhere: Vancouver's other form, "(1,2)", "(3-5)".  Not where an
            # enumeration stands: at a line's start, or after a colon or a semicolon, and
            # the items after it in its sentence ("Two aims: (1) mood and (2) sleep.").
            enumeration_end = -1
            for match in _NUMBERED_PAREN.finditer(text):
                if excluded(match.start()) or match.start() in taken:
                    continue
                if match.start() < enumeration_end or _ENUMERATION_BEFORE.search(
                        text, max(0, match.start() - 40), match.start()):
                    stop = _SENTENCE_STOP.search(text, match.end())
                    enumeration_end = stop.start() if stop else len(text)
                    continue
                add_numbered(match, _expand(match.group("body")))
    found.extend(_author_pages(doc, yearless, taken, references, in_note))
    found.extend(_mentions(doc, excluded_ranges, taken, references, in_note))
    found.sort(key=lambda c: c.span.start)
    return found


_NARRATIVE_PAREN = re.compile(rf"\((?:{YEAR}|n\.\s?d\.|s\.\s?d\.)")
_NAMES_REACH = 250
"""How far before its bracket a narrative citation's names can start."""


def _narratives(text: str) -> Iterator[re.Match[str]]:
    """``_narrative().finditer(text)``, found faster: the pattern opens with a capital
    letter, so run over a whole document it is tried at every capital; here it is run
    only on the stretch before each "(" that opens a year."""
    cursor = 0
    narrative = _narrative()
    for paren in _NARRATIVE_PAREN.finditer(text):
        start = paren.start()
        if start < cursor:
            continue
        match = narrative.search(text, max(cursor, start - _NAMES_REACH), start + 80)
        while match and match.start("years") <= start + 1:
            if match.start("years") == start + 1:
                cursor = match.end()
                yield match
                break
            match = narrative.search(text, match.end(), start + 80)


@functools.cache
def _openers() -> frozenset[str]:
    """Words before a narrative citation's names that are not names: common words and
    citation prefixes, but not particles ("Le Monde", "De Gaulle" keep their article)."""
    return (common_words() | folded_set("names", "citation_prefixes")) - folded_set(
        "names", "particles")


def _strip_openers(names: str) -> str:
    words = names.split()
    openers = _openers()
    while words and fold(words[0]) in openers:
        words = words[1:]
    return " ".join(words)


def _pandoc(doc: Document, exclude: Ranges, taken: Ranges,
            found: list[Citation], in_note: Callable[[int], bool]) -> None:
    text = doc.text
    crossref = _crossref_prefix()
    for group in _PANDOC_GROUP.finditer(text):
        if group.start() in exclude:
            continue
        body = group.group("body")
        pieces = list(re.finditer(r"[^;]+", body))
        keyed = 0
        for piece in pieces:
            # "[@a, @b]" (a comma where Pandoc wants ";") still names both keys.
            keys = [k for k in _PANDOC_KEY.finditer(piece.group(0))
                    if not crossref.match(k.group("key"))]
            for n, key in enumerate(keys):
                keyed += 1
                s = group.start("body") + piece.start() + (key.start() if n else 0)
                stop = keys[n + 1].start() if n + 1 < len(keys) else len(piece.group(0))
                e = group.start("body") + piece.start() + stop
                part = text[s:e].rstrip(" ,\n")
                loc = " ".join(part[key.end() - (key.start() if n else 0):].split()).strip(" ,")
                found.append(Citation(doc.span(s, s + len(part)), " ".join(part.split()),
                                      "pandoc", key=key.group("key"), locator=loc or None,
                                      in_footnote=in_note(s)))
        if keyed:
            _keys_without_at(doc, group, pieces, found, in_note)
        taken.add(group.span())
    for match in _BARE_KEY.finditer(text):
        if match.start() in taken or match.start() in exclude or crossref.match(match.group("key")):
            continue
        found.append(Citation(doc.span(match.start(), match.end()), match.group(0), "pandoc",
                              key=match.group("key"), in_footnote=in_note(match.start())))


def _keys_without_at(doc: Document, group: re.Match[str], pieces: list[re.Match[str]],
                     found: list[Citation], in_note: Callable[[int], bool]) -> None:
    """In "[@a; b2006; @c]" the middle key lost its @: Pandoc prints it as text.  Read
    as a key citation whose text has no @ (the check says what is wrong)."""
    for piece in pieces:
        token = piece.group(0).strip()
        if "@" in token or not _KEYLIKE.match(token):
            continue
        s = group.start("body") + piece.start() + piece.group(0).index(token)
        found.append(Citation(doc.span(s, s + len(token)), token, "pandoc", key=token,
                              in_footnote=in_note(s)))


@functools.cache
def _crossref_prefix() -> re.Pattern[str]:
    prefixes = "|".join(sorted(load("names")["crossref_prefixes"], key=len, reverse=True))
    return re.compile(rf"(?:{prefixes})[-:]", re.I)


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
_PAGE_OR_TITLE = re.compile(r"[\d*_\"“«]")
_NAMES_APART = re.compile(r",?\s+(?:and|et|&)\s+")
_AUTHOR_PAGE_QUORUM = 2
"""Author–page citations of bibliography authors a document must hold before one whose
author is not in its bibliography is read as a citation too (a citation to nowhere)."""


def _author_pages(
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
        for piece in _ITEM_PIECE.finditer(body):
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


CAPITALISED_NEXT = re.compile(r"[ \t]+(?!(?:Jr|Sr|et)\b)[A-ZÀ-ÝĀ-Ž][a-zà-ÿā-ž]{2,}")
"""A capitalised word right after a name (not an initial, "et al." or "Jr."): the name
is one word of a longer one ("Climate Change Initiative")."""


def _mentions(
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
