"""Phase 3 of entry parsing: the title, where no quotation or italics delimit it.

A title of several sentences ending before the journal, the book of a chapter ("In: A.
Editor (Eds.), Book"), "Title, edited by", and what runs on after an undelimited title
(identifiers, editions, an abbreviated journal, a publisher in brackets), cut off."""

from __future__ import annotations

import re

from citecheck.extract.references.shapes import FUNCTION_WORDS, PUBLISHER
from citecheck.lexicon import folded_set
from citecheck.text import fold

_JOURNAL_NUMBERS = re.compile(
    r"(?:[A-ZÀ-ÝĀ-Ž][^()\[\]]*?[\s,]\s*)?(?P<vol>\d{1,5})\s*(?:\(\s*[\w/–-]{1,12}\s*\))?\s*[:,]\s*"
    r"[A-Z]?\d+(?:\s*[-–]\s*[A-Z]?\d+)?(?![\w.]\w)"
)
"""A journal segment: its name (possibly cut into abbreviations before), then
``57:74-77``, ``69: 144-164``, ``12(3), 45-67``."""


_ABBREVIATION_SEGMENT = re.compile(r"[A-Z][a-z]{1,9}(?:\s+[A-Z][a-z]{1,9}){0,2}|[a-z]{2,8}")
"""What sentence splitting leaves of an abbreviated journal name: "Bull", "entomol",
"Acta Biol" (capitalised words, or one lower-case abbreviation)."""


def title_end_before_journal(text: str, segments: list[tuple[int, int]]) -> int | None:
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
        if PUBLISHER.search(sentence) or re.match(
                r"\s*(?:In|Dans|Ed(?:ited|\.)|Éd|Trans|Trad|Translated|Traduit)\b", sentence):
            return None
    return segments[journal - 1][1]


_IN_BOOK = re.compile(r"\s*[.,:;]?\s*[Ii]n\s*:?\s+(?P<body>.*)$")


_EDITORS = re.compile(
    r"\(\s*(?:[Ee]ds?|[Ee]ditors?|[Hh]rsg|[Dd]irs?|[Éé]ds?)\s*\.?\s*\)\s*[.,:]?\s*"
    r"|,?\s*\b(?:[Ee]ds?|[Ee]ditors?|[Éé]ds?)\s*\.?\s*[,:.]\s*"
)


_BOOK_END = re.compile(r",\s|\s*\(|(?<=[^\s.]{2})\.\s*(?=[A-Z])")


EDITED_BY = re.compile(
    r"(?P<before>(?:.*?,\s*)?)(?P<title>[^,]{8,200}?)\s*,\s*"
    r"(?:edited by|ed\. by|éd\. par|édité par|sous la direction de|hrsg\. von)\s", re.I)


def book_of_chapter(text: str) -> str | None:
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


_NUMERIC_PIECE = re.compile(
    r"^(?:pp?\.\s*|vol\.\s*|no\.\s*)?[A-Z]?\d+(?:\s*\(\d+\))?(?:\s*[-–:]\s*\d+)?"
    r"(?:\s+\(?(?:1[5-9]|20)\d\d\)?)?$", re.I)
"""A piece of numbers after a title: "15", "pp. 3-9", "12(3)", "429-436 1975"."""


def drop_trailing_container(title: str) -> str:
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


def trim_title(title: str) -> str | None:
    """What is left of an undelimited title once identifiers, editions and a run-on
    journal reference are cut off; ``None`` when nothing title-like remains (the
    "title" was the journal: ``Rev .C ,93 ( 2016)044609``, ``J. Theoret``)."""
    for pattern in _TITLE_TAILS:
        match = pattern.search(title)
        if match and match.start() > 0:
            title = title[:match.start()].rstrip(" ,.;:")
    if re.match(rf"(?:{_ABBREVIATED})+(?:[A-Z][A-Za-z]*)?\s*(?:[^A-Za-z\s].*)?$", title) and not (
            len(FUNCTION_WORDS.findall(title)) >= 2
            and len(re.findall(r"\b[A-Za-zÀ-ÿ]{4,}\b(?!\s?\.)", title)) >= 3):
        return None  # it is all journal abbreviation and numbers
    if re.match(r"[\W\d]*arxiv\b|.*(?:\b|arxiv)e\s?-?\s?prints\b", title, re.I):
        return None
    if fold(title).strip(" .,;:") in folded_set("references", "status_phrases"):
        return None  # "…, to appear.": where the work stands, not what it is called
    return title or None


VOLUME_AFTER = re.compile(r"\s*,?\s*(?:\*\*|__)?\s*\d{1,5}\b")
"""A volume number right after an italic: the italic is a journal."""


def has_plain_title(text: str) -> bool:
    """Words between the year and the first delimiter: the title is plain text."""
    return len(re.findall(r"[A-Za-zÀ-ÿ]{3,}", text)) >= 2


def only_punct_or_in(text: str) -> bool:
    return not re.sub(r"\b(?:In|in|Dans|dans|In:|dans:)\b", "", text).strip(" .,:;([)]")


def is_abbreviated(sentence: str) -> bool:
    """A "sentence" that is an abbreviated journal name cut at its first stop ("Phys.",
    "J. Phys."), not a title ("Random Forests."): one word, or only short words."""
    words = sentence.rstrip(". ").split()
    return len(words) == 1 or all(len(word.strip(".,")) <= 5 for word in words)


JOURNAL_REF = re.compile(
    r"^(?:[A-Z][\w&]*\.?\s*){1,6}?[,.]?\s*[A-Z]?\d+\s*[,:( ]\s*\(?[A-Z]?\d+"
    r"|^(?:[A-Z][a-z]{0,8}\.\s*){1,6}(?:[A-Z][a-z]*\s*)?[A-Z]?\d+\W*$"
)
