"""Bibliography entries: split a bibliography into entries, parse each one.

Splitting follows bullets, numbers (``[12]``, ``12.``), blank lines, hanging
indents and wrapped lines.  Parsing reads author–date styles (Chicago, APA,
Harvard), MLA, IEEE/numbered, Vancouver, compact physics/chemistry styles and
French ISO 690, with « … », “…”, "…", '…' and *italic* titles.  It is a
sequence of general rules, each named after the style feature it reads; none
knows any particular document.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
from dataclasses import dataclass

from citecheck.extract.identifiers import (
    _BARE_DOI,
    _DOI_LABEL,
    DOI_URL,
    is_valid_doi,
    iter_urls,
    normalize_doi,
)
from citecheck.extract.names import NAME_WORD, parse_authors, person_family
from citecheck.extract.structure import Line, split_lines
from citecheck.lexicon import folded_set, load
from citecheck.model import Document, Reference
from citecheck.text import fold

YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_YEAR_RE = re.compile(rf"(?<![\d/.-]){YEAR}(?:[a-z](?![a-z]))?(?![\d])")
_BULLET = re.compile(
    r"^\s*(?:[-*+•–—▪·◦]\s+|\[(?P<n1>\d{1,4})\]\s*|(?P<n2>\d{1,4})[.)]\s+|\((?P<n3>\d{1,4})\)\s+)"
)
_HTML_LABEL = re.compile(
    r"[ \t]*(?:<a\s[^>]*>\s*</a>[ \t]*)*<sup>\s*\[?(?P<n>\d{1,4})\]?\s*</sup>[ \t]*")
"""An entry's number written as a superscript after its anchor, as wiki-style
generators write a reference list."""
_LOWER_PARTICLES_WORDS = "van|von|de|der|den|da|di|du|le|la"
_LOWER_PARTICLES = rf"(?:(?:{_LOWER_PARTICLES_WORDS})\s+)*"
"""Particles that may open a family name ("van Meijgaard, E.", "A. de la Peña")."""


_ENTRY_START = re.compile(
    # "van der Berg, J." and "de Gaulle, C." open an entry too.
    rf"^(?:{_LOWER_PARTICLES}[A-ZÀ-ÝĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÝĀ-Ž][\w'’-]+){{0,3}},|[A-ZÀ-ÝĀ-Ž]{{2,}}[\s,]|"
    r"(?:[A-Z]\.\s?){1,3}[A-ZÀ-ÝĀ-Ž][\w'’-]+"
    # An organisation, then its year: "OECD. (2021).", "World Bank (2022)", and in the
    # Chicago author-date order "INSERM. 2004.".
    r"|[A-ZÀ-ÝĀ-Ž][\w&'’-]*(?:\s+[\w&'’-]+){0,6}\.?\s+\((?:1[5-9]|20)\d\d"
    r"|[A-ZÀ-ÝĀ-Ž][\w&'’-]*(?:\s+[\w&'’-]+){0,6}\.\s+(?:1[5-9]|20)\d\d[a-z]?\.)"
)
_QUOTED = re.compile(
    r"«\s*(?P<a>.+?)\s*»|“(?P<b>.+?)”|\"(?P<c>[^\"]+?)\"|(?<![\w])'(?P<d>(?:[^']|(?<=\w)'(?=\w)){4,}?)'(?![\w])"
    r"|‘(?P<e>.+?)’(?![\w])|„(?P<f>[^“”]+?)[“”]|(?<![«\w])»(?P<g>[^«»]{3,}?)«"
    r"|(?<=[\s,:])\?(?P<h>[A-ZÀ-ÝĀ-Ž][^?]{7,}?)\?(?=[,.;]\s|[,.;]?$)"
)
"""Quoted titles: French « », English “ ” and " ", single ' ' and ‘ ’, German „ “ and » «,
and the "?…?" that a lost encoding leaves of curly quotes (", ?The title?, Journal")."""
_ITALIC = re.compile(
    r"(?<![\w*])\*(?!\s)(?P<a>[^*]+?)(?<!\s)\*(?![\w*])"
    r"|(?<![\w_])_(?!\s)(?P<b>[^_]+?)(?<!\s)_(?![\w_])"
)
_REMOVE = re.compile(
    r"!?\[(?:\\.|[^\]\\])*\]\((?:\\.|[^()\s\\]|\((?:\\.|[^()\s\\])*\))+\)"
    r"|<(?:https?|ftp)://[^>]*>|(?:https?|ftp)://\S+|www\.\S+"
    r"|\b(?:doi|DOI)\s*[:：]?\s*10\s?\.\s?\S+|\bISBN(?:-1[03])?\s*:?\s*[\dXx][\d\s-]{8,16}[\dXx]\b|(?<![\w/.])10\.\d{4,9}/\S+"
    r"|\[(?:en ligne|online|consulté le[^\]]*|accessed[^\]]*)\]"
    # "(in French)", "[en anglais]": a language note, but "(in press)" is a status.
    r"|[\[(](?:in|en) (?!press\b)(?:[A-Z][a-z]+|[a-z]{4,})(?: with [A-Za-z]+ (?:abstract|summary))?[\])]"
    r"|\b(?:URL|Disponible sur|Available (?:at|from)|Retrieved from|Consulté le|Accessed|En ligne)"
    r"\s*:?\s*(?:\d{1,2}\s+\w+\s+\d{4}|\w+\s+\d{1,2},\s*\d{4})?\.?",
    re.I,
)
_ABBREV = {
    "vol", "no", "nos", "pp", "p", "ed", "eds", "éd", "éds", "dir", "trad", "trans", "coll",
    "n°", "nº", "inc", "ltd", "jr", "sr", "st", "dr", "mr", "mrs", "ms", "prof", "ch", "chap",
    "fig", "repr", "rev", "univ", "dept", "cf", "etc", "ibid", "op", "cit", "vs", "al", "t",
    "s", "n", "c", "ca", "e", "g", "i", "approx", "suppl", "ser", "sect", "art",
}
_PHYSICS_TAIL = re.compile(
    r"(?P<journal>(?:[A-Z][\w&'’.-]*\.?\s*){1,7}?)\s*(?:\b[A-Z]\b\s*)?"
    rf"(?P<vol>\d{{1,5}})\s*(?:\((?P<iss>\d+)\))?\s*[,:]\s*(?P<page>[A-Z]{{0,3}}\d+(?:\s*[-–]\s*\d+)?)"
    rf"\s*(?:\(\s*(?P<year>{YEAR})\s*\)|,\s*(?P<year2>{YEAR}))"
)
_VOL_ISS_PAGES = re.compile(
    r"(?P<vol>\d{1,5})\s*\((?P<iss>[\w/–-]{1,12})\)\s*(?:[,:]\s*(?:pp?\.\s*)?(?P<pages>[A-Z]?\d+(?:\s*[-–]\s*[A-Z]?\d+)?))?"
)
_VOL_PAGES = re.compile(r"(?<![\d(])(?P<vol>\d{1,5})\s*:\s*(?P<pages>\d+(?:\s*[-–]\s*\d+)?)")
_VOL_PAGES_YEAR = re.compile(
    r"(?<![\d(])(?P<vol>\d{1,5})(?:\*\*|__)?,\s*(?P<pages>[A-Z]?\d+(?:\s*[-–]\s*[A-Z]?\d+)?)"
    r"\s*\((?:1[5-9]|20)\d\d\)")
_VOL = re.compile(r"\b(?:[Vv]ol\.?|[Vv]olume|t\.|[Tt]ome|Bd\.)\s*(?P<vol>\d+|[IVXLC]+\b)")
_ISSUE = re.compile(r"(?:\bno|\bnos|\bn°|nº|\bnum|\bissue|\bheft)\.?\s*(?P<iss>\d+(?:[-–/]\d+)?)", re.I)
_PAGES = re.compile(r"\b(?:pp?|S)\.\s*(?P<pages>[A-Z]?\d+(?:\s*[-–]\s*[A-Z]?\d+)?)")
_PUBLISHER = re.compile(
    r"(?:^|[.,]\s+)(?P<place>(?!(?:In|Dans)\b)[A-ZÀ-ÝĀ-Ž][\w'’ .-]{1,40}?"
    r"(?:\s*;\s*[A-ZÀ-ÝĀ-Ž][\w'’ .-]{1,30}?)?)\s*:\s*"
    r"(?P<pub>[A-ZÀ-ÝĀ-Ž][^.,;:]{1,60})"
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
    return bool(_YEAR_RE.search(stripped) or "://" in stripped or "10." in stripped)


_PROSE_AFTER_INITIAL = re.compile(
    r"[.?!]\s+[A-ZÀ-ÝĀ-Ž][\w'’-]*(?:\s+[A-ZÀ-ÝĀ-Ž][\w'’-]*)?\s+(?:(?!(?:and|et|und|al|"
    + _LOWER_PARTICLES_WORDS + r")\b)[a-zà-ÿ]{2,}|(?:and|et|und)\s+(?!al\b)[a-zà-ÿ]{2,})")
"""After an initial's full stop, prose: one or two capitalised words, then a lower-case
word that is no conjunction or particle."""


def _sentences(text: str) -> list[tuple[int, int]]:
    """Spans of period-separated segments, not splitting after initials or abbreviations."""
    spans = []
    start = 0
    for match in re.finditer(r"[.?!]\s+(?=\S)|\s?\.(?=[A-Z][A-Za-z]{0,8}\s?\.)|\s\.(?=[A-Z])"
                             r"|(?<=[a-z]{3}\.),\s+(?=[A-ZÀ-ÝĀ-Ž])", text):
        before = re.search(r"(\S+)$", text[start:match.start()])
        word = before.group(1) if before else ""
        bare = word.strip("([«“\"'").lower()
        if len(bare) == 1 and bare.isalpha() and re.search(
                r"\b(?:Dr|Pr|Prof|Mr|Mrs|Ms|Mme|Mlle|Sr|St)\.\s+\S$", text[start:match.start()]):
            continue  # "Dr. H. Coiffait": the initial of a named person
        if len(bare) == 1 and bare.isalpha() and not _PROSE_AFTER_INITIAL.match(text, match.start()):
            # an initial, unless prose follows ("Antonio A. En attendant les…", "Jones C.
            # Sleep and memory…", German "Rudolph B. Theoretische Perspektiven zur…"; but
            # "A. Smith and B. Jones" and "A. Gomez de la Fuente" are names)
            continue
        if (len(bare) > 1 and bare in _ABBREV) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", bare):
            if bare == "al" and re.match(r"[.]\s+[A-Z]", text[match.start():]):
                pass  # "et al. Title" ends the authors
            else:
                continue
        if re.fullmatch(r"\d+", bare) and re.match(r"\.\s+\d", text[match.start():]):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


_JOURNAL_NUMBERS = re.compile(
    r"(?:[A-ZÀ-ÝĀ-Ž][^()\[\]]*?[\s,]\s*)?(?P<vol>\d{1,5})\s*(?:\(\s*[\w/–-]{1,12}\s*\))?\s*[:,]\s*"
    r"[A-Z]?\d+(?:\s*[-–]\s*[A-Z]?\d+)?(?![\w.]\w)"
)
"""A journal segment: its name (possibly cut into abbreviations before), then
``57:74-77``, ``69: 144-164``, ``12(3), 45-67``."""
_ABBREVIATION_SEGMENT = re.compile(r"[A-Z][a-z]{1,9}(?:\s+[A-Z][a-z]{1,9}){0,2}|[a-z]{2,8}")
"""What sentence splitting leaves of an abbreviated journal name: "Bull", "entomol",
"Acta Biol" (capitalised words, or one lower-case abbreviation)."""


def _title_end_before_journal(text: str, segments: list[tuple[int, int]]) -> int | None:
    """End of a title of several sentences, when the entry closes with its journal.

    Natural-history and some APA entries run "Year. Title. Second sentence of the
    title. Journal Name 57:74-77." with no quotes: everything between the year and
    the journal segment is the title.  Returns ``None`` (keep the first sentence)
    unless the last segment is such a journal reference and every sentence before it
    reads as a title, not a place and publisher, an "In …" or an editor line.
    """
    if len(segments) < 3:
        return None
    last_start, last_end = segments[-1]
    match = _JOURNAL_NUMBERS.match(text, last_start)
    if not match or len(re.sub(r"\W", "", text[match.end():last_end])) > 30:
        return None
    journal = len(segments) - 1
    while journal > 1 and _ABBREVIATION_SEGMENT.fullmatch(
            text[segments[journal - 1][0]:segments[journal - 1][1]].strip()):
        journal -= 1  # "Bull. Soc. entomol. Fr. 57:74-77"
    if journal < 2:
        return None
    for start, end in segments[1:journal]:
        sentence = text[start:end]
        if _PUBLISHER.search(sentence) or re.match(
                r"\s*(?:In|Dans|Ed(?:ited|\.)|Éd|Trans|Trad|Translated|Traduit)\b", sentence):
            return None
    return segments[journal - 1][1]


_IN_BOOK = re.compile(r"\s*[.,:;]?\s*[Ii]n\s*:?\s+(?P<body>.*)$")
_EDITORS = re.compile(
    r"\(\s*(?:[Ee]ds?|[Ee]ditors?|[Hh]rsg|[Dd]irs?|[Éé]ds?)\s*\.?\s*\)\s*[.,:]?\s*"
    r"|,?\s*\b(?:[Ee]ds?|[Ee]ditors?|[Éé]ds?)\s*\.?\s*[,:.]\s*"
)
_BOOK_END = re.compile(r",\s|\s*\(|(?<=[^\s.]{2})\.\s*(?=[A-Z])")


_EDITED_BY = re.compile(
    r"(?P<before>(?:.*?,\s*)?)(?P<title>[^,]{8,200}?)\s*,\s*"
    r"(?:edited by|ed\. by|éd\. par|édité par|sous la direction de|hrsg\. von)\s", re.I)


def _book_of_chapter(text: str) -> str | None:
    """The book of an entry with no title of its own: ``in: A. Editor (Eds.), Book, …``,
    ``In Book (Place, 1996), eds.: …``.  An "In" with no editors may begin a title
    ("In the Shadow of …") and gives ``None``."""
    match = _IN_BOOK.match(text)
    if not match:
        return None
    body = match.group("body")
    editors = _EDITORS.search(body)
    if not editors:
        return None
    before = body[:editors.start()]
    # Initials before the editor mark: names first, then the book; else the book first.
    book = body[editors.end():] if re.search(r"(?:^|[\s,])[A-Z]\s?\.", before) else before
    for stop in _BOOK_END.finditer(book):
        word = re.search(r"(\S+)$", book[:stop.start()])
        if stop.group(0).strip().startswith(".") and word and re.fullmatch(
                r"[A-Z][a-z]{0,5}", word.group(1)):
            continue  # "Proc. of the Workshop": an abbreviation, not the end
        book = book[:stop.start()]
        break
    book = book.strip(" .,;:")
    return book if re.search(r"[A-Za-zÀ-ÿ]{2,}", book) and len(book) > 3 else None


def _html_to_marks(raw: str) -> str:
    """Inline HTML left in a reference (Markdown allows it; deposits and web pages carry
    it): ``<i>``/``<em>`` become ``*`` so an italic title stays delimited, other tags go,
    and ``&amp;`` is unescaped."""
    if "<" not in raw and "&" not in raw:
        return raw
    text = re.sub(r"</?(?:i|em|cite)\s*>", "*", raw, flags=re.I)
    text = re.sub(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?>", "", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text) if text != raw else text
    return html.unescape(html.unescape(text)) if "&" in text else text


_GLUED = re.compile(
    r"\band(?=[A-Z]\s?\.)"  # "andR. Mignani": a lost space after "and"
    r"|(?<=\b[A-Z])\.(?=[A-Z][a-zà-ÿ]{2,})"  # "F.Cucker", "Richard A.The Theory"
    r"|(?<=[a-zà-ÿ]{3})\.(?=[A-Z][a-zà-ÿ]{2,})"  # "Kafkafi, Yitzhak.Hamachanot"
    r"|(?<=[a-zà-ÿ]{2}):(?=[A-Z][a-zà-ÿ]{2,})"  # "J. E. Baldwin:Nature,174"
    # "The functions of self-mutilationClinical Psychology Review 18(5): 531–554": a title
    # glued to the journal that follows it.
    r"|(?<=[a-zà-ÿ]{3})(?=[A-Z][a-zà-ÿ]+(?:\s+(?:[A-Z][a-zà-ÿ]+|of|and|&))*\s+\d+\s*(?:\(\d+\))?\s*:\s*\d)"
)
"""Spaces lost in deposits and OCR, where a reader sees a word boundary."""
_ENUMERATOR = re.compile(r"^(?:\[\d{1,3}\]|\d{1,3}\.)\s+(?=[^\d\s])")
"""A list number left on an entry ("11. J. Lockwood, Report of …")."""


_LOST = "\ufffd"
_STAND_IN = "ǂ"
"""A letter lost to a bad encoding ("D�rr JE") is read as a letter: a letter stands in for
the replacement character while the entry is parsed, and is put back in every field."""


@functools.cache
def _type_code() -> re.Pattern[str]:
    """A GB/T 7714 document-type code after a title, with the "//" before its book."""
    data = load("references")
    kinds = "|".join(sorted(map(re.escape, data["gbt7714_types"]), key=len, reverse=True))
    carriers = "|".join(map(re.escape, data["gbt7714_carriers"]))
    return re.compile(rf"\s?\[(?:{kinds})(?:/(?:{carriers}))?\](?:\s?//\s?|(?=[.,]|\s*$))")


def _unglue(text: str) -> str:
    text = _ENUMERATOR.sub("", text)
    if "]" in text:
        text = _type_code().sub(". ", text)
    if "?" in text:
        text = re.sub(r"(?<=\d)\?(?=\d)", "–", text)  # "44:608?610": a lost en dash
    return _GLUED.sub(lambda m: f"{m.group(0) or '.'} ", text)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\\", "")).strip(" .,;:")


def _strip_marks(text: str) -> str:
    return _clean(re.sub(r"[*_]{1,2}", "", text))


_LINK_ENTRY = re.compile(r"\s*\[(?P<text>(?:\\.|[^\]\\])+)\]\((?P<url>[^()\s]+(?:\([^()\s]*\)[^()\s]*)*)"
                         r"(?:\s+\"[^\"]*\")?\)[\s.,;]*$")
"""An entry that is one Markdown link: "[CDC guidance on transmission](https://…)"."""


_ENTRY_LABEL = re.compile(r"\s*\[[^\]\s^]{2,60}\]:\s+")
"""A label opening an entry, "[Lewis2016]: Lewis J, …": the entry's key, no author."""


