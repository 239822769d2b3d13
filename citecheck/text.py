"""Small text helpers shared by every stage: folding, quotes, words."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata

from ahocorasick_rs import BytesAhoCorasick

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-, accent-, ligature- and apostrophe-insensitive form, for comparisons only
    ("Ricœur" and "Ricoeur" are one name)."""
    return strip_accents(text.translate(_APOSTROPHES).translate(_LIGATURES)).casefold().strip()


_NON_WORD = re.compile(r"[^\w]+")


def fold_words(text: str) -> str:
    """``fold`` with punctuation collapsed to single spaces."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def is_upper_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def nice_case(word: str) -> str:
    """``DUPONT`` → ``Dupont`` (ISO 690 capitals), other words unchanged."""
    if not is_upper_word(word):
        return word
    return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))


_LANG_WORD = re.compile(r"[a-zà-ÿ']+")


def guess_language(text: str, fr_words: frozenset[str], en_words: frozenset[str]) -> str:
    """``fr`` or ``en`` by counting very common words in the first 20,000 characters."""
    fr = en = 0
    for word in _LANG_WORD.findall(text[:20000].lower().translate(_APOSTROPHES)):
        if word in fr_words:
            fr += 1
        elif word in en_words:
            en += 1
    return "fr" if fr > en else "en"


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The same offsets as ``spans``, with overlapping and nested spans merged: the
    ranges ``Ranges`` answers exactly for (a bibliography that holds code spans)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


class Ranges:
    """Text ranges with a fast "is this offset inside one?" (documents can be large).

    Ranges may overlap a little (one level of nesting is looked back over).
    """

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        ordered = sorted(spans or [])
        self._starts = [s for s, _ in ordered]
        self._ends = [e for _, e in ordered]

    def add(self, span: tuple[int, int]) -> None:
        index = bisect.bisect_left(self._starts, span[0])
        self._starts.insert(index, span[0])
        self._ends.insert(index, span[1])

    def __contains__(self, pos: object) -> bool:
        if not isinstance(pos, int):
            return False
        ends = self._ends
        index = bisect.bisect_right(self._starts, pos) - 1
        stop = max(-1, index - 4)
        while index > stop:  # every start up to ``index`` is <= pos
            if pos < ends[index]:
                return True
            index -= 1
        return False

    def __len__(self) -> int:
        return len(self._starts)


@functools.lru_cache(maxsize=64)
def _automaton(words: tuple[bytes, ...]) -> BytesAhoCorasick:
    return BytesAhoCorasick(list(words))


def _latin1(word: str) -> bool:
    try:
        word.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def find_bytes(data: bytes, words: tuple[bytes, ...]) -> list[tuple[int, int, int]]:
    """Every occurrence of every word, overlapping ones included, as (index of the word,
    start, end).

    One Aho–Corasick pass over the data: on a 10 MB document this is several times
    faster than one ``find`` loop per word, and it does not slow down as word lists
    grow (vague phrases, scale words, the bibliography's family names).  Words must
    not be empty.
    """
    if not words or not data:
        return []
    return _automaton(words).find_matches_as_indexes(data, overlapping=True)


def find_all(text: str, words: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """``find_bytes`` on a text, with offsets in characters.

    The text is searched as Latin-1 bytes, every other character replaced by one "?"
    (so offsets stay those of the text, and no index map as large as the text is
    built); the rare word outside Latin-1 is looked for with ``str.find``.
    """
    if not words or not text:
        return []
    plain: list[int] = []
    other: list[int] = []
    for index, word in enumerate(words):
        (plain if _latin1(word) else other).append(index)
    found = [(plain[index], start, end) for index, start, end in find_bytes(
        text.encode("latin-1", "replace"), tuple(words[index].encode("latin-1") for index in plain))]
    for index in other:
        word = words[index]
        pos = text.find(word)
        while pos != -1:
            found.append((index, pos, pos + len(word)))
            pos = text.find(word, pos + 1)
    return found


def _invisible_table() -> dict[int, str]:
    """Characters a document may carry that act on a reader's terminal or reorder what
    it shows: C0 controls (ESC starts terminal sequences, BEL ends OSC ones), DEL, C1
    controls (U+009B is a one-byte CSI), and the bidirectional overrides, embeddings,
    isolates and marks (U+202E makes "txt.exe" read "exe.txt")."""
    table = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
    table[0x7F] = "\u2421"
    for code in (*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A),
                 0x200E, 0x200F, 0x061C):
        table[code] = f"<U+{code:04X}>"
    return table


_INVISIBLE = _invisible_table()
UNSAFE_CHARACTERS = re.compile(
    "[" + "".join(re.escape(chr(code)) for code in _INVISIBLE) + "]")
"""The characters ``visible`` replaces."""


def visible(text: str) -> str:
    """``text`` with every control character and bidirectional control shown as a
    visible placeholder (ESC as "␛", U+202E as "<U+202E>"), for any report a person
    reads: a document's text never reaches a terminal or a page raw.  Tabs and line
    feeds stay."""
    return text.translate(_INVISIBLE) if UNSAFE_CHARACTERS.search(text) else text


def json_safe(encoded: str) -> str:
    """JSON text with the characters ``visible`` replaces written as ``\\uXXXX`` escapes
    (the encoder escapes C0 controls itself, not DEL, C1 or bidirectional controls): the
    data is unchanged for a program, and inert in a terminal that shows the file."""
    return UNSAFE_CHARACTERS.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
