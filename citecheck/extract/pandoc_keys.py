"""Pandoc citations: ``[@a; @b, p. 4]``, ``[-@a]``, ``@a [p. 33]`` and bare ``@a``, not
cross-references (``@fig-x``, ``@sec:y``), e-mail addresses or handles; a key that
lost its ``@`` inside a group (``[@a; b2006]``) is reported."""


from __future__ import annotations

import functools
import re
from collections.abc import Callable

from citecheck.lexicon import load
from citecheck.model import Citation, Document
from citecheck.text import Ranges

# A group may wrap over a line break (not over a blank line); "[@user](url)" is a link.
_PANDOC_GROUP = re.compile(r"\[(?P<body>(?:[^\[\]\n]|\n(?![ \t]*\n)){0,400}?@\w"
                           r"(?:[^\[\]\n]|\n(?![ \t]*\n)){0,400}?)\](?!\()")


_PANDOC_KEY = re.compile(r"(?P<minus>-)?@(?P<key>[\w][\w:.#$%&+?<>~/-]*[\w]|[\w])")


# Not an e-mail address, bookdown's "\@ref(fig:x)", nor a "@user@instance" handle.
_BARE_KEY = re.compile(r"@(?<![\w@\[.\\]@)(?P<key>[\w][\w:.#$%&+?<>~/-]*[\w])(?![(@\w])")


_KEYLIKE = re.compile(r"^[A-Za-z][\w:.#$%&+?<>~/-]*\d[\w:.#$%&+?<>~/-]*$")
"""A token written where a key stands in a group: letters, then a year or number."""


def pandoc_citations(doc: Document, exclude: Ranges, taken: Ranges,
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