def parse_entry(raw: str) -> dict[str, object]:
    """Fields of one entry, as a dict ready for ``Reference``."""
    label = _ENTRY_LABEL.match(raw)
    raw = raw[label.end():] if label else raw
    link = _LINK_ENTRY.match(raw)
    if link:  # the link's text is the entry, its target the entry's address
        # "Short title<br>Martin FH, Battin RH. 1968. …": a label, then the entry.
        parts = [p.strip() for p in re.split(r"<br\s*/?>", link.group("text")) if p.strip()]
        dated = next((p for p in reversed(parts) if re.search(YEAR, p)), None)
        linked = parse_entry(dated) if dated else {}
        if not linked.get("title"):
            linked["title"] = re.sub(r"\s+", " ", parts[0] if parts else "").strip()
        linked.setdefault("url", link.group("url"))
        return linked
    fields: dict[str, object] = {}
    urls = list(dict.fromkeys(u for u in iter_urls(raw) if not DOI_URL.match(u)))
    doi = _find_doi(raw)
    if doi:
        fields["doi"] = doi
    if urls:
        fields["url"] = urls[0]
    rest = _REMOVE.sub(" ", _html_to_marks(raw))
    rest = _unglue(re.sub(r"\s+", " ", rest).strip()).replace(_LOST, _STAND_IN)
    leading_year = re.match(rf"({YEAR}[a-z]?),\s+(?=[A-ZÀ-ÝĀ-Ž])", rest)
    if leading_year:
        rest = rest[leading_year.end():]  # "1954, Werle, H., 'Title', …": the year first
    # Title delimiters.
    quoted = [m for m in _quoted(rest) if len(_match_text(m)) > 2 and not (
        # "… advancement with ‘floating forehead’ for patients …": words quoted inside an
        # undelimited title, with prose on both sides, do not delimit the title.
        re.search(r"\b[a-zà-ÿ]{2,}\s*$", rest[:m.start()])
        and re.match(r"\s*[a-zà-ÿ]{2,}\b", rest[m.end():]))]
    italics = [m for m in _ITALIC.finditer(rest) if len(_match_text(m)) > 1]
    delimiters: list[_Quote | re.Match[str]] = sorted([*quoted, *italics], key=lambda m: m.start())
    year_span = _year_after_names(rest, delimiters[0].start() if delimiters else len(rest))
    inverted = _inverted_names_end(rest)
    if year_span and inverted is not None and len(re.findall(
            r"[A-Za-zÀ-ÿ]{2,}", re.sub(r"\bet al\b|\([^)]*\)", "", rest[inverted:year_span[0]]))) >= 3:
        # "Moreno, L. A.; Weiss, P. R. A Fast Mixing Cell. J. Phys. Chem. 1999, 103": the
        # names end before a title; the year belongs to the journal reference.
        year_span = None
    physics = None
    names_end = None if year_span else inverted
    comma = _comma_list(rest) if not delimiters and names_end is None else None
    if comma and year_span and year_span[0] < comma[1]:
        comma = None  # the year stands before the title's end: not this form
    if comma:
        year_span = None  # the date is the last item's, found below
    elif not delimiters and not year_span and names_end is None:
        physics = _initials_list(rest) or _physics(rest)
    # Author block.
    if year_span:
        author_end = year_span[0]
    elif comma:
        author_end = comma[0]
    elif physics:
        author_end = physics[0]
    elif names_end is not None and (not delimiters or delimiters[0].start() >= names_end):
        author_end = names_end
    elif delimiters:
        author_end = delimiters[0].start()
    elif group := _GROUP_AUTHORS.match(rest):
        author_end = group.end("names")  # "ATLAS collaboration, The ATLAS Experiment at …"
    else:
        colon = re.match(r"([^:]{3,200}?):\s", rest)
        sentences = _sentences(rest)
        if colon and ("," in colon.group(1) or _NAME_SEGMENT.match(colon.group(1))) and not re.search(
            r"\b(?!(?:and|et|und)\b)[a-zà-ÿ]{3,}|[a-zà-ÿ]{2}\.\s+[A-ZÀ-ÝĀ-Ž]", colon.group(1)
        ) and all(_NAME_SEGMENT.match(part.strip(" .")) or re.fullmatch(r"(?:[A-Z]\.\s?-?)+", part.strip())
                  for part in re.split(r",\s*|\s+(?:and|et|&)\s+", re.sub(
                      r"\[[^\]]*\]|\bet al\.?", "", colon.group(1))) if part.strip(" .")):
            author_end = colon.end(1)  # Springer: "Bais, F.A., Slingerland, J.K.: Title."
        else:
            author_end = _names_end_in_sentence(rest, sentences[0][1] if sentences else len(rest))
    author_block = rest[:author_end]
    title: str | None = None
    delimited = False
    """The title was in quotes or italics: its end is known, nothing to trim."""
    container: str | None = None
    after_title = author_end
    if physics:
        names, title_part = _split_names_title(author_block)
        if title_part is None and physics[2].get("title") is None:
            sentences = _sentences(author_block)
            second = author_block[sentences[1][0]:] if len(sentences) > 1 else ""
            if len(re.findall(r"\b[a-zà-ÿ]{2,}", second)) >= 2:  # "L. Diósi. A title. J. 40 (1989)"
                names = author_block[:sentences[0][1]]
                title_part = _clean(author_block[sentences[1][0]:])
        author_block = names
        title = physics[2].pop("title", None) or title_part
        container = physics[1]
        fields.update(physics[2])
        after_title = len(rest)
    authors, et_al = parse_authors(_strip_marks(author_block))
    if comma and len(authors) == 1 and (family := person_family(authors[0])):
        authors = (family,)  # a byline: "Jane Smith, The Housing Question, …"
    fields["authors"] = authors
    fields["et_al"] = et_al
    tail_start = year_span[3] if year_span else author_end
    if comma:
        title = _clean(rest[author_end:comma[1]].strip(" ,"))
        delimited = True
        after_title = comma[1]
        publisher = _publisher(rest[after_title:])
        if publisher:
            fields["publisher"] = publisher
    if not physics and not comma:
        title_match = next((m for m in delimiters if m.start() >= tail_start - 1), None)
        between = rest[tail_start:title_match.start()] if title_match else ""
        if title_match and _has_plain_title(between) and title_match in italics and (
                year_span or _VOLUME_AFTER.match(rest, title_match.end())):
            # APA/Harvard: a plain title, then the italic container; Nature: the same with
            # the year at the end, "*Nature* **556**, 492–496 (2018)".
            title = _strip_marks(between)
            container = _match_text(title_match)
            after_title = title_match.end()
        elif title_match and (not year_span or not _has_plain_title(between)):
            title = _match_text(title_match)
            delimited = True
            after_title = title_match.end()
            if title_match in quoted:
                container_match = next((m for m in italics if m.start() >= after_title), None)
                if container_match and _only_punct_or_in(rest[after_title:container_match.start()]):
                    container = _match_text(container_match)
        else:
            segments = _sentences(rest[tail_start:])
            if segments:
                s, e = segments[0]
                candidate = _strip_marks(rest[tail_start + s:tail_start + e])
                whole = _strip_marks(rest[tail_start + s:])
                if re.match(r"\d+\s*(?:\(\d+\))?\s*[:,]", candidate) and not re.search(
                        r"[A-Za-zÀ-ÿ]{3,}\W+[A-Za-zÀ-ÿ]{3,}", candidate):
                    fields.update(_numbers(candidate))  # "31(5): 64-67": numbers, no title
                    after_title = tail_start + s
                elif _JOURNAL_REF.match(candidate) or (
                        _abbreviated(candidate) and _JOURNAL_REF.match(whole)):
                    candidate = candidate if _JOURNAL_REF.match(candidate) else whole
                    # "Abdo, A. A., et al. 2013, ApJS, 208, 17": no title, a journal reference.
                    container = re.split(r",|\s\d", candidate)[0].strip()
                    fields.update(_numbers(candidate))
                    after_title = tail_start + s
                elif bracket := re.match(r"\[([^\[\]]{8,})\]", candidate):
                    # "1954. [Contributions à la faune…] Academia…": a title given in
                    # translation, in square brackets, and nothing else before the journal.
                    title = bracket.group(1)
                    after_title = tail_start + s + bracket.end()
                else:
                    end = _title_end_before_journal(rest[tail_start:], segments) if year_span else None
                    if end is None and len(segments) > 2 and re.match(
                            r"(?:An?|Une?)\s+[a-zà-ÿ]+\s+[a-zà-ÿ]", rest[tail_start + segments[1][0]:]):
                        end = segments[1][1]  # "Balinese character. A photographic analysis."
                    if end is not None:
                        candidate = _strip_marks(rest[tail_start + s:tail_start + end])
                        e = end
                    if end is None and re.search(r",\s*[A-Z][a-z]{1,5}$", candidate):
                        # "Title, Mech. Solids, 2011, vol. 46": the sentence was cut after an
                        # abbreviated journal word; read on to the journal's numbers.
                        longer = _abbreviation_aware_sentences(rest[tail_start + s:])[0]
                        shorter = _drop_trailing_container(_strip_marks(longer))
                        if len(shorter) < len(candidate):
                            candidate = shorter
                    title = _drop_trailing_container(candidate)
                    after_title = tail_start + e
        tail = rest[after_title:]
        if container is None:
            container = _container_from(tail)
        fields.update(_numbers(tail))
        publisher = _publisher(tail)
        if publisher:
            fields["publisher"] = publisher
    book = _book_of_chapter(rest[len(author_block) if physics else tail_start:])
    if book and not delimited:
        title = book  # "L. Name, in: A. Editor (Eds.), Book, Publisher, 1998, p. 149"
    edited = None if delimiters else _EDITED_BY.match(rest)
    if edited and not _NAME_SEGMENT.match(edited.group("title")):
        # "[Authors, ]Title, edited by E. Editor": the part before "edited by" is the title.
        title = edited.group("title")
        if not edited.group("before").strip():
            fields["authors"], fields["et_al"] = (), False
    if title and not delimited:
        title = _trim_title(title)
    if title:
        title = _strip_marks(title)
        if title and not re.search(r"[A-Za-zÀ-ÿ]", title):
            title = None
    if title:
        fields["title"] = title
    if container:
        # "…in computational biology? BMC Syst Biol": the title's question mark is not
        # the journal's.
        container = _strip_marks(container).lstrip("?!¿¡ ")
        if container and container != title:
            fields["container"] = container
    year = None
    if year_span:
        year = rest[year_span[1]:year_span[2]]
        found_year = _YEAR_RE.search(year)
        year = found_year.group(0) if found_year else _nd(year) or year_status(year)
    elif physics and physics[3]:
        year = physics[3]
    else:
        year = _year_anywhere(rest, [(m.start(), m.end()) for m in delimiters if m is not None],
                              title)
    if leading_year:
        year = leading_year.group(1)
    if year:
        fields["year"] = year
    if _LOST in raw:
        for key, value in fields.items():
            if isinstance(value, str):
                fields[key] = value.replace(_STAND_IN, _LOST)
            elif isinstance(value, tuple):
                fields[key] = tuple(str(v).replace(_STAND_IN, _LOST) for v in value)
    return fields


