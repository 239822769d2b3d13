"""What in a Markdown source is prose, and what is not.

A Pandoc, Quarto, R Markdown, Jekyll or Hugo source holds much that a reader never
sees as prose: YAML front matter, HTML comments, fenced and indented code, raw
blocks, TeX mathematics, attribute blocks (``{#sec-intro .unnumbered}``,
``{: .note}``), fenced-div markers (``::: {.callout}``) and Liquid/Jinja tags.
Citations, footnote calls, figures and attributions read there are false alarms
("index: 1" in an author list is no footnote call; ``$p = 0.05$`` no figure).

``mask_non_prose`` blanks those regions with spaces, keeping every newline, so the
text keeps its length and each offset its line and column: every extractor reads
the masked text and every span still points into the file.  Inline code is left to
the extractors (it may hold a URL a reader follows); pipe tables are reported apart
(``table_spans``) because a table may cite but its numbers are data, not claims.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from citecheck.lexicon import load
from citecheck.text import Ranges

FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)",
                          re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n(?:.*?\n)??[ ]{0,3}(?P=fence)[ \t]*$|"
                    r"^[ ]{0,3}(?:`{3,}|~{3,})[^\n]*\n.*\Z", re.M | re.S)
_RAW_ELEMENT = re.compile(r"<(script|style|svg|math)\b.*?</\1\s*>", re.S | re.I)
_DISPLAY_MATH = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]|\\begin\{(equation|align|gather|multline|"
                           r"eqnarray|displaymath|math)(\*?)\}.*?\\end\{\1\2\}", re.S)
# Pandoc's rule for inline TeX: the opening $ has a non-space character right after it,
# the closing $ a non-space character right before it and no digit right after it —
# which is why "$5 and $10" stays prose.
_INLINE_MATH = re.compile(r"(?<![\\$\w])\$(?=[^\s$])(?:[^$\n\\]|\\.){1,400}?(?<=[^\s\\])\$(?![\d$])"
                          r"|\\\(.+?\\\)")
_RAW_LATEX_BLOCK = re.compile(
    r"^[ \t]*\\begin\{(figure|table|tabular|tabularx|longtable|tikzpicture|algorithm|"
    r"algorithmic|lstlisting|verbatim|minted|wrapfigure|sidewaysfigure|sidewaystable|center|"
    r"minipage)(\*?)\}.*?\\end\{\1\2\}", re.M | re.S)
"""A raw LaTeX float or table in Markdown (Pandoc passes it to LaTeX untouched): its
caption and cells belong to a figure, not to the prose."""
_KNITR_INLINE = re.compile(r"`r[ \t][^`\n]+`")
"""R Markdown's inline code, evaluated when the document is knitted (`` `r n * 100` ``):
code, masked before mathematics is, since it may sit inside ``$…$``."""
_ATTRIBUTES = re.compile(r"\{[#.:][^{}\n]{0,300}\}|\{-\}|\{[a-z-]+=[^{}\n]{0,300}\}")
_TEMPLATE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_CITE_TAG = re.compile(r"\{%-?\s*(?:cite|citation|reference)\s")
_DIV_FENCE = re.compile(r"^[ \t]*:{3,}.*$", re.M)
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)]|#\.)[ \t]+")
_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$"
                        r"|^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$", re.M)


def front_matter(source: str) -> tuple[tuple[int, int] | None, dict[str, Any]]:
    """The YAML front matter's span and its mapping ({} when absent or unreadable)."""
    match = FRONT_MATTER.match(source)
    if not match:
        return None, {}
    return match.span(), load_yaml(match.group("body"))


def load_yaml(text: str) -> dict[str, Any]:
    """A YAML mapping, or {} for anything else (a document's metadata is untrusted:
    ``safe_load`` builds no objects, and a broken block is simply not metadata)."""
    import yaml

    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return value if isinstance(value, dict) else {}


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


_DIRECTIVE = re.compile(r"[ ]{0,3}(?:`{3,}|~{3,}|:{3,})\s*\{(?P<name>[\w:-]+)\}")
_OPTION_LINES = re.compile(r"(?:[ \t]*:[\w-]+:.*\n)+|[ \t]*---\n(?:.*\n)*?[ \t]*---\n")
_MYST_COMMENT = re.compile(r"^%(?:[ \t].*)?$", re.M)
"""A MyST comment line ("% snow"), or a Pandoc title block's."""


