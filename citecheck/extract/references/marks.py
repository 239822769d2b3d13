"""Phase 1 of entry parsing: what the raw entry carries besides its words.

Its label ("[Lewis2016]:") or its whole being one Markdown link, its DOI and URL, inline
HTML turned into Markdown marks, spaces lost in deposits and OCR put back, letters lost
to a bad encoding stood in for, and the delimiters of a title: quotations of every
language and *italics*."""

from __future__ import annotations

import functools
import html
import re

from citecheck.extract.identifiers import (
    _BARE_DOI,
    _DOI_LABEL,
    DOI_URL,
    is_valid_doi,
    iter_urls,
    normalize_doi,
)
from citecheck.extract.references.shapes import Quote, match_text
from citecheck.lexicon import load

LINK_ENTRY = re.compile(r"\s*\[(?P<text>(?:\\.|[^\]\\])+)\]\((?P<url>[^()\s]+(?:\([^()\s]*\)[^()\s]*)*)"
                         r"(?:\s+\"[^\"]*\")?\)[\s.,;]*$")
"""An entry that is one Markdown link: "[CDC guidance on transmission](https://…)"."""


ENTRY_LABEL = re.compile(r"\s*\[[^\]\s^]{2,60}\]:\s+")
"""A label opening an entry, "[Lewis2016]: Lewis J, …": the entry's key, no author."""


def html_to_marks(raw: str) -> str:
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


LOST = "\ufffd"


STAND_IN = "ǂ"
"""A letter lost to a bad encoding ("D�rr JE") is read as a letter: a letter stands in for
the replacement character while the entry is parsed, and is put back in every field."""


@functools.cache
def _type_code() -> re.Pattern[str]:
    """A GB/T 7714 document-type code after a title, with the "//" before its book."""
    data = load("references")
    kinds = "|".join(sorted(map(re.escape, data["gbt7714_types"]), key=len, reverse=True))
    carriers = "|".join(map(re.escape, data["gbt7714_carriers"]))
    return re.compile(rf"\s?\[(?:{kinds})(?:/(?:{carriers}))?\](?:\s?//\s?|(?=[.,]|\s*$))")


def unglue(text: str) -> str:
    text = _ENUMERATOR.sub("", text)
    if "]" in text:
        text = _type_code().sub(". ", text)
    if "?" in text:
        text = re.sub(r"(?<=\d)\?(?=\d)", "–", text)  # "44:608?610": a lost en dash
    return _GLUED.sub(lambda m: f"{m.group(0) or '.'} ", text)


_QUOTED = re.compile(
    r"«\s*(?P<a>.+?)\s*»|“(?P<b>.+?)”|\"(?P<c>[^\"]+?)\"|(?<![\w])'(?P<d>(?:[^']|(?<=\w)'(?=\w)){4,}?)'(?![\w])"
    r"|‘(?P<e>.+?)’(?![\w])|„(?P<f>[^“”]+?)[“”]|(?<![«\w])»(?P<g>[^«»]{3,}?)«"
    r"|(?<=[\s,:])\?(?P<h>[A-ZÀ-ÝĀ-Ž][^?]{7,}?)\?(?=[,.;]\s|[,.;]?$)"
)
"""Quoted titles: French « », English “ ” and " ", single ' ' and ‘ ’, German „ “ and » «,
and the "?…?" that a lost encoding leaves of curly quotes (", ?The title?, Journal")."""


ITALIC = re.compile(
    r"(?<![\w*])\*(?!\s)(?P<a>[^*]+?)(?<!\s)\*(?![\w*])"
    r"|(?<![\w_])_(?!\s)(?P<b>[^_]+?)(?<!\s)_(?![\w_])"
)


REMOVE = re.compile(
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


def quotations(text: str) -> list[Quote]:
    """Quoted titles; « » may nest (« L'IA : une « machine » »), so they are balanced."""
    found: list[Quote] = []
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
                found.append(Quote(match.start(), index + 1, text[match.start() + 1:index].strip()))
                pos = index + 1
                continue
        found.append(Quote(match.start(), match.end(), match_text(match)))
        pos = match.end()


def find_doi(raw: str) -> str | None:
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