def _abbreviated(sentence: str) -> bool:
    """A "sentence" that is an abbreviated journal name cut at its first stop ("Phys.",
    "J. Phys."), not a title ("Random Forests."): one word, or only short words."""
    words = sentence.rstrip(". ").split()
    return len(words) == 1 or all(len(word.strip(".,")) <= 5 for word in words)


def _publisher(tail: str) -> str | None:
    """The publisher of "Place: Publisher" after the title (a number there is no name)."""
    found = _PUBLISHER.search(tail)
    return _clean(found.group("pub")) if found and not re.search(r"\d", found.group("pub")) else None


class _Quote:
    """A quoted span with ``re.Match``-like accessors (for nested « »)."""

    def __init__(self, start: int, end: int, inner: str) -> None:
        self._start, self._end, self._inner = start, end, inner

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def groups(self) -> tuple[str]:
        return (self._inner,)


def _quoted(text: str) -> list[_Quote]:
    """Quoted titles; « » may nest (« L'IA : une « machine » »), so they are balanced."""
    found: list[_Quote] = []
    pos = 0
    while True:
        match = _QUOTED.search(text, pos)
        if not match:
            return found
        if text[match.start()] == "«":
            depth, index = 0, match.start()
            while index < len(text):
                if text[index] == "«":
                    depth += 1
                elif text[index] == "»":
                    depth -= 1
                    if depth == 0:
                        break
                index += 1
            if depth == 0:
                found.append(_Quote(match.start(), index + 1, text[match.start() + 1:index].strip()))
                pos = index + 1
                continue
        found.append(_Quote(match.start(), match.end(), _match_text(match)))
        pos = match.end()


