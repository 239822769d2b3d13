"""One entry's fields, read in phases over a typed record (``_Parse``): the raw text's
marks (``marks``), the names' end (``authors``), the title (``title``), what follows it
(``tail``), the year (``dates``)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from citecheck.extract.identifiers import (
    DOI_URL,
    iter_urls,
)
from citecheck.extract.names import parse_authors, person_family
from citecheck.extract.references.authors import (
    GROUP_AUTHORS,
    Byline,
    Compact,
    YearAfterNames,
    comma_list,
    initials_list,
    inverted_names_end,
    names_end_in_sentence,
    physics_tail,
    split_names_title,
    year_after_names,
)
from citecheck.extract.references.dates import year_anywhere
from citecheck.extract.references.marks import (
    ENTRY_LABEL,
    ITALIC,
    LINK_ENTRY,
    LOST,
    REMOVE,
    STAND_IN,
    find_doi,
    html_to_marks,
    quotations,
    unglue,
)
from citecheck.extract.references.segments import abbreviation_aware_sentences, segments_of
from citecheck.extract.references.shapes import (
    NAME_SEGMENT,
    YEAR,
    YEAR_RE,
    Quote,
    clean,
    match_text,
    no_date,
    publisher_in,
    strip_marks,
    year_status,
)
from citecheck.extract.references.tail import container_from, numbers_in
from citecheck.extract.references.title import (
    EDITED_BY,
    JOURNAL_REF,
    VOLUME_AFTER,
    book_of_chapter,
    drop_trailing_container,
    has_plain_title,
    is_abbreviated,
    only_punct_or_in,
    title_end_before_journal,
    trim_title,
)


@dataclass(frozen=True, slots=True)
class EntryFields:
    """What an entry says of its work: the fields of a ``Reference``."""

    authors: tuple[str, ...] = ()
    et_al: bool = False
    year: str | None = None
    title: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    doi: str | None = None
    url: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The fields found (``None`` left out), as keyword arguments of ``Reference``."""
        return {name: value for name in _FIELD_NAMES
                if (value := getattr(self, name)) is not None}


_FIELD_NAMES = tuple(f.name for f in dataclasses.fields(EntryFields))


@dataclass
class _Parse:
    """One entry while its phases read it: the text they read (``rest``), the title
    delimiters, the shape the names were found in, and the fields found so far."""

    rest: str
    leading_year: str | None
    quoted: list[Quote]
    italics: list[re.Match[str]]
    delimiters: list[Quote | re.Match[str]]
    year_span: YearAfterNames | None = None
    compact: Compact | None = None
    byline: Byline | None = None
    names_end: int | None = None
    author_end: int = 0
    delimited: bool = False
    """The title was in quotes or italics (or is a byline's): its end is known."""
    after_title: int = 0
    names_block: str = ""
    """The text the names were read from."""
    found: dict[str, object] = dataclasses.field(default_factory=dict)
    """Fields by name, as the phases set them (the last word wins)."""

    @property
    def tail_start(self) -> int:
        """Where the title may start: after the year of an author–date entry, else
        after the names."""
        return self.year_span.after if self.year_span else self.author_end

    def numbers(self, numbers: dict[str, str]) -> None:
        self.found.update(numbers)

    def text(self, name: str) -> str | None:
        value = self.found.get(name)
        return value if isinstance(value, str) else None


def parse_entry(raw: str) -> dict[str, object]:
    """Fields of one entry, as keyword arguments of ``Reference``."""
    return parse_fields(raw).as_dict()


