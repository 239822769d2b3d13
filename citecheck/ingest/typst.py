"""Typst (``.typ``) → the prose a reader reads, offsets kept.

A Typst document mixes markup and code: ``= Heading``, ``_emphasis_``, ``$math$``,
``#set text(…)``, ``#figure(image(…), caption: [A caption])``, ``#footnote[…]``,
labels ``<fig:x>`` and references to them ``@fig:x``, citations ``@key`` and
``#cite(<key>, form: "prose")``, and ``#bibliography("refs.bib")``.  Here the code is
blanked character for character (the Markdown extractors then read what is left),
headings become ``#`` headings, a ``#cite(<key>)`` becomes ``@key``, a reference to a
label of the document is blanked (it points to a figure, not to a work), and the
content a reader sees — a caption, a footnote, the body of ``#text[…]`` — is kept.
Table cells are data and are blanked.  Nothing is evaluated: ``#let`` values are not
followed.
"""

from __future__ import annotations

import re

_BIBLIOGRAPHY = re.compile(r"#bibliography\s*\(\s*(?P<arg>\((?:[^()]*)\)|\"[^\"]*\")")
_STRING = re.compile(r"\"((?:\\.|[^\"\\])*)\"")
_CALL = re.compile(r"#(?P<name>[A-Za-z_][\w.-]*)")
_CITE = re.compile(r"#cite\s*\(\s*(?:<(?P<a>[^>\s]+)>|label\(\s*\"(?P<b>[^\"]+)\"\s*\))")
_LABEL = re.compile(r"<(?P<name>[A-Za-z_][\w:.-]*)>")
_REFERENCE = re.compile(r"(?<![\w@])@(?P<name>[A-Za-z_][\w:.-]*[\w])")
_HEADING = re.compile(r"^([ \t]*)(=+)(?=[ \t])", re.M)
_LINE_COMMENT = re.compile(r"(?<![:\w/])//[^\n]*")
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_MATH = re.compile(r"(?<!\\)\$(?:\\.|[^$\\])*\$", re.S)
_DATA = frozenset({"table", "grid", "image", "raw", "math", "plot"})
"""Calls whose content is data: blanked whole."""
_CLOSERS = {"(": ")", "{": "}", "[": "]"}
_KEPT_ARGUMENTS = frozenset({"caption", "title", "body"})
"""Named arguments whose ``[content]`` a reader reads."""


def bibliography(source: str) -> tuple[list[str], bool]:
    """The ``.bib`` (or Hayagriva ``.yml``) files ``#bibliography(…)`` names, and whether
    it prints every entry, cited or not (``full: true``)."""
    names: list[str] = []
    full = False
    plain = _without_comments(source)
    for match in _BIBLIOGRAPHY.finditer(plain):
        names += [m.group(1).lstrip("/") for m in _STRING.finditer(match.group("arg"))]
        rest = plain[match.end():match.end() + 200].split(")", 1)[0]
        full = full or bool(re.search(r"\bfull\s*:\s*true\b", rest))
    return names, full


def _without_comments(source: str) -> str:
    return _LINE_COMMENT.sub("", _BLOCK_COMMENT.sub("", source))


class _Blanker:
    """The source as a list of characters, blanked in place (newlines kept)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.chars = list(source)

    def blank(self, start: int, end: int) -> None:
        for i in range(max(0, start), min(end, len(self.chars))):
            if self.chars[i] != "\n":
                self.chars[i] = " "

    def put(self, start: int, text: str) -> None:
        for i, char in enumerate(text):
            if start + i < len(self.chars) and self.chars[start + i] != "\n":
                self.chars[start + i] = char

    def text(self) -> str:
        return "".join(self.chars)


def _group_end(source: str, start: int, opening: str, closing: str) -> int:
    """Just after the group that ``source[start]`` opens; strings and nested groups
    skipped; the end of the text if it never closes."""
    depth, pos = 0, start
    while pos < len(source):
        char = source[pos]
        if char == "\\":
            pos += 2
            continue
        if char == '"' and opening != "[":
            string = _STRING.match(source, pos)
            pos = string.end() if string else pos + 1
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    return len(source)


def typst_to_text(source: str) -> str:
    """The prose of a Typst document, same length and lines as ``source``."""
    out = _Blanker(source)
    for pattern in (_BLOCK_COMMENT, _LINE_COMMENT, _MATH):
        for match in pattern.finditer(source):
            out.blank(*match.span())
    masked = out.text()
    for cite in _CITE.finditer(masked):
        end = _group_end(masked, masked.index("(", cite.start()), "(", ")")
        out.blank(cite.start(), end)
        out.put(cite.start(), "@" + (cite.group("a") or cite.group("b") or ""))
    masked = out.text()
    _blank_calls(masked, out)
    labels = {m.group("name") for m in _LABEL.finditer(masked)}
    for match in _LABEL.finditer(masked):
        out.blank(*match.span())
    for match in _REFERENCE.finditer(out.text()):
        if match.group("name") in labels:
            out.blank(*match.span())  # @fig:x, @eq-ces: a figure or an equation, no work
    for match in _HEADING.finditer(masked):
        out.put(match.start(2), "#" * len(match.group(2)))
    return out.text()


def _blank_calls(masked: str, out: _Blanker) -> None:
    """Blank every ``#call(…)`` but the content a reader reads: its trailing
    ``[content]`` and its ``caption: […]``."""
    pos = 0
    while True:
        call = _CALL.search(masked, pos)
        if call is None:
            return
        name = call.group("name").split(".")[0]
        end = call.end()
        out.blank(call.start(), end)
        if end < len(masked) and masked[end] == "(":
            close = _group_end(masked, end, "(", ")")
            _blank_arguments(masked, end, close, out, name in _DATA)
            end = close
        if name in _DATA:
            pos = end
            continue
        if name in {"set", "show", "let", "import"}:
            end = _statement_end(masked, end, out)
        while end < len(masked) and masked[end] == "[":  # trailing content: prose
            close = _group_end(masked, end, "[", "]")
            out.blank(end, end + 1)
            out.blank(close - 1, close)
            end = close
        pos = max(end, call.end())


def _blank_arguments(masked: str, start: int, end: int, out: _Blanker, data: bool) -> None:
    """Blank a call's arguments, but keep the insides of ``caption: […]`` (a reader's
    text) unless the call is data (a table)."""
    keep: list[tuple[int, int]] = []
    if not data:
        for named in re.finditer(r"(?P<key>\w+)\s*:\s*\[", masked[start:end]):
            if named.group("key") in _KEPT_ARGUMENTS:
                bracket = start + named.end() - 1
                keep.append((bracket + 1, _group_end(masked, bracket, "[", "]") - 1))
    cursor = start
    for inner_start, inner_end in keep:
        out.blank(cursor, inner_start)
        cursor = inner_end
    out.blank(cursor, end)


def _statement_end(masked: str, pos: int, out: _Blanker) -> int:
    """The rest of a ``#set``/``#show``/``#let`` statement: to the end of its line,
    following any group it opens there to its close (``#set footnote.entry(`` over
    several lines, ``#show: it => {…}``)."""
    end = pos
    while end < len(masked) and masked[end] != "\n":
        closing = _CLOSERS.get(masked[end])
        end = _group_end(masked, end, masked[end], closing) if closing else end + 1
    out.blank(pos, end)
    return end