_NUMERIC_PIECE = re.compile(
    r"^(?:pp?\.\s*|vol\.\s*|no\.\s*)?[A-Z]?\d+(?:\s*\(\d+\))?(?:\s*[-–:]\s*\d+)?"
    r"(?:\s+\(?(?:1[5-9]|20)\d\d\)?)?$", re.I)
"""A piece of numbers after a title: "15", "pp. 3-9", "12(3)", "429-436 1975"."""


def _drop_trailing_container(title: str) -> str:
    """``Title, Journal Name, 8, 229-231`` → ``Title``; ``Title (In French)`` → ``Title``.

    Used only where the title was not delimited (no quotes, no italics), so the
    sentence after the year may run on into the container and its numbers.
    """
    title = re.sub(r"\s*\((?:[Ii]n|[Ee]n)\s+[A-Za-zé]+\b[^)]*\)\s*:?.*$", "", title)
    pieces = title.split(", ")
    numeric = 0
    while len(pieces) - numeric > 1 and _NUMERIC_PIECE.match(pieces[len(pieces) - numeric - 1].strip()):
        numeric += 1
    named = pieces[len(pieces) - numeric - 1] if numeric else ""
    if numeric and len(pieces) - numeric > 1 and re.match(r"(?:[a-z]['’])?[A-ZÀ-ÝĀ-Ž]", named):
        return ", ".join(pieces[:len(pieces) - numeric - 1])  # "…, l'Institut de X, 8, 229-231"
    return title