def parse_fields(raw: str) -> EntryFields:
    """Fields of one entry, read in phases."""
    label = ENTRY_LABEL.match(raw)
    raw = raw[label.end():] if label else raw
    link = LINK_ENTRY.match(raw)
    if link:
        return _link_entry(link)
    untitled = _title_first(raw)
    if untitled:
        return untitled
    parse = _marked(raw)
    _names_shape(parse)
    _authors(parse)
    if parse.byline:
        _byline_title(parse)
    if not parse.compact and not parse.byline:
        _title(parse)
        _tail(parse)
    _book_or_edited(parse)
    _year(parse)
    found = parse.found
    urls = list(dict.fromkeys(u for u in iter_urls(raw) if not DOI_URL.match(u)))
    found["doi"] = find_doi(raw)
    found["url"] = urls[0] if urls else None
    fields = EntryFields(**found)  # type: ignore[arg-type]
    return _lost_letters_back(fields) if LOST in raw else fields


_TITLE_FIRST = re.compile(
    r"(?P<title>[^()]{8,240}?)(?:\s*\([^()]{1,40}\))?\.\s*\((?P<year>\d{4}[a-z]?|n\.\s?d\.)"
    r"(?:,[^)]{0,30})?\)\.\s*(?P<source>[^.]{2,120})\.")
_NAMES_IN = re.compile(r"\b[A-Z]\.|&|\bet al\b|,\s*[A-Z][a-z]+\b")


def _title_first(raw: str) -> EntryFields | None:
    """APA's entry for a work with no author: its title where the author would stand,
    "Title (report number). (2011). Publisher. https://…".  Told from a group author's
    "European Medical Agency. (2017). Guideline on …" by the length of what stands
    before the year (a title) and after it (a short publisher, not a title)."""
    found = _TITLE_FIRST.match(raw.strip())
    if not found or _NAMES_IN.search(found.group("title")):
        return None
    title, source = found.group("title").strip(), found.group("source").strip()
    if len(title.split()) < 6 or len(source.split()) > 6 or "://" in source:
        return None
    urls = list(dict.fromkeys(u for u in iter_urls(raw) if not DOI_URL.match(u)))
    return EntryFields(year=found.group("year"), title=title, publisher=source,
                       doi=find_doi(raw), url=urls[0] if urls else None)


def _link_entry(link: re.Match[str]) -> EntryFields:
    """An entry that is one Markdown link: its text is the entry, its target the entry's
    address.  "Short title<br>Martin FH, Battin RH. 1968. …": a label, then the entry."""
    parts = [p.strip() for p in re.split(r"<br\s*/?>", link.group("text")) if p.strip()]
    dated = next((p for p in reversed(parts) if re.search(YEAR, p)), None)
    linked = parse_fields(dated) if dated else EntryFields()
    title = linked.title or re.sub(r"\s+", " ", parts[0] if parts else "").strip()
    return dataclasses.replace(linked, title=title,
                               url=linked.url if linked.url is not None else link.group("url"))


def _marked(raw: str) -> _Parse:
    """Phase 1: the words of the entry with its marks normalised (links, identifiers and
    notes removed, HTML made Markdown, lost spaces and letters restored), a year written
    first set apart, and the title's delimiters found."""
    rest = REMOVE.sub(" ", html_to_marks(raw))
    rest = unglue(re.sub(r"\s+", " ", rest).strip()).replace(LOST, STAND_IN)
    leading_year = re.match(rf"({YEAR}[a-z]?),\s+(?=[A-ZÀ-ÝĀ-Ž])", rest)
    if leading_year:
        rest = rest[leading_year.end():]  # "1954, Werle, H., 'Title', …": the year first
    quoted = [m for m in quotations(rest) if len(match_text(m)) > 2 and not (
        # "… advancement with ‘floating forehead’ for patients …": words quoted inside an
        # undelimited title, with prose on both sides, do not delimit the title.
        re.search(r"\b[a-zà-ÿ]{2,}\s*$", rest[:m.start()])
        and re.match(r"\s*[a-zà-ÿ]{2,}\b", rest[m.end():]))]
    italics = [m for m in ITALIC.finditer(rest) if len(match_text(m)) > 1]
    delimiters: list[Quote | re.Match[str]] = sorted([*quoted, *italics], key=lambda m: m.start())
    return _Parse(rest, leading_year.group(1) if leading_year else None, quoted, italics,
                  delimiters)


