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
from collections.abc import Iterator

from citecheck.extract.mentions import ITEM_PIECE, author_pages, mentions
from citecheck.extract.names import strip_et_al
from citecheck.extract.numbered import numbered_citations
from citecheck.extract.pandoc_keys import pandoc_citations
from citecheck.extract.references import YEAR, year_status, year_statuses
from citecheck.lexicon import common_words, folded_set, load
from citecheck.model import Citation, Document, Reference
from citecheck.text import Ranges, fold


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






_CASE_PARTY = re.compile(r"(?<!\w)(?:v|vs|c)\.\s+$")


_POSSESSIVE = re.compile(r"['’]s$")








_YEAR_OR_LETTER = re.compile(
    rf"(?P<year>{YEAR}[a-z]?|n\.\s?d\.|s\.\s?d\.)|,\s*(?P<letter>[a-z])(?![\w.])")


_EMPHASIS = re.compile(r"[*_]")


_COMMA = re.compile(r"\s*,\s*")


_LEADING_AND = re.compile(r"^(?:et|and|&)\s+")


_AND = re.compile(r"\s+(?:et|and|&|und)\s+|\s*&\s*")


_EDITOR_MARK = re.compile(r"\s*\(?\b(?:dir|coord|éd|ed|eds|Hrsg)\.?\)?$", re.I)
"""An editor's mark after the names: "(Supiot dir. 2016)", "(Smith (ed.), 2010)"."""


# A citation may run over one line break of a wrapped paragraph, never over a blank line.
_PAREN = re.compile(r"\((?P<body>(?:[^()\n]|\n(?![^\S\n]*\n)){2,400})\)")


_BRACKET = re.compile(r"\[(?<!!\[)(?P<body>(?:[^\[\]\n^@]|\n(?![^\S\n]*\n)){2,400})\](?!\()")


_TITLE_ITEM = re.compile(
    rf"\s*[“\"«]\s*(?P<title>[^”\"»]{{3,200}}?)[.,]?\s*[”\"»],?\s+(?P<year>{YEAR}[a-z]?)"
    r"(?:,\s*(?P<loc>[^;]{1,40}))?\s*$")
"""A citation of a work with no author, by its title in quotes: "“GSS Data Explorer” 2022"."""


_PRINTED_KEY = re.compile(r"\s*(?P<key>[A-Za-z][A-Za-z'-]{1,30}[_:]?(?:19|20)\d\d[a-z]?)\s*")
"""A citation key as keys are made ("Rew2006", "smith_2020"): a name glued to a year."""
_BARE_TITLE_ITEM = re.compile(
    rf"\s*(?P<title>[^,;()]{{8,200}}?),?\s+(?P<year>{YEAR}[a-z]?)(?:,\s*(?P<loc>[^;]{{1,40}}))?\s*$")
"""An item "Title, 2022", kept only when the title is an authorless entry's."""


_LINKED = re.compile(r"\[(?<!!\[)(?P<body>[^\[\]\n^@]{3,160})\]\((?=https?://|www\.|doi:)")
"""A citation written as a link to the work: "[Abe et al., 2019](https://doi.org/…)"."""


_ACRONYM_GIVEN = re.compile(r"\s*\[[A-ZÀ-ÝĀ-Ž&]{2,12}\]")
"""APA's "(World Health Organization [WHO], 2020)": the short name is given once."""


_HAS_YEAR = re.compile(r"\d{4}")


@functools.cache
def _connectors() -> frozenset[str]:
    """Small words inside a group's name (``group_connectors`` in data/names.toml) and
    the particles of family names ("Van der Berg")."""
    return folded_set("names", "group_connectors") | folded_set("names", "particles")


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
    """Every in-text citation of ``doc`` outside ``exclude``: author–date groups in
    brackets or parentheses, narrative citations, Pandoc keys, numbered calls, the
    author–page form and names mentioned as works' authors."""
    reader = _CitationReader(doc, exclude, references, footnote_spans)
    yearless = reader.author_date_groups()
    reader.narratives()
    keyed = {r.key for r in references if r.key}
    if keyed or doc.kind in {"markdown", "latex"}:
        pandoc_citations(doc, reader.excluded_ranges, reader.taken, reader.found, reader.in_note)
    if any(r.number for r in references):
        reader.numbered()
    found = reader.found
    found.extend(author_pages(doc, yearless, reader.taken, references, reader.in_note))
    found.extend(mentions(doc, reader.excluded_ranges, reader.taken, references, reader.in_note))
    found.sort(key=lambda c: c.span.start)
    return found