def code_fences(source: str) -> list[tuple[int, int]]:
    """Fenced blocks that are code.  A MyST directive whose body is prose (```{note},
    data/markup.toml) is not: only its fence lines and its options are."""
    if "`" not in source and "~~~" not in source:
        return []
    spans: list[tuple[int, int]] = []
    for match in FENCE.finditer(source):
        start, end = match.span()
        directive = _DIRECTIVE.match(source, start)
        if directive is None or directive.group("name").lower() not in _prose_directives():
            spans.append((start, end))
            continue
        body = source.find("\n", start, end)
        body = end if body == -1 else body + 1
        options = _OPTION_LINES.match(source, body, end)
        body = options.end() if options else body
        closing = source.rfind("\n", body, end)
        spans += [(start, body), (closing + 1 if closing >= body else end, end)]
    return spans


@functools.cache
def _prose_directives() -> frozenset[str]:
    return frozenset(str(name) for name in load("markup")["prose_directives"])


def non_prose_spans(source: str) -> list[tuple[int, int]]:
    """Spans of ``source`` that are not prose, in no particular order."""
    spans: list[tuple[int, int]] = []
    matter, _ = front_matter(source)
    if matter:
        spans.append(matter)
    spans += code_fences(source)
    if "%" in source:
        spans += [m.span() for m in _MYST_COMMENT.finditer(source)]
    spans += [m.span() for m in _COMMENT.finditer(source)]
    spans += [m.span() for m in _RAW_ELEMENT.finditer(source)]
    spans += list(_indented_code(source, spans))
    if "`r" in source:
        spans += [m.span() for m in _KNITR_INLINE.finditer(source)]
    if "$" in source or "\\" in source:
        spans += [m.span() for m in _DISPLAY_MATH.finditer(source)]
        spans += [m.span() for m in _RAW_LATEX_BLOCK.finditer(source)]
        spans += [m.span() for m in _INLINE_MATH.finditer(source)]
    if "{" in source:
        spans += [m.span() for m in _ATTRIBUTES.finditer(source)]
        # Template tags are no prose, but a jekyll-scholar "{% cite key %}" is a citation,
        # read by extract.liquid.
        spans += [m.span() for m in _TEMPLATE.finditer(source) if not _CITE_TAG.match(m.group(0))]
    if ":::" in source:
        fences = [m.span() for m in _DIV_FENCE.finditer(source)]
        if ".csl-entry" in source:
            # Pandoc's own Markdown, citations formatted: its bibliography is fenced divs
            # (``::: {#ref-key .csl-entry}``), which extract.rendered reads; kept.
            inside = Ranges(fences)
            spans = [span for span in spans if span[0] not in inside]
        else:
            spans += fences
    return spans


def mask_non_prose(source: str) -> str:
    """``source`` with every non-prose region blanked (same length, same newlines)."""
    spans = non_prose_spans(source)
    if not spans:
        return source
    chars = list(source)
    for start, end in spans:
        _blank(chars, start, end)
    return "".join(chars)


def table_spans(text: str) -> list[tuple[int, int]]:
    """Pipe-table rows: data, where a number is no claim needing a source."""
    if "|" not in text:
        return []
    return [m.span() for m in _TABLE_ROW.finditer(text)]


_CAPTION = re.compile(
    r"(?m)^[ \t>*_]*(?:Table|Figure|Fig\.|Chart|Map|Tableau|Graphique|Carte|Illustration)"
    r"[ \t]+[0-9A-Z][\w.-]{0,5}[ \t]*[:.—–-][^\n]*")


def caption_spans(text: str) -> list[tuple[int, int]]:
    """Caption lines ("Table 2: Regression analysis for H2 and H3."): they label what
    the document shows, they make no claim to source."""
    return [m.span() for m in _CAPTION.finditer(text)]


def _indented_code(source: str, taken: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Indented code blocks: lines indented by four spaces or a tab after a blank line,
    outside lists (where such lines continue an item) and outside fenced blocks."""
    if "\n    " not in source and "\n\t" not in source:
        return
    fenced = Ranges(taken)
    offset = 0
    previous_blank = True
    in_list = False
    block_start: int | None = None
    for line in source.split("\n"):
        end = offset + len(line)
        if offset in fenced:
            offset = end + 1
            previous_blank = False
            continue
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if block_start is not None and not (indented or blank):
            yield block_start, offset - 1
            block_start = None
        if block_start is None and indented and not blank and previous_blank and not in_list:
            block_start = offset
        if not blank and not indented:
            in_list = bool(_LIST_ITEM.match(line)) or (in_list and not previous_blank)
        previous_blank = blank
        offset = end + 1
    if block_start is not None:
        yield block_start, len(source)