def _names_shape(parse: _Parse) -> None:
    """Phase 2a: the shape the names are written in — followed by the year (author–date),
    an inverted list with initials, a byline of commas, or a compact physics entry."""
    rest, delimiters = parse.rest, parse.delimiters
    year_span = year_after_names(rest, delimiters[0].start() if delimiters else len(rest))
    inverted = inverted_names_end(rest)
    if year_span and inverted is not None and len(re.findall(
            r"[A-Za-zÀ-ÿ]{2,}", re.sub(r"\bet al\b|\([^)]*\)", "", rest[inverted:year_span.names_end]))) >= 3:
        # "Moreno, L. A.; Weiss, P. R. A Fast Mixing Cell. J. Phys. Chem. 1999, 103": the
        # names end before a title; the year belongs to the journal reference.
        year_span = None
    parse.names_end = None if year_span else inverted
    byline = comma_list(rest) if not delimiters and parse.names_end is None else None
    if byline and year_span and year_span.names_end < byline.title_end:
        byline = None  # the year stands before the title's end: not this form
    if byline:
        year_span = None  # the date is the last item's, found below
    elif not delimiters and not year_span and parse.names_end is None:
        parse.compact = initials_list(rest) or physics_tail(rest)
    parse.year_span, parse.byline = year_span, byline
    parse.author_end = _author_end(parse)
    parse.after_title = parse.author_end


def _author_end(parse: _Parse) -> int:
    """Phase 2b: where the names end, by the shape found, else by the first delimiter, a
    collaboration, a Springer colon or the first sentence."""
    rest, delimiters = parse.rest, parse.delimiters
    if parse.year_span:
        return parse.year_span.names_end
    if parse.byline:
        return parse.byline.names_end
    if parse.compact:
        return parse.compact.names_end
    if parse.names_end is not None and (not delimiters or delimiters[0].start() >= parse.names_end):
        return parse.names_end
    if delimiters:
        return delimiters[0].start()
    if group := GROUP_AUTHORS.match(rest):
        return group.end("names")  # "ATLAS collaboration, The ATLAS Experiment at …"
    colon = re.match(r"([^:]{3,200}?):\s", rest)
    if colon and _springer_names(colon.group(1)):
        return colon.end(1)  # Springer: "Bais, F.A., Slingerland, J.K.: Title."
    sentences = segments_of(rest)
    return names_end_in_sentence(rest, sentences[0][1] if sentences else len(rest))


def _springer_names(before_colon: str) -> bool:
    """Only names before the first colon ("Bais, F.A., Slingerland, J.K.: Title.")."""
    return ("," in before_colon or bool(NAME_SEGMENT.match(before_colon))) and not re.search(
        r"\b(?!(?:and|et|und)\b)[a-zà-ÿ]{3,}|[a-zà-ÿ]{2}\.\s+[A-ZÀ-ÝĀ-Ž]", before_colon
    ) and all(NAME_SEGMENT.match(part.strip(" .")) or re.fullmatch(r"(?:[A-Z]\.\s?-?)+", part.strip())
              for part in re.split(r",\s*|\s+(?:and|et|&)\s+", re.sub(
                  r"\[[^\]]*\]|\bet al\.?", "", before_colon)) if part.strip(" ."))


def _authors(parse: _Parse) -> None:
    """Phase 2c: the names themselves; in a compact entry, also what follows them."""
    author_block = parse.rest[:parse.author_end]
    compact = parse.compact
    if compact:
        names, title_part = split_names_title(author_block)
        if title_part is None and compact.title is None:
            sentences = segments_of(author_block)
            second = author_block[sentences[1][0]:] if len(sentences) > 1 else ""
            if len(re.findall(r"\b[a-zà-ÿ]{2,}", second)) >= 2:  # "L. Diósi. A title. J. 40 (1989)"
                names = author_block[:sentences[0][1]]
                title_part = clean(author_block[sentences[1][0]:])
        author_block = names
        parse.found["title"] = compact.title or title_part
        parse.found["container"] = compact.container
        parse.numbers(compact.numbers)
        parse.after_title = len(parse.rest)
    parse.names_block = author_block
    authors, et_al = parse_authors(strip_marks(author_block))
    if parse.byline and len(authors) == 1 and (family := person_family(authors[0])):
        authors = (family,)  # a byline: "Jane Smith, The Housing Question, …"
    parse.found["authors"], parse.found["et_al"] = authors, et_al