_ABBREVIATED = r"[A-Z][A-Za-z]{0,9}\s?\.\s*"
"""One abbreviated word of a journal name, spaced as OCR leaves it ("Rev .", "Phys.")."""
_LONG_ABBREVIATED = r"[A-Z][A-Za-z]{2,9}\s?\.\s*"
"""The same, three letters at least: "Dr. H." is a person, "Rev. Mod." a journal."""
_TITLE_TAILS = (
    # "(arXiv:1703.05448 [hep-th])", "(hep-th/0306074)": an identifier, not the title.
    re.compile(r"\s*\((?:arXiv|hep-|astro-ph|gr-qc|quant-ph|cond-mat|math[.-])[^()]*(?:\([^()]*\))?"
               r"[^()]*\)\s*$", re.I),
    # "… (2014).Arxiv preprint arXiv :1410.4540": the year in brackets ends the title.
    re.compile(r"\s*\(\s*(?:1[5-9]|20)\d\d\s*\)\s*[.,]?\s*\S.*$"),
    # ", 2008 JINST 3 S08002": year, abbreviated journal, volume and page (IOP style).
    re.compile(r",\s*(?:1[5-9]|20)\d\d\s+[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)*\s+\d+\s+[A-Z]?\d+\.?\s*$"),
    # ", CERN-LHCC-99-012( 1999)", ",Report CERN -SPSC-2013-013( 2013); http…": a report
    # number with its year.
    re.compile(r"\s*,\s*(?:Report\s+)?[A-Z][A-Z\s-]*?-?\d{2,4}(?:-\d+)+\s*\(.*$"),
    # "… merger ,Phys": what is left of a journal cut by the sentence split, after OCR's
    # " ," (a space before the comma, none after).
    re.compile(r"\s+,[A-Z][A-Za-z]{1,9}\.?\s*$"),
    # ", Proceedings of Science (Vertex) (2014) 029", ", in Proc. …": the proceedings.
    re.compile(r",\s*(?:[Ii]n:?\s+)?(?:Pro-?\s?ceedings\s?of|Proc\s?\.)\s?\S.*$"),
    # ", translated into English by …", ", edited by …", ", trad. par …": who else made it.
    re.compile(r",\s*(?:translated|trans\.|traduit|trad\.|edited|ed\.\s+by|édité|sous la direction"
               r"|[Ee]ditors?\s*:|[Hh]rsg\.)(?!\w).*$"),
    # ", in: A.J. Husband (Ed.), Book", ", in Proc. …": the book the chapter is in.
    re.compile(r",\s*[Ii]n\s*:\s.*$|,\s*in\s+(?:Proc\b|Proceedings\b|[A-Z]\.\s?[A-Z]?\.?\s?[A-Z][a-z]).*$"),
    # "…, lecture notes", "…, working paper": what kind of document, not its title.
    re.compile(r",\s*(?:lecture notes|working paper|technical report|unpublished manuscript|mimeo"
               r"|(?:doctoral|PhD|Ph\.D\.|master'?s?) (?:dissertation|thesis))\b.*$", re.I),
    # ", Chap. 7, Wiley, New York (1987)": where in the book, then its publisher.
    re.compile(r",\s*(?:[Cc]hap(?:ter)?|[Cc]h)\.?\s*\d+\b.*$"),
    # "… interpretation (In) ISMB-94; Proceedings …": the book or proceedings.
    re.compile(r"\s*\((?:In|in|Dans|dans)\)\s.*$"),
    # "Measuring trees and forests., 310CAB international": a full stop, then a comma.
    re.compile(r"\.,\s.*$"),
    # ", 3rd edn", ", 2nd ed.", ", 3e éd.": the edition.
    re.compile(r",\s*\d+(?:st|nd|rd|th|e|ème)\s+(?:edn|ed|éd|edition|édition)\.?\s*$", re.I),
    # "…classical .Rev .Mod .Phys .,75 :715-775", "…manifolds,Phys .Rev .Lett": an
    # abbreviated journal name (two abbreviated words at least) runs on after the title.
    re.compile(rf"\s*[,.]?\s*(?:{_ABBREVIATED})*{_LONG_ABBREVIATED}(?:{_ABBREVIATED})*{_LONG_ABBREVIATED}"
               rf"(?:{_ABBREVIATED})*"
               r"(?:[A-Z][A-Za-z]*\s*)?(?:[^A-Za-z].*)?$"),
    # "… (Princeton University Press, USA, 1955)": publisher, place and year in brackets,
    # perhaps with where in the book the citation points ("…, 1959), chap. 20").
    re.compile(r"\s*\([^()]*,\s*(?:1[5-9]|20)\d\d\s*\)\s*(?:[.,]\s*(?:chap|ch|pp?|vol)\.?\s*\d[\w\s,.–-]*)?"
               r"[.,]?\s*$"),
    # "…Maxwell's demon.Studies in the History …,34 :501-510,2003", "…Strings.JHEP 1211 ,019":
    # a full stop with no space, then a name with volume and page numbers.
    re.compile(r"(?<=[a-z])\.(?=[A-Z])(?:[^.]*?\d+\s*[:,(]\s*\(?\s*\d+.*"
               r"|[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|of|in|and|for|the|de|des|du|et|la))*)\s*$"),
)


