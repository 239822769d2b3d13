"""Cutting an entry into its period-separated segments, without cutting after an
initial ("J. Smith"), an abbreviation ("Proc.", "vol.") or "et al." that does not end
the names."""

from __future__ import annotations

import re

from citecheck.extract.references.shapes import ABBREVIATIONS, LOWER_PARTICLES_WORDS

_PROSE_AFTER_INITIAL = re.compile(
    r"[.?!]\s+[A-ZÀ-ÝĀ-Ž][\w'’-]*(?:\s+[A-ZÀ-ÝĀ-Ž][\w'’-]*)?\s+(?:(?!(?:and|et|und|al|"
    + LOWER_PARTICLES_WORDS + r")\b)[a-zà-ÿ]{2,}|(?:and|et|und)\s+(?!al\b)[a-zà-ÿ]{2,})")
"""After an initial's full stop, prose: one or two capitalised words, then a lower-case
word that is no conjunction or particle."""


def segments_of(text: str) -> list[tuple[int, int]]:
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
        if (len(bare) > 1 and bare in ABBREVIATIONS) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", bare):
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


def abbreviation_aware_sentences(text: str) -> list[str]:
    """Split on ". " except after abbreviations such as "Proc.", "Int.", "J."."""
    parts = []
    start = 0
    for match in re.finditer(r"\.\s+", text):
        word = re.search(r"(\S+)$", text[start:match.start()])
        token = word.group(1) if word else ""
        if re.fullmatch(r"[A-Z][a-z]{0,5}|[A-Z]", token) or token.lower() in ABBREVIATIONS:
            continue
        parts.append(text[start:match.start()])
        start = match.end()
    parts.append(text[start:])
    return parts