def _byline_title(parse: _Parse) -> None:
    """Phase 3 for a byline: the title is its second part, the publisher after it."""
    assert parse.byline is not None
    parse.found["title"] = clean(parse.rest[parse.author_end:parse.byline.title_end].strip(" ,"))
    parse.delimited = True
    parse.after_title = parse.byline.title_end
    publisher = publisher_in(parse.rest[parse.after_title:])
    if publisher:
        parse.found["publisher"] = publisher


def _title(parse: _Parse) -> None:
    """Phase 3: the title — the first delimiter after the names, a plain title before an
    italic container (APA, Nature), or the first sentence after the names."""
    rest, italics, tail_start = parse.rest, parse.italics, parse.tail_start
    title_match = next((m for m in parse.delimiters if m.start() >= tail_start - 1), None)
    between = rest[tail_start:title_match.start()] if title_match else ""
    if title_match and has_plain_title(between) and title_match in italics and (
            parse.year_span or VOLUME_AFTER.match(rest, title_match.end())):
        # APA/Harvard: a plain title, then the italic container; Nature: the same with
        # the year at the end, "*Nature* **556**, 492–496 (2018)".
        parse.found["title"] = strip_marks(between)
        parse.found["container"] = match_text(title_match)
        parse.after_title = title_match.end()
    elif title_match and (not parse.year_span or not has_plain_title(between)):
        parse.found["title"] = match_text(title_match)
        parse.delimited = True
        parse.after_title = title_match.end()
        if title_match in parse.quoted:
            container_match = next((m for m in italics if m.start() >= parse.after_title), None)
            if container_match and only_punct_or_in(rest[parse.after_title:container_match.start()]):
                parse.found["container"] = match_text(container_match)
    else:
        _undelimited_title(parse)


def _undelimited_title(parse: _Parse) -> None:
    """Phase 3 with no delimiter: the first sentence after the names is the title, unless
    it is numbers, a journal reference, or a title given in translation; a title of
    several sentences runs to the journal."""
    rest, tail_start = parse.rest, parse.tail_start
    segments = segments_of(rest[tail_start:])
    if not segments:
        return
    s, e = segments[0]
    candidate = strip_marks(rest[tail_start + s:tail_start + e])
    whole = strip_marks(rest[tail_start + s:])
    if re.match(r"\d+\s*(?:\(\d+\))?\s*[:,]", candidate) and not re.search(
            r"[A-Za-zÀ-ÿ]{3,}\W+[A-Za-zÀ-ÿ]{3,}", candidate):
        parse.numbers(numbers_in(candidate))  # "31(5): 64-67": numbers, no title
        parse.after_title = tail_start + s
    elif JOURNAL_REF.match(candidate) or (is_abbreviated(candidate) and JOURNAL_REF.match(whole)):
        candidate = candidate if JOURNAL_REF.match(candidate) else whole
        # "Abdo, A. A., et al. 2013, ApJS, 208, 17": no title, a journal reference.
        parse.found["container"] = re.split(r",|\s\d", candidate)[0].strip()
        parse.numbers(numbers_in(candidate))
        parse.after_title = tail_start + s
    elif bracket := re.match(r"\[([^\[\]]{8,})\]", candidate):
        # "1954. [Contributions à la faune…] Academia…": a title given in
        # translation, in square brackets, and nothing else before the journal.
        parse.found["title"] = bracket.group(1)
        parse.after_title = tail_start + s + bracket.end()
    else:
        end = title_end_before_journal(rest[tail_start:], segments) if parse.year_span else None
        if end is None and len(segments) > 2 and re.match(
                r"(?:An?|Une?)\s+[a-zà-ÿ]+\s+[a-zà-ÿ]", rest[tail_start + segments[1][0]:]):
            end = segments[1][1]  # "Balinese character. A photographic analysis."
        if end is not None:
            candidate = strip_marks(rest[tail_start + s:tail_start + end])
            e = end
        if end is None and re.search(r",\s*[A-Z][a-z]{1,5}$", candidate):
            # "Title, Mech. Solids, 2011, vol. 46": the sentence was cut after an
            # abbreviated journal word; read on to the journal's numbers.
            longer = abbreviation_aware_sentences(rest[tail_start + s:])[0]
            shorter = drop_trailing_container(strip_marks(longer))
            if len(shorter) < len(candidate):
                candidate = shorter
        parse.found["title"] = drop_trailing_container(candidate)
        parse.after_title = tail_start + e