class _CitationReader:
    """The citations of one document as they are found, and the spans already taken."""

    def __init__(self, doc: Document, exclude: list[tuple[int, int]],
                 references: list[Reference], footnote_spans: list[tuple[int, int]]) -> None:
        self.doc, self.text = doc, doc.text
        self.found: list[Citation] = []
        self.taken = Ranges()
        self.excluded_ranges = Ranges(exclude)
        self.notes = Ranges(footnote_spans)
        surnames = {fold(a) for r in references for a in r.authors}
        self.dates = folded_set("names", "date_words") - surnames
        self.enumerations = tuple(folded_set("names", "enumeration_ends"))
        self.untitled = {fold(r.title): r.title for r in references
                         if r.title and not r.authors and len(r.title) >= 8}
        """Titles of the entries with no author: APA cites them by title, in italics
        that a PDF's text loses ("(Zarr Storage Specification 2.0, 2022)")."""

    def excluded(self, pos: int) -> bool:
        return pos in self.excluded_ranges

    def in_note(self, pos: int) -> bool:
        return pos in self.notes

    def author_date_groups(self) -> list[re.Match[str]]:
        """"(Smith 2020; Doe 2019)", "[Smith 2020]", "[Abe et al., 2019](https://…)";
        the parentheses with no year, for the author–page form."""
        text = self.text
        yearless: list[re.Match[str]] = []
        for match in _PAREN.finditer(text):
            if self.excluded(match.start()):
                continue
            if _has_year_or_nd().search(match.group("body")):
                self.add_group(match, "parenthetical")
            else:
                yearless.append(match)
        for match in _BRACKET.finditer(text):
            if not self.excluded(match.start()) and _HAS_YEAR.search(match.group("body")):
                self.add_group(match, "bracketed")
        for match in _LINKED.finditer(text):  # "[Abe et al., 2019](https://doi.org/…)"
            if not self.excluded(match.start()) and _HAS_YEAR.search(match.group("body")):
                self.add_group(match, "narrative")
        return yearless

    def add_group(self, match: re.Match[str], form: str) -> None:
        body = match.group("body")
        if fold(body.rstrip(" ,;")).endswith(self.enumerations):
            return  # "(e.g. Alabama 2015, Alabama 2016, etc.)": examples, not works
        added = False
        pieces = list(ITEM_PIECE.finditer(body))
        for piece in pieces:
            added = self._group_item(match.start("body"), piece, form) or added
        keys = [p for p in pieces if _PRINTED_KEY.fullmatch(p.group(0))]
        if keys and len(keys) < len(pieces) and all(  # "[Rew & Davis (1990); Rew2006; …]"
                _HAS_YEAR.search(p.group(0)) for p in pieces if p not in keys):
            for piece in keys:  # the group's other items are read as they would be
                self._printed_key(match.start("body"), piece)
        if added:
            self.taken.add(match.span())

    def _printed_key(self, offset: int, piece: re.Match[str]) -> None:
        """An item of a citation group that is a citation key printed as text: Pandoc
        prints a key that lost its @ as it is, and cites nothing for it."""
        key = _PRINTED_KEY.fullmatch(piece.group(0))
        if key:
            s = offset + piece.start() + key.start("key")
            e = offset + piece.start() + key.end("key")
            self.found.append(Citation(self.doc.span(s, e), key.group("key"), "printed-key",
                                       key=key.group("key"), in_footnote=self.in_note(s)))

    def _bare_title(self, item: str) -> re.Match[str] | None:
        """An item that is the title of an entry with no author, unquoted, and a year."""
        bare = _BARE_TITLE_ITEM.match(item) if self.untitled else None
        return bare if bare and fold(bare.group("title")) in self.untitled else None

    def _group_item(self, offset: int, piece: re.Match[str], form: str) -> bool:
        """One item of a group ("Smith 2020, p. 4"; "'GSS Data Explorer' 2022"): its
        citations, one per year; whether it was one."""
        doc, text = self.doc, self.text
        item = piece.group(0)
        s = offset + piece.start() + len(item) - len(item.lstrip())
        e = offset + piece.end()
        parsed = _parse_item(item)
        titled = None if parsed else _TITLE_ITEM.match(item) or self._bare_title(item)
        if titled:  # ("GSS Data Explorer" 2022): a work with no author, by its title
            self.found.append(Citation(
                doc.span(s, e), text[s:e].strip(), "title", year=titled.group("year"),
                locator=titled.group("loc"), inline_work=titled.group("title"),
                in_footnote=self.in_note(s)))
            return True
        if not parsed:
            return False
        authors, et_al, years, loc, work = parsed
        if len(authors) == 1 and fold(authors[0]) in self.dates:
            return False  # "(July 2026)": when, not who
        self.found.extend(Citation(
            doc.span(s, e), text[s:e].strip(), form, authors, et_al, year, loc,
            inline_work=work, in_footnote=self.in_note(s)) for year in years)
        return bool(years)

    def narratives(self) -> None:
        """"Barrero, Bloom and Davis (2023)", "Smith's (2020)", not "Carpenter v. United
        States (2018)"."""
        text = self.text
        for match in _narratives(text):
            if self.excluded(match.start()) or match.start("years") in self.taken:
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
            self.found.extend(
                Citation(
                    self.doc.span(names_start, match.end()), text[names_start:match.end()],
                    "narrative", authors, et_al, year, match.group("loc"),
                    in_footnote=self.in_note(match.start()),
                )
                for year in _split_years(match.group("years"))
            )
            self.taken.add((names_start, match.end()))

    def numbered(self) -> None:
        """"[3]", "[1, 4]", "[3]–[5]"; where there is none, Vancouver's "(1,2)"."""
        self.found.extend(numbered_citations(self.doc, self.excluded_ranges, self.taken,
                                             self.in_note))
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
    while words and fold(words[0].rstrip(",;:")) in openers:  # "Similarly, Norman (2003)"
        words = words[1:]
    return " ".join(words)






