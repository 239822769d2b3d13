"""Phase 4 of entry parsing: what follows the title: the container (journal, book,
proceedings), volume, issue and pages in the styles that write them ("12(3), 45-67",
"57:74-77", "**556**, 492–496 (2018)", "vol. 3, no. 2, pp. 5-9")."""

from __future__ import annotations

import functools
import re

from citecheck.extract.references.segments import abbreviation_aware_sentences
from citecheck.extract.references.shapes import PUBLISHER, YEAR_RE, page_range
from citecheck.lexicon import folded_set, load
from citecheck.text import fold

_VOL_ISS_PAGES = re.compile(
    r"(?P<vol>\d{1,5})\s*\((?P<iss>[\w/–-]{1,12})\)\s*(?:[,:]\s*(?:pp?\.\s*)?(?P<pages>[A-Z]?\d+(?:\s*[-–]\s*[A-Z]?\d+)?))?"
)


_VOL_PAGES = re.compile(r"(?<![\d(])(?P<vol>\d{1,5})\s*:\s*(?P<pages>\d+(?:\s*[-–]\s*\d+)?)")


VOL_PAGES_YEAR = re.compile(
    r"(?<![\d(])(?P<vol>\d{1,5})(?:\*\*|__)?,\s*(?P<pages>[A-Z]?\d+(?:\s*[-–]\s*[A-Z]?\d+)?)"
    r"\s*\((?:1[5-9]|20)\d\d\)")


_VOL = re.compile(r"\b(?:[Vv]ol\.?|[Vv]olume|t\.|[Tt]ome|Bd\.)\s*(?P<vol>\d+|[IVXLC]+\b)")


_ISSUE = re.compile(r"(?:\bno|\bnos|\bn°|nº|\bnum|\bissue|\bheft)\.?\s*(?P<iss>\d+(?:[-–/]\d+)?)", re.I)


_PAGES = re.compile(r"\b(?:pp?|S)\.\s*(?P<pages>[A-Z]?\d+(?:\s*[-–]\s*[A-Z]?\d+)?)")


def container_from(tail: str) -> str | None:
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
    sentence = abbreviation_aware_sentences(tail)[0]
    if PUBLISHER.search(sentence) and len(sentence) >= len(first):
        return None  # "Oakland, California : University of California Press"
    for segment in abbreviation_aware_sentences(first):
        segment = segment.strip(" .,;:")
        if PUBLISHER.search(segment):
            continue  # "Place : Publisher" is not a container
        if fold(segment) in folded_set("references", "publication_places"):
            continue  # ISO 690 "…, Paris, Seuil, 2015": a place, then the publisher
        if re.search(r"[A-Za-zÀ-ÿ]{2,}", segment) and not _not_container().match(segment):
            # "FASEB J 2:3043–3053", "Lancet 2003;361:12", "J Ecol 92(3): 301": the numbers
            # are not the name.
            segment = re.sub(r"\s+(?:(?:1[5-9]|20)\d\d\s*;\s*)?\d+\s*(?:\(\w+\))?\s*:\s*[A-Za-z]?\d.*$", "",
                             segment)
            segment = re.sub(r"\s*\(.*$", "", segment)
            nature = VOL_PAGES_YEAR.search(tail)
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


def numbers_in(tail: str) -> dict[str, str]:
    out: dict[str, str] = {}
    tail = tail.replace("*", "")  # APA's italic volume: "*13*(3), 106–131"
    vip = _VOL_ISS_PAGES.search(tail)
    nature = VOL_PAGES_YEAR.search(tail)
    if nature:  # Nature: "**556**, 492–496 (2018)"
        out["volume"] = nature.group("vol")
        out["pages"] = page_range(nature.group("pages"))
    elif vip and not YEAR_RE.fullmatch(vip.group("vol")) and not YEAR_RE.fullmatch(vip.group("iss")):
        out["volume"] = vip.group("vol")
        out["issue"] = vip.group("iss")
        if vip.group("pages"):
            out["pages"] = page_range(vip.group("pages"))
    else:
        vp = _VOL_PAGES.search(tail)
        if vp:
            out["volume"] = vp.group("vol")
            out["pages"] = page_range(vp.group("pages"))
    vol = _VOL.search(tail)
    if vol and "volume" not in out:
        out["volume"] = vol.group("vol")
    iss = _ISSUE.search(tail)
    if iss and "issue" not in out:
        out["issue"] = iss.group("iss")
    pages = _PAGES.search(tail)
    if pages and "pages" not in out:
        out["pages"] = page_range(pages.group("pages"))
    return out