def _tail(parse: _Parse) -> None:
    """Phase 4: after the title, its container, numbers and publisher."""
    tail = parse.rest[parse.after_title:]
    if parse.found.get("container") is None:
        parse.found["container"] = container_from(tail)
    parse.numbers(numbers_in(tail))
    publisher = publisher_in(tail)
    if publisher:
        parse.found["publisher"] = publisher


def _book_or_edited(parse: _Parse) -> None:
    """Phase 3, last word: the book of a chapter with no title of its own, "Title,
    edited by", and the clean-up of an undelimited title and of the container."""
    rest, found = parse.rest, parse.found
    book = book_of_chapter(rest[len(parse.names_block) if parse.compact else parse.tail_start:])
    if book and not parse.delimited:
        found["title"] = book  # "L. Name, in: A. Editor (Eds.), Book, Publisher, 1998, p. 149"
    edited = None if parse.delimiters else EDITED_BY.match(rest)
    if edited and not NAME_SEGMENT.match(edited.group("title")):
        # "[Authors, ]Title, edited by E. Editor": the part before "edited by" is the title.
        found["title"] = edited.group("title")
        if not edited.group("before").strip():
            found["authors"], found["et_al"] = (), False
    title = parse.text("title")
    if title and not parse.delimited:
        title = trim_title(title)
    if title:
        title = strip_marks(title)
        if title and not re.search(r"[A-Za-zÀ-ÿ]", title):
            title = None
    found["title"] = title or None
    container = parse.text("container")
    if container:
        # "…in computational biology? BMC Syst Biol": the title's question mark is not
        # the journal's.
        container = strip_marks(container).lstrip("?!¿¡ ")
    found["container"] = container if container and container != found["title"] else None


def _year(parse: _Parse) -> None:
    """Phase 5: the year after the names, the compact entry's, or the likeliest one."""
    rest = parse.rest
    year: str | None
    if parse.year_span:
        year = rest[parse.year_span.start:parse.year_span.end]
        found_year = YEAR_RE.search(year)
        year = found_year.group(0) if found_year else no_date(year) or year_status(year)
    elif parse.compact and parse.compact.year:
        year = parse.compact.year
    else:
        year = year_anywhere(rest, [(m.start(), m.end()) for m in parse.delimiters],
                             parse.text("title"))
    if parse.leading_year:
        year = parse.leading_year
    parse.found["year"] = year or None


def _lost_letters_back(fields: EntryFields) -> EntryFields:
    """Put back, in every field, the replacement character a letter stood in for."""
    changes: dict[str, object] = {}
    for name in _FIELD_NAMES:
        value = getattr(fields, name)
        if isinstance(value, str):
            changes[name] = value.replace(STAND_IN, LOST)
        elif isinstance(value, tuple):
            changes[name] = tuple(str(v).replace(STAND_IN, LOST) for v in value)
    return dataclasses.replace(fields, **changes)  # type: ignore[arg-type]