def _trim_title(title: str) -> str | None:
    """What is left of an undelimited title once identifiers, editions and a run-on
    journal reference are cut off; ``None`` when nothing title-like remains (the
    "title" was the journal: ``Rev .C ,93 ( 2016)044609``, ``J. Theoret``)."""
    for pattern in _TITLE_TAILS:
        match = pattern.search(title)
        if match and match.start() > 0:
            title = title[:match.start()].rstrip(" ,.;:")
    if re.match(rf"(?:{_ABBREVIATED})+(?:[A-Z][A-Za-z]*)?\s*(?:[^A-Za-z\s].*)?$", title) and not (
            len(_FUNCTION_WORDS.findall(title)) >= 2
            and len(re.findall(r"\b[A-Za-zÀ-ÿ]{4,}\b(?!\s?\.)", title)) >= 3):
        return None  # it is all journal abbreviation and numbers
    if re.match(r"[\W\d]*arxiv\b|.*(?:\b|arxiv)e\s?-?\s?prints\b", title, re.I):
        return None
    if fold(title).strip(" .,;:") in folded_set("references", "status_phrases"):
        return None  # "…, to appear.": where the work stands, not what it is called
    return title or None


_FUNCTION_WORDS = re.compile(
    r"\b(?:on|the|of|for|in|with|to|from|by|at|and|sur|les|des|du|dans|pour|avec|une?|la|le|et)\b")
"""Short words that titles have and lists of names or journal abbreviations lack."""


def _nd(text: str) -> str | None:
    return "n.d." if re.search(r"\b(?:n|s)\.\s?d\.?", text) else None


def _match_text(match: re.Match[str] | _Quote) -> str:
    return next(g for g in match.groups() if g is not None)


def _only_punct(text: str) -> bool:
    return not re.search(r"\w", text)


def _only_punct_or_in(text: str) -> bool:
    return not re.sub(r"\b(?:In|in|Dans|dans|In:|dans:)\b", "", text).strip(" .,:;([)]")


_VOLUME_AFTER = re.compile(r"\s*,?\s*(?:\*\*|__)?\s*\d{1,5}\b")
"""A volume number right after an italic: the italic is a journal."""


def _has_plain_title(text: str) -> bool:
    """Words between the year and the first delimiter: the title is plain text."""
    return len(re.findall(r"[A-Za-zÀ-ÿ]{3,}", text)) >= 2


def _find_doi(raw: str) -> str | None:
    for url in iter_urls(raw):
        match = DOI_URL.match(url)
        if match:
            value = normalize_doi(url[match.end():])
            if is_valid_doi(value):
                return value
    label = _DOI_LABEL.search(raw)
    if label:
        token = re.match(r"\S+", raw[label.end():])
        if token:
            value = normalize_doi(token.group(0))
            if is_valid_doi(value):
                return value
    bare = _BARE_DOI.search(raw)
    if bare:
        value = normalize_doi(bare.group(0))
        if is_valid_doi(value):
            return value
    return None


@functools.cache
def year_statuses() -> str:
    """A pattern of the statuses written where a year would be, "(in press)",
    "(forthcoming)", "(sous presse)" (``year_statuses`` in data/references.toml)."""
    words = sorted(load("references")["year_statuses"], key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words)


def year_status(text: str) -> str | None:
    """The status in ``text``, as written in data/references.toml, or ``None``."""
    found = re.search(rf"(?<!\w)(?:{year_statuses()})(?!\w)", text, re.I)
    return " ".join(found.group(0).lower().split()) if found else None


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


def _names_end_in_sentence(rest: str, end: int) -> int:
    """Where the names end when nothing else marks it: at the end of the first sentence,
    unless that sentence is prose.  "Design model and load reduction assessment for …"
    (many lower-case words, no corporate word) is a title with no author before it;
    "Stutzer, Über elastisches Gewebe im menschlichen Auge." is a family name, then a
    title."""
    sentence = rest[:end]
    lower = [w for w in _LOWER_WORD.findall(sentence)
             if not _FUNCTION_WORDS.fullmatch(w) and fold(w) not in folded_set("names", "particles")]
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


