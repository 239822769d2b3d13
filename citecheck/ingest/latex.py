"""LaTeX (``.tex``) → text, keeping where each character came from.

Journal articles are often written in LaTeX.  The text the extractors read is the
document's body as a reader sees it, written in the forms they already know:

- ``\\cite{a,b}``, ``\\citep[p.~4]{a}``, ``\\parencite``, ``\\autocite``… become Pandoc
  citations ``[@a; @b]`` (``\\citet``/``\\textcite``: ``@a``), checked against the
  ``.bib`` that ``\\bibliography{…}`` or ``\\addbibresource{…}`` names; with a
  ``thebibliography`` list instead, they become its numbers ``[1]`` and its
  ``\\bibitem`` entries a numbered list under "References";
- ``\\footnote{…}`` becomes a call ``[^n]`` and a note ``[^n]: …`` after the body;
- ``\\section{…}`` and the like become ``#`` headings, ``\\emph{…}`` italics ``*…*``,
  ``\\url{…}`` and ``\\href{…}{…}`` a ``<URL>`` the link checker sees;
- comments, the preamble, mathematics and the arguments of commands that print
  nothing a reader reads (``\\label``, ``\\ref``, ``\\includegraphics``…) are left out.

Nothing is expanded or run: macros a document defines are not followed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_COMMAND = re.compile(r"\\([A-Za-z@]+)(\*?)|\\(.)", re.S)
_MATH_ENVS = {"equation", "align", "gather", "multline", "eqnarray", "math", "displaymath",
              "alignat", "flalign", "tikzpicture", "verbatim", "lstlisting", "minted",
              "Verbatim", "alltt", "Code", "CodeInput", "CodeOutput", "CodeChunk", "Sinput",
              "Soutput", "Schunk", "Scode"}
"""Environments whose content is no prose: mathematics, pictures, and code (JSS's
``CodeInput``/``CodeOutput``, Sweave's ``Sinput``/``Soutput``)."""
_CITES = {"cite", "citep", "parencite", "autocite", "footcite", "supercite", "citealp",
          "cites", "parencites", "autocites", "smartcite", "Cite", "Parencite", "Autocite"}
_NARRATIVE_CITES = {"citet", "textcite", "Textcite", "citealt"}
_SECTIONS = {"part": 1, "chapter": 1, "section": 2, "subsection": 3, "subsubsection": 4,
             "paragraph": 5, "subparagraph": 6}
_ITALIC = {"emph", "textit", "textsl", "mkbibemph"}
_SILENT = {"label", "ref", "eqref", "pageref", "cref", "Cref", "autoref", "includegraphics",
           "vspace", "hspace", "input", "include", "usepackage", "documentclass",
           "newcommand", "renewcommand", "providecommand", "setlength", "bibliographystyle",
           "nocite", "hypersetup", "graphicspath", "maketitle", "tableofcontents",
           "thispagestyle", "pagestyle", "setcounter", "addtocounter", "newpage", "clearpage",
           "noindent", "centering", "small", "footnotesize", "large", "Large", "normalsize",
           "printbibliography", "bibliography", "addbibresource", "linewidth", "textwidth",
           "hline", "toprule", "midrule", "bottomrule", "cline", "multicolumn", "today",
           "textsuperscript"}
_BLOCK_ENVS = {"itemize", "enumerate", "description", "quote", "quotation", "abstract",
               "figure", "table", "center", "minipage", "tabular", "flushleft", "flushright"}
_TABLE_ENVS = {"tabular", "tabularx", "tabulary", "longtable", "supertabular", "xtabular"}
"""Tables: written out as pipe-table rows (``&`` a cell border, ``\\`` a row's end), whose
numbers are data, not claims."""
_ESCAPES = {"%": "%", "&": "&", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
            " ": " ", ",": " ", ";": " ", "!": "", "-": "", "/": "", "\\": "\n"}
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "=": "\u0304", ".": "\u0307", "c": "\u0327", "u": "\u0306", "v": "\u030c"}
_BIB_NAMES = re.compile(r"\\(?:bibliography|addbibresource)\s*(?:\[[^\]]*\])?\{([^}]*)\}")
_BIBITEM_KEYS = re.compile(r"\\bibitem\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}")
_DOCUMENT = re.compile(r"\\begin\s*\{document\}")
_END_DOCUMENT = re.compile(r"\\end\s*\{document\}")
_TITLE = re.compile(r"\\title\s*(?:\[[^\]]*\])?\s*\{")
_SPECIAL = re.compile(r"[\\%${}~&]|--|``|''")
"""Where plain text stops: a command, a comment, mathematics, a brace, a tie, a dash."""


