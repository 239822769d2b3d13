"""The document folded once (lower case, no accents, one apostrophe), byte for byte, and
the anchor words found in one pass over it: every phrase pattern (figures, attributions)
is then tried only around an anchor of its own, not over the whole text."""


from __future__ import annotations

import bisect
import functools
import re

from citecheck.text import find_bytes, fold


@functools.cache
def _byte_fold_table() -> bytes:
    """Latin-1 byte → the byte of its folded form (capitals down, accents off)."""
    table = bytearray(range(256))
    for code in range(0x41, 0x100):
        folded = fold(chr(code))
        if len(folded) == 1 and ord(folded) < 0x100:
            table[code] = ord(folded)
    return bytes(table)


_APOSTROPHE_LIKE = ("’", "‘", "ʼ")


def fold_bytes(text: str, chunk: int = 1 << 20) -> bytes:
    """``fold`` with every character where it was, one byte per character.

    Accented Latin-1 letters lose their accents, capitals are lowered and curly
    apostrophes straightened; any other character outside Latin-1 becomes "?" (the
    lexicons are French and English: nothing in them needs it).  Done a megabyte
    at a time with ``bytes.translate``: a whole 10 MB document folds in a few tens of
    milliseconds, without the four-bytes-per-character copy that lower-casing a text
    with one emoji in it makes.
    """
    table = _byte_fold_table()
    parts = []
    for i in range(0, len(text), chunk):
        piece = text[i:i + chunk]
        if not piece.isascii():
            for mark in _APOSTROPHE_LIKE:
                if mark in piece:
                    piece = piece.replace(mark, "'")
        parts.append(piece.encode("latin-1", "replace").translate(table))
    return parts[0] if len(parts) == 1 else b"".join(parts)


def fold_in_place(text: str) -> str:
    """``fold_bytes`` as a string: what the figure and attribution patterns read."""
    return fold_bytes(text).decode("latin-1")


def phrase_anchor(phrase: str) -> str:
    """The folded longest word of a lexicon phrase (its most distinctive one): what is
    looked for in the folded document before the phrase's pattern is tried."""
    return fold_in_place(max(phrase.replace("'", " ").replace("’", " ").split(), key=len))


def fewest_anchors(words: set[str]) -> tuple[str, ...]:
    """Leave out every anchor that contains another one: it would find nothing new."""
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


class Folded:
    """A document folded in place (``fold_bytes``), and where anchor words occur in it.

    One Aho–Corasick pass serves every word list that asks before the first look
    (``prefetch``); the patterns then run only on the folded text around each hit.
    """

    def __init__(self, text: str) -> None:
        self.text = fold_bytes(text).decode("latin-1")
        self._hits: dict[tuple[str, ...], list[tuple[int, int]]] = {}

    def prefetch(self, *groups: tuple[str, ...]) -> None:
        words = tuple(dict.fromkeys(w for group in groups for w in group))
        per_word: list[list[tuple[int, int]]] = [[] for _ in words]
        data = self.text.encode("latin-1")  # a copy for the search only: not kept
        for index, start, end in find_bytes(data, tuple(w.encode("latin-1") for w in words)):
            per_word[index].append((start, end))
        where = {word: index for index, word in enumerate(words)}
        for group in groups:
            self._hits[group] = sorted(hit for w in group for hit in per_word[where[w]])

    def hits(self, words: tuple[str, ...]) -> list[tuple[int, int]]:
        """(start, end) of every occurrence of ``words`` (folded), in text order."""
        if words not in self._hits:
            self.prefetch(words)
        return self._hits[words]


def anchored_matches(pattern: re.Pattern[str], folded: str, hits: list[tuple[int, int]],
                     start: int, end: int, back: int, ahead: int) -> list[tuple[int, int]]:
    """Matches of ``pattern`` (written for folded text) in ``folded[start:end]`` that
    contain one of the anchor ``hits``.

    A large alternation run over a whole document costs a regex step at every
    character; the anchors are found in one Aho–Corasick pass instead, and the
    pattern is run only on the window around each one.
    """
    found: set[tuple[int, int]] = set()
    for pos, stop in hits[bisect.bisect_left(hits, (start, 0)):]:
        if stop > end:
            break
        lo = max(start, pos - back)
        space = folded.find(" ", lo, pos)  # do not start the window inside a word
        lo = lo if lo == start or space == -1 else space + 1
        for match in pattern.finditer(folded, lo, min(end, stop + ahead)):
            if match.start() <= pos < match.end():
                found.add(match.span())
    return sorted(found)