def _year_after_names(rest: str, limit: int) -> tuple[int, int, int, int] | None:
    """The year of an author–date entry: ``(2020)``/``(2020a)`` or ``. 2020.`` after the names.

    Returns (end of the names, start of the year, end of the year, start of what follows).
    """
    particles = folded_set("names", "particles") | folded_set("names", "conjunctions")
    for match in _after_names_year().finditer(rest, 0, min(len(rest), limit + 1)):
        before = rest[:match.start()]
        if not re.search(r"[A-Za-zÀ-ÿ]{2,}", before):
            continue
        if _book_of_chapter(re.sub(r"^.*?(?=[\s,.:;][Ii]n\b)", "", before, count=1)):
            return None  # "L. Name, in: A. Editor, et al. (Eds.), Book, Publisher, 1998"
        if (match.group("y2") and before.endswith(".") and len(_sentences(before)) == 1
                and not re.search(r"[«“\"*]", before)):
            # "Commission nationale de l'informatique et des libertés. 2017." (Chicago
            # author–date): the year right after the first sentence ends the authors.
            return match.start(), match.start("y2"), match.end("y2"), match.end()
        connectors = {"al", "eds", "ed", "of", "for", "the", "on", "in", "für", "del", "and"}
        lower = [w for w in re.findall(r"[^\W\d_][\w'’-]*", before)
                 if w[:1].islower() and fold(w) not in particles and fold(w) not in connectors]
        if lower or re.search(r"(?<!\b[A-Z])[:.]\s+[A-ZÀ-ÝĀ-Ž][a-zà-ÿ]{2,}\s+[A-ZÀ-ÝĀ-Ž]?[a-zà-ÿ]", before):
            return None  # prose before the year: a title, not a list of names
        if re.match(rf"(?:{_INITIAL}\s*-?\s*)+[A-ZÀ-ÝĀ-Ž]", before) and any(
                part.strip(" .") and not re.search(rf"(?:^|\s){_INITIAL}", part) and (
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
        return match.start(), match.start(group), match.end(group), match.end()
    return None


def _year_anywhere(rest: str, avoid: list[tuple[int, int]], title: str | None) -> str | None:
    candidates = []
    for match in _YEAR_RE.finditer(rest):
        if any(s <= match.start() < e for s, e in avoid):
            continue
        before = rest[max(0, match.start() - 6):match.start()]
        after = rest[match.end():match.end() + 2]
        if re.search(r"(?<![^\W\d_])(?:pp?\.|vol\.|no\.|n°)\s*$", before, re.I):
            continue  # "p. 1999", but not "Sleep. 2020" (Vancouver: the journal, then the year)
        if (re.search(r"\d\s*[-–]\s*$", before) or re.match(r"\s*[-–]\s*\d", after)) and not re.match(
                r"-[01]\d(?:-[0-3]\d)?\b", rest[match.end():]):
            continue  # a page range such as 1877–1901 (but "2023-02-28" is a date)
        if re.match(r"\s?\.+\s?\d", rest[match.end():match.end() + 4]) or re.search(
                r"(?:arXiv|Preprint)\s*:?\s*$", rest[max(0, match.start() - 10):match.start()], re.I):
            continue  # an arXiv number: "1606.08030", "Preprint 1505. 03756"
        in_parens = before.endswith("(") or bool(re.search(r"\(\w*\s*$", before))
        candidates.append((in_parens, match.group(0)))
    if not candidates:
        return _nd(rest)
    parenthesised = [year for in_parens, year in candidates if in_parens]
    if parenthesised:
        return parenthesised[-1]
    return candidates[-1][1]


_JOURNAL_REF = re.compile(
    r"^(?:[A-Z][\w&]*\.?\s*){1,6}?[,.]?\s*[A-Z]?\d+\s*[,:( ]\s*\(?[A-Z]?\d+"
    r"|^(?:[A-Z][a-z]{0,8}\.\s*){1,6}(?:[A-Z][a-z]*\s*)?[A-Z]?\d+\W*$"
)
_JOURNAL_LIKE = re.compile(r"^(?:[A-Z][\w-]*\.\s*){1,}|^[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s+\d")


_GROUP_AUTHORS = re.compile(r"(?P<names>[^,]{1,60}(?:,[^,]{1,60}){0,5}?\b(?:[Cc]ollaboration|et al\.?)"
                            r"(?:\s*\((?:eds?|dir|éds?)\.?\))?)\s*,\s*(?=[A-Z0-9])")
"""An author list that ends with a collaboration or "et al." and a comma: what follows
is the title ("Virgo, LIGO Scientific collaboration, B.P. Abbott et al., Observation of
…")."""


_INVERTED_LIST = re.compile(
    rf"^(?:{_LOWER_PARTICLES}[A-ZÀ-ÝĀ-Ž][\w'’-]*(?:\s+(?:[a-z]{{1,3}}\s+)*[A-ZÀ-ÝĀ-Ž][\w'’-]*)*,?\s*(?:[A-ZØ]\.\s?-?){{1,4}}"
    r"(?:\s*(?:,\s*)?(?:&|and|et(?!\s+al\b))\s+|\s*;\s*"
    rf"|,\s*(?={_LOWER_PARTICLES}[A-ZÀ-ÝĀ-Ž][\w'’-]*(?:\s+[\w'’-]+)*,?\s*[A-Z]\.)"
    r"|(?=[\s,:]))"
    r")+(?:,?\s*et al\.?)?"
)
"""``Family, I. J., Family, K. & Family, L.``; also ``Family I.J., Family K.:`` (Springer)
and ``Family, I. J.; Family, K.`` (ACS)."""


def _inverted_names_end(rest: str) -> int | None:
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


def _initials_list(rest: str) -> tuple[int, str | None, dict[str, str], str | None] | None:
    """``A. B. Name, C. Name, Title, Journal…`` (names in natural order with initials)."""
    if not re.match(r"(?:[A-Z][a-z]?\.\s*-?\s*){1,3}(?:(?:de|da|van|von|der|'t)\s+){0,2}[A-ZÀ-ÝĀ-Ž'’]", rest):
        return None
    names, title = _split_names_title(rest)
    if title is None:
        return None
    sentences = _abbreviation_aware_sentences(title)
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
    year = _year_anywhere(title, [], None)
    if journal_like and not _prose(segment):
        journal = re.split(r"\s+\d|\s*\(", segment)[0].strip(" .")
        return len(names), journal, numbers, year
    return len(names), None, {"title": segment}, year


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


def _comma_list(rest: str) -> tuple[int, int] | None:
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
    if not _YEAR_RE.search(rest, parts[2][0]):
        return None
    return parts[0][1], parts[1][1]


def _physics(rest: str) -> tuple[int, str, dict[str, str], str | None] | None:
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
    numbers = {"volume": best.group("vol"), "pages": _pages(best.group("page"))}
    if best.group("iss"):
        numbers["issue"] = best.group("iss")
    return cut, journal, numbers, best.group("year") or best.group("year2")


_INITIAL = r"(?:[A-Z]|Ch|Th)[a-z]?\s?\."
"""One initial of a given name: "J.", "Ch.", "Th.", "Fr."."""
_NAME_SEGMENT = re.compile(
    rf"^(?:{_INITIAL}\s*-?\s*)+(?:'t\s+|d'|{_LOWER_PARTICLES})[A-ZÀ-ÝĀ-Ž][\w'’]+(?:\s?-\s?[\w'’]+)*"
    r"(?:\s+[A-ZÀ-ÝĀ-Ž][\w'’-]+)?(?:\s+(?:Jr\.?|et al\.?))?(?:\s*\((?:eds?|dir|éds?)\.?\))?$"
    r"|^[A-ZÀ-ÝĀ-Ž][\w'’-]+(?:\s+[A-Z]{1,3})?$|^et al\.?$|^[A-ZÀ-ÝĀ-Ž][\w'’-]+,?\s+(?:[A-Z]\.\s?)+$"
)


_STRICT_NAME = re.compile(
    rf"^(?:{_INITIAL}\s*-?\s*)+{_LOWER_PARTICLES}[A-ZÀ-ÝĀ-Ž'’][\w'’-]+$|^[A-ZÀ-ÝĀ-Ž][\w'’-]+(?:\s+[A-Z]\.?)*\s+[A-ZÀ-ÝĀ-Ž][\w'’-]+$"
)


def _split_names_title(block: str) -> tuple[str, str | None]:
    """In ``A. Name, B. Name and C. Name, A title`` find where the names end.

    A comma-separated part is names only if every piece of it (split on "and",
    "et", "&") is a name; so "Foliations and Geometric Structures" stays a title.
    """
    block = block.strip(" ,.;")
    run_on = re.match(rf"((?:{_INITIAL}\s*-?\s*)+{_LOWER_PARTICLES}[A-ZÀ-ÝĀ-Ž][\w'’-]+)\s+"
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
    initials_first = bool(re.match(rf"(?:{_INITIAL}\s*-?\s*)+\S", parts[0]))
    # "A. D. Name, Firstname Name, Firstname Name et al, Journal": names written out in
    # full are names too when an "et al" closes the list a few parts later.
    et_al_at = next((i for i, part in enumerate(parts[:8]) if re.search(r"\bet\.?\s*al\.?$", part)), -1)
    for index, part in enumerate(parts):
        pieces = [p.strip(" .") for p in re.split(
            r"\s+(?:and|et|&)\s+|^(?:and|et|&)\s+|(?<=[a-z]{2})\.\s+(?=[A-Z]\.)", part)]
        pieces = [p for p in pieces if p]
        is_names = bool(pieces) and all(
            (_NAME_SEGMENT.match(p) and not (initials_first and index > 0 and re.fullmatch(
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
                if all(_STRICT_NAME.match(p) and (
                        not initials_first or re.match(_INITIAL, p))
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


def _container_from(tail: str) -> str | None:
    """The first comma-separated part of what follows the title that names something."""
    tail = tail.strip(" .,;:")
    tail = re.sub(r"^(?:in|dans)\s*:?\s+", "", tail, flags=re.I)
    depth = 0
    cut = len(tail)
    for index, char in enumerate(tail):
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth <= 0:
            cut = index
            break
    first = tail[:cut]
    sentence = _abbreviation_aware_sentences(tail)[0]
    if _PUBLISHER.search(sentence) and len(sentence) >= len(first):
        return None  # "Oakland, California : University of California Press"
    for segment in _abbreviation_aware_sentences(first):
        segment = segment.strip(" .,;:")
        if _PUBLISHER.search(segment):
            continue  # "Place : Publisher" is not a container
        if fold(segment) in folded_set("references", "publication_places"):
            continue  # ISO 690 "…, Paris, Seuil, 2015": a place, then the publisher
        if re.search(r"[A-Za-zÀ-ÿ]{2,}", segment) and not _not_container().match(segment):
            # "FASEB J 2:3043–3053", "Lancet 2003;361:12", "J Ecol 92(3): 301": the numbers
            # are not the name.
            segment = re.sub(r"\s+(?:(?:1[5-9]|20)\d\d\s*;\s*)?\d+\s*(?:\(\w+\))?\s*:\s*[A-Za-z]?\d.*$", "",
                             segment)
            segment = re.sub(r"\s*\(.*$", "", segment)
            nature = _VOL_PAGES_YEAR.search(tail)
            if nature and re.search(rf"\s{nature.group('vol')}\W*$", segment):
                segment = segment[:segment.rindex(nature.group("vol"))]  # "Nature 556, 492–496 (2018)"
            return segment.strip(" .,;:*_") or None
    return None


@functools.cache
def _not_container() -> re.Pattern[str]:
    """What opens a part that is not the name of a container: a volume, pages, an
    editor, a medium ("[Online]. Available: …"), a count of volumes ("2 vols")."""
    openers = sorted(load("references")["not_container_openers"], key=len, reverse=True)
    alternatives = "|".join(re.escape(opener) for opener in openers)
    return re.compile(rf"(?:\d+\s+)?\[?(?:{alternatives})(?!\w)", re.I)


def _abbreviation_aware_sentences(text: str) -> list[str]:
    """Split on ". " except after abbreviations such as "Proc.", "Int.", "J."."""
    parts = []
    start = 0
    for match in re.finditer(r"\.\s+", text):
        word = re.search(r"(\S+)$", text[start:match.start()])
        token = word.group(1) if word else ""
        if re.fullmatch(r"[A-Z][a-z]{0,5}|[A-Z]", token) or token.lower() in _ABBREV:
            continue
        parts.append(text[start:match.start()])
        start = match.end()
    parts.append(text[start:])
    return parts


def _pages(pages: str) -> str:
    return re.sub(r"\s*[-–]\s*", "-", pages.strip())


def _numbers(tail: str) -> dict[str, str]:
    out: dict[str, str] = {}
    tail = tail.replace("*", "")  # APA's italic volume: "*13*(3), 106–131"
    vip = _VOL_ISS_PAGES.search(tail)
    nature = _VOL_PAGES_YEAR.search(tail)
    if nature:  # Nature: "**556**, 492–496 (2018)"
        out["volume"] = nature.group("vol")
        out["pages"] = _pages(nature.group("pages"))
    elif vip and not _YEAR_RE.fullmatch(vip.group("vol")) and not _YEAR_RE.fullmatch(vip.group("iss")):
        out["volume"] = vip.group("vol")
        out["issue"] = vip.group("iss")
        if vip.group("pages"):
            out["pages"] = _pages(vip.group("pages"))
    else:
        vp = _VOL_PAGES.search(tail)
        if vp:
            out["volume"] = vp.group("vol")
            out["pages"] = _pages(vp.group("pages"))
    vol = _VOL.search(tail)
    if vol and "volume" not in out:
        out["volume"] = vol.group("vol")
    iss = _ISSUE.search(tail)
    if iss and "issue" not in out:
        out["issue"] = iss.group("iss")
    pages = _PAGES.search(tail)
    if pages and "pages" not in out:
        out["pages"] = _pages(pages.group("pages"))
    return out


def make_reference(doc: Document, index: int, entry: EntryText) -> Reference:
    raw = doc.text[entry.start:entry.end]
    fields = parse_entry(raw)
    return Reference(
        id=f"r{index}",
        span=doc.span(entry.start, entry.end),
        raw=re.sub(r"\s*\n\s*", " ", raw),
        number=entry.number,
        **fields,  # type: ignore[arg-type]
    )


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