@dataclass
class _Out:
    text: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)

    def real(self, piece: str, start: int) -> None:
        self.text.append(piece)
        self.offsets.extend(range(start, start + len(piece)))

    def mark(self, piece: str, at: int) -> None:
        self.text.append(piece)
        self.offsets.extend([at] * len(piece))


def bib_names(source: str) -> list[str]:
    """The ``.bib`` files a LaTeX document names (``refs`` → ``refs.bib``)."""
    names = []
    for match in _BIB_NAMES.finditer(_strip_comments(source)):
        for name in match.group(1).split(","):
            name = name.strip()
            if name:
                names.append(name if name.endswith(".bib") else f"{name}.bib")
    return names


_INCLUDES = re.compile(r"\\(?:include|input|subfile)\s*\{([^}]+)\}")


def included_names(source: str) -> list[str]:
    """The files a LaTeX document reads in with ``\\include``, ``\\input`` or
    ``\\subfile`` (``chapters/intro`` → ``chapters/intro.tex``): chapters a reader
    reads as part of it."""
    names = []
    for match in _INCLUDES.finditer(_strip_comments(source)):
        name = match.group(1).strip()
        if name:
            names.append(name if name.lower().endswith(".tex") else f"{name}.tex")
    return names


def is_fragment(source: str) -> bool:
    """Whether a ``.tex`` file is a part of another (no ``\\documentclass``)."""
    return re.search(r"\\documentclass\b", _strip_comments(source)) is None


def _strip_comments(source: str) -> str:
    return re.sub(r"(?<!\\)%[^\n]*", "", source)


def _group_end(source: str, start: int, close: str = "}", opening: str = "{") -> int:
    """Index just after the group opened at ``start`` (which holds ``opening``); braces
    nest, escaped ones do not count.  The end of the text when it never closes."""
    depth = 0
    index = start
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == opening:
            depth += 1
        elif char == close:
            depth -= 1
            if depth == 0:
                return index + 1
        elif char == "%" and opening == "{":
            newline = source.find("\n", index)
            index = len(source) if newline == -1 else newline
            continue
        index += 1
    return len(source)


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.out = _Out()
        self.notes: list[tuple[int, int, int]] = []
        """(number, start, end) of each footnote's text in the source."""
        self.numbers = {key.strip(): n for n, key in enumerate(
            (m.group(1) for m in _BIBITEM_KEYS.finditer(_strip_comments(source))), 1)}
        """``\\bibitem`` keys and their numbers, when the document lists its own."""
        self.item = 0
        self.table = 0
        """How many tables the reader is inside."""

    def args(self, pos: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int]:
        """The optional ``[…]`` and mandatory ``{…}`` arguments after a command, as
        (start, end) of their insides, and where the command ends."""
        optional: list[tuple[int, int]] = []
        mandatory: list[tuple[int, int]] = []
        index = pos
        while True:
            probe = index
            while probe < len(self.source) and self.source[probe] in " \t":
                probe += 1
            if probe < len(self.source) and self.source[probe] == "[" and not mandatory:
                end = _group_end(self.source, probe, "]", "[")
                optional.append((probe + 1, end - 1))
                index = end
            elif probe < len(self.source) and self.source[probe] == "{":
                end = _group_end(self.source, probe)
                mandatory.append((probe + 1, end - 1))
                index = end
            else:
                return optional, mandatory, index

    def read(self, start: int, end: int) -> None:
        """The source between ``start`` and ``end``, written out."""
        source, out = self.source, self.out
        index = start
        while index < end:
            char = source[index]
            if char == "%":
                newline = source.find("\n", index, end)
                index = end if newline == -1 else newline
                continue
            if char == "$":
                double = source.startswith("$$", index)
                close = source.find("$$" if double else "$", index + (2 if double else 1), end)
                index = end if close == -1 else close + (2 if double else 1)
                continue
            if char in "{}":
                index += 1
                continue
            if char == "&":
                if self.table:
                    out.mark(" | ", index)
                else:
                    out.real("&", index)
                index += 1
                continue
            if char == "~":
                out.mark(" ", index)
                index += 1
                continue
            if source.startswith(("``", "''"), index):  # ``quoted'': typographic quotes
                out.mark("“" if char == "`" else "”", index)
                index += 2
                continue
            if char == "-" and source.startswith("--", index):
                triple = source.startswith("---", index)
                out.mark("—" if triple else "–", index)
                index += 3 if triple else 2
                continue
            if char != "\\":
                special = _SPECIAL.search(source, index + 1, end)
                stop = special.start() if special else end
                piece = source[index:stop]
                out.real(piece.replace("\n", " ") if self.table else piece, index)  # a row
                index = stop
                continue
            index = self.command(index, end)

    def command(self, index: int, end: int) -> int:
        """Read the command at ``index``; where reading goes on."""
        match = _COMMAND.match(self.source, index)
        if match is None:
            return index + 1
        if match.group(3) is not None:  # \% \& \\ \' …
            return self._symbol(match, index, end)
        name = match.group(1)
        if name == "begin" or name == "end":
            return self._environment(name, match.end(), index, end)
        optional, mandatory, stop = self.args(match.end())
        if name in _CITES or name in _NARRATIVE_CITES:
            self._cite(name, optional, mandatory, index)
        elif name in {"footnote", "url", "href", "bibitem", "item", "par"}:
            self._structure(name, optional, mandatory, index, stop)
        elif name in _SECTIONS:
            if mandatory:
                self.out.mark("\n\n" + "#" * _SECTIONS[name] + " ", index)
                self.read(*mandatory[-1])
                self.out.mark("\n\n", stop)
        elif name in _ITALIC:
            for inner in mandatory:
                self.out.mark("*", inner[0])
                self.read(*inner)
                self.out.mark("*", inner[1])
        elif name not in _SILENT:
            # Any other command: its arguments' text is what a reader sees ("\textbf{…}").
            for inner in mandatory:
                self.read(*inner)
        return stop

    def _symbol(self, match: re.Match[str], index: int, end: int) -> int:
        """``\\%``, ``\\'e``, ``\\(`` … ``\\)``, ``\\\\``."""
        source, out = self.source, self.out
        symbol = match.group(3)
        if symbol in _ACCENTS:
            letter = re.match(r"\{?\s*([A-Za-z])\}?", source[match.end():match.end() + 4])
            if letter:
                composed = unicodedata.normalize("NFC", letter.group(1) + _ACCENTS[symbol])
                out.mark(composed, index)
                return match.end() + letter.end()
        if symbol in {"(", "["}:  # \( … \) and \[ … \]: mathematics
            close = source.find("\\)" if symbol == "(" else "\\]", match.end(), end)
            return end if close == -1 else close + 2
        if symbol == "\\" and self.table:
            out.mark(" |\n| ", index)
            return match.end()
        out.mark(_ESCAPES.get(symbol, symbol), index)
        return match.end()

    def _environment(self, name: str, after: int, index: int, end: int) -> int:
        """``\\begin{…}``/``\\end{…}``: mathematics skipped, tables as pipe rows, the
        bibliography under a heading, blocks as paragraphs."""
        source, out = self.source, self.out
        optional, mandatory, stop = self.args(after)
        env = source[mandatory[0][0]:mandatory[0][1]].strip().rstrip("*") if mandatory else ""
        if name == "begin" and env in _MATH_ENVS:
            closing = re.compile(rf"\\end\s*\{{{re.escape(env)}\*?\}}")
            found = closing.search(source, stop, end)
            return end if found is None else found.end()
        if env in _TABLE_ENVS:
            self.table = self.table + 1 if name == "begin" else max(0, self.table - 1)
            out.mark("\n\n| " if name == "begin" else " |\n\n", index)
            return stop
        if env == "thebibliography" and name == "begin":
            out.mark("\n\n# References\n\n", index)
            return stop
        if env in _BLOCK_ENVS or env == "thebibliography":
            out.mark("\n\n", index)
        return stop

    def _cite(self, name: str, optional: list[tuple[int, int]],
              mandatory: list[tuple[int, int]], index: int) -> None:
        """``\\cite[p. 4]{a,b}`` as Pandoc writes it (``[@a; @b, p. 4]``), a narrative
        ``\\citet`` as ``@a``, keys of a ``thebibliography`` as their numbers."""
        source, out = self.source, self.out
        keys = [k.strip() for k in source[mandatory[0][0]:mandatory[0][1]].split(",")
                if k.strip()] if mandatory else []
        if not keys:
            return
        locator = source[optional[-1][0]:optional[-1][1]].strip() if optional else ""
        locator = locator.replace("~", " ")
        if all(k in self.numbers for k in keys):
            out.mark("[" + ",".join(str(self.numbers[k]) for k in keys) + "]", index)
        elif name in _NARRATIVE_CITES:
            out.mark(" ".join(f"@{k}" for k in keys), index)
        else:
            body = "; ".join(f"@{k}" for k in keys)
            out.mark(f"[{body}{', ' + locator if locator else ''}]", index)

    def _structure(self, name: str, optional: list[tuple[int, int]],
                   mandatory: list[tuple[int, int]], index: int, stop: int) -> None:
        """Footnotes, links, bibliography items, list items and paragraph breaks."""
        source, out = self.source, self.out
        if name == "footnote" and mandatory:
            number = len(self.notes) + 1
            self.notes.append((number, *mandatory[0]))
            out.mark(f"[^{number}]", index)
        elif name == "url" and mandatory:
            out.mark("<", index)
            out.real(source[mandatory[0][0]:mandatory[0][1]].strip(), mandatory[0][0])
            out.mark(">", mandatory[0][1])
        elif name == "href" and len(mandatory) >= 2:
            self.read(*mandatory[1])
            out.mark(" <", mandatory[1][1])
            out.real(source[mandatory[0][0]:mandatory[0][1]].strip(), mandatory[0][0])
            out.mark(">", mandatory[0][1])
        elif name == "bibitem":
            self.item += 1
            out.mark(f"\n\n[{self.item}] ", index)
        elif name == "item":
            out.mark("\n- ", index)
            if optional:
                self.read(*optional[0])
                out.mark(" ", optional[0][1])
        elif name == "par":
            out.mark("\n\n", index)

    def footnotes(self) -> None:
        done = 0
        while done < len(self.notes):  # a note may hold a note: read them all
            number, start, end = self.notes[done]
            self.out.mark(f"\n\n[^{number}]: ", start)
            self.read(start, end)
            done += 1
        self.out.mark("\n", len(self.source))


def latex_to_text(source: str) -> tuple[str, tuple[int, ...]]:
    """(text for the extractors, the source offset of each of its characters)."""
    reader = _Reader(source)
    begin = _DOCUMENT.search(source)
    start = begin.end() if begin else 0
    stop_match = _END_DOCUMENT.search(source, start)
    stop = stop_match.start() if stop_match else len(source)
    title = _TITLE.search(source, 0, start) if begin else None
    if title:  # the title of the preamble opens the text, as \maketitle prints it
        brace = title.end() - 1
        end = _group_end(source, brace)
        reader.out.mark("# ", title.start())
        reader.read(brace + 1, end - 1)
        reader.out.mark("\n\n", end)
    reader.read(start, stop)
    reader.footnotes()
    return "".join(reader.out.text), tuple(reader.out.offsets)
