"""Footnote calls and footnote texts, and which call each text answers.

Calls: superscript digits (``¹²``), Markdown ``[^1]``, and bare numbers after
a word, punctuation or a closing quote (``» 1.``, ``global 2.``) — the last
only when they continue the document's sequence of calls (1, 2, 3…), which
keeps "phase 2." or "il en a 3." from being read as calls.  Texts: Markdown
definitions ``[^1]: …`` and numbered lines (``1. …``, ``¹ …``) placed after
their call or in a Notes section.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from citecheck.extract.structure import Line, Section, markdown_level
from citecheck.lexicon import folded_set
from citecheck.model import Document, FootnoteMarker, FootnoteText
from citecheck.text import Ranges, fold

_SUPER = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_MAP = str.maketrans(_SUPER, "0123456789")
_SUPER_RUN = re.compile(rf"[{_SUPER}]+")
_HTML_SUP = re.compile(r"<sup>\s*(?P<body>\d{1,4}(?:\s*[,–-]\s*\d{1,4})*)\s*</sup>", re.I)
"""Inline HTML in Markdown or plain text, ``<sup>1,2</sup>`` (an HTML document's own
``<sup>`` digits become superscript characters when it is read)."""
_NUMBER = re.compile(r"\d+")
_MD_REF = re.compile(r"\[\^(?P<label>[^\]\s]+)\](?!:)|(?<=\S)\[\^(?P<glued>[^\]\s]+)\](?=:)")
"""A call ``[^7]``; ``[^7]:`` is a definition only where it opens a line ("text[^7]: and
more" is a call followed by a colon)."""
_MD_DEF = re.compile(r"^\s{0,3}\[\^(?P<label>[^\]\s]+)\]:[ \t]*(?P<body>.*)$")
_NOTE_LINE = re.compile(
    rf"^\s{{0,3}}(?:(?P<num>\d{{1,3}})[.)]|\[(?P<br>\d{{1,3}})\]|\((?P<par>\d{{1,3}})\)"
    rf"|(?P<sup>[{_SUPER}]+))\s+(?P<body>\S.*)$"
)
_HTML_SUP_LINE = re.compile(r"^\s{0,3}<sup>\s*(?P<html>\d{1,3})\s*</sup>\s*(?P<body>\S.*)$", re.I)
"""A note or an affiliation written ``<sup>1</sup>Universidad…`` at a line's start."""
_LONE_LETTER = re.compile(r"(?:(?<![\w*])[^\W\d_]|\*[^\W\d_]\*)$")
"""A variable standing alone before a power: "R", "x", "*r*" (not "a" word's last letter)."""
_POWER_BASE = re.compile(r"(?:(?<![\w*])[^\W\d_]\*?|\*[^\W\d_]{1,2}\*|\d[Ee]?|\))$")
"""What a power follows: a lone letter ("R", "x"), an italic variable ("*r*"), a digit
("10"), a mantissa's "E" ("14E<sup>16</sup>"), a bracket ("(a+b)")."""
_BRACKET_CALL = re.compile(r"\[(?<![!\]^]\[)(?P<label>\d{1,3})\](?![(:\[])")
"""``text.[2]``: a call, where the notes are written ``[2] …``."""
_PAREN_CALL = re.compile(r"(?<![\w(])\((?P<label>\d{1,3})\)")
"""``France (1).``: a call, where the notes are written ``(1) …`` (French op-eds)."""
_BARE_AFTER = re.compile(r"[.,;:]?(?:\s+[A-ZÀ-ÝĀ-Ž«\"“]|\s*$)", re.M)
_SCORE_BEFORE = re.compile(r"\d\s*(?:à|a|to|contre|vs\.?|[-–])\s*$", re.I)
_DIGIT_RUN = re.compile(r"[0-9]+")
"""Where bare calls can be: an ASCII class lets the regex engine skip to the next digit
fast (``\\d``, a Unicode category, is tried at every character)."""
_BARE_BEFORE = re.compile(r"[\w»”\"’)\].,;:!?]\s?$")


_NOTE_OPENERS = frozenset("[(<0123456789*†‡" + _SUPER)
NOTE_MARKS = r"\*{1,3}|†{1,2}|‡"
"""The marks of notes the press prints with asterisks or daggers ("* Source : …")."""
_STAR_LINE = re.compile(rf"^\s{{0,3}}(?P<star>{NOTE_MARKS})\s+(?P<body>\S.*)$")
_STAR_CALL = re.compile(rf"(?<=[^\s*†‡])(?P<label>{NOTE_MARKS})(?![*†‡\w])")


@dataclass(frozen=True, slots=True)
class Footnotes:
    markers: tuple[FootnoteMarker, ...]
    notes: tuple[FootnoteText, ...]
    pairs: dict[int, int]
    """Index of a marker → index of the note text that answers it."""
    unused: tuple[int, ...]
    """Indexes of note texts that are certainly footnotes but that no call uses."""


def _superscript_runs(text: str) -> list[re.Match[str]]:
    """``_SUPER_RUN.finditer(text)``, faster on a large document: a class of characters
    beyond Latin-1 is tried at every character, where ``str.find`` skips ahead."""
    starts = set()
    for digit in _SUPER:
        pos = text.find(digit)
        while pos != -1:
            starts.add(pos)
            pos = text.find(digit, pos + 1)
    runs = []
    for pos in sorted(starts):
        if pos - 1 not in starts:
            run = _SUPER_RUN.match(text, pos)
            if run:
                runs.append(run)
    return runs


_CALLS_MARKED = frozenset({"jats", "tei", "odt", "epub", "pdf"})
_STARS_ITALIC = frozenset({"markdown", "latex", "jats", "tei", "odt", "epub"})
"""Kinds where a line that opens with "*" opens an italic (or a list item), no note."""


def extract_footnotes(
    doc: Document, lines: list[Line], exclude: list[tuple[int, int]], notes_sections: list[Section]
) -> Footnotes:
    """The footnote calls of ``doc`` and the note texts that answer them."""
    reader = _CallReader(doc, lines, exclude)
    byline = _byline_end(doc, lines)
    raw_markers = reader.superscripts() + reader.markdown_calls()
    raw_markers = sorted(m for m in raw_markers if m[0] >= byline or m[3] != "superscript")
    # Where the format marks its note calls (JATS, TEI, ODT, EPUB, PDF's superscripts),
    # a bare number is a number, never a call.
    markers = _sequence(raw_markers, [] if doc.kind in _CALLS_MARKED else reader.bare_calls())
    notes = _NoteTexts(doc, lines, reader.skipped, byline, notes_sections)
    if notes.bracketed:
        markers = reader.calls_like_their_notes(markers, _BRACKET_CALL, "bracket")
    if notes.starred:
        markers = reader.calls_like_their_notes(markers, _STAR_CALL, "star", notes.starred)
    if notes.parenthesized:
        markers = reader.calls_like_their_notes(markers, _PAREN_CALL, "paren", notes.parenthesized)
    candidates = notes.candidates
    pairs = _pairs(markers, candidates, notes.definitions)
    if doc.kind == "pdf" and len(pairs) < len(markers):
        # In a PDF a small raised digit no note answers is an exponent, an affiliation's
        # mark or a unit's: calls are known only by their notes.
        kept = sorted(pairs)
        markers = [markers[i] for i in kept]
        pairs = {new: pairs[old] for new, old in enumerate(kept)}
    used = set(pairs.values())
    unused = tuple(
        i for i, c in enumerate(candidates) if i not in used and c[4] in {"markdown", "notes"}
    )
    return Footnotes(
        tuple(FootnoteMarker(doc.span(s, e), label, style) for s, e, label, style in markers),
        tuple(FootnoteText(doc.span(s, e), label, body.strip(), style)
              for s, e, label, body, style in candidates),
        pairs,
        unused,
    )


_Marker = tuple[int, int, str, str]
"""start, end, label, style of a call."""
_Candidate = tuple[int, int, str, str, str]
"""start, end, label, body, style of a note text."""


class _CallReader:
    """The calls of one document: superscripts, ``<sup>``, ``[^n]``, bare numbers, and
    the marks written like the notes ("[1]", "(1)", "*")."""

    def __init__(self, doc: Document, lines: list[Line], exclude: list[tuple[int, int]]) -> None:
        self.doc, self.text = doc, doc.text
        self.skipped = Ranges(exclude)  # the bibliography and Markdown code, merged by the caller
        self.units = folded_set("names", "superscript_units")
        self.nouns = folded_set("names", "number_nouns")
        self.line_starts = {line.start for line in lines}

    def at_line_start(self, pos: int) -> bool:
        text = self.text
        back = pos
        while back > 0 and text[back - 1] in " \t":
            back -= 1
        return back == 0 or text[back - 1] == "\n" or back in self.line_starts

    def superscripts(self) -> list[_Marker]:
        """Superscript digits ("mot¹") and ``<sup>`` numbers, not a unit's or a
        variable's power."""
        text, out = self.text, []
        for match in _superscript_runs(text):
            start = match.start()
            if start in self.skipped or self.at_line_start(start) or self._power(match):
                continue
            out.append((start, match.end(), match.group(0).translate(_SUPER_MAP), "superscript"))
        if "<sup>" in text or "<SUP>" in text:
            for match in _HTML_SUP.finditer(text):
                if (match.start() not in self.skipped and not self.at_line_start(match.start())
                        and not _power_before(text, match.start(), match.group("body"), self.units)):
                    offset = match.start("body")
                    out.extend(
                        (offset + number.start(), offset + number.end(), number.group(0),
                         "superscript")
                        for number in _NUMBER.finditer(match.group("body")))
        return out

    def _power(self, match: re.Match[str]) -> bool:
        """"20 m²", "R²", "3 s⁻¹", "12³": a power, not a call ("5 km¹" is a call: no one
        writes a first power; "m¹²" is note 12)."""
        start = match.start()
        before = self.text[max(0, start - 5):start]
        word = re.search(r"([^\W\d]+)$", before)
        year_before = re.search(r"(?<!\d)(?:1[5-9]|20)\d\d$", before)
        decade = re.search(r"(?<!\d)(?:1[5-9]|20)\d0s$", before)  # "the 1980s¹": not "10 s⁻¹"
        power = match.group(0) in {"²", "³"}
        if before[-1:] in {"⁻", "⁺"} and before[-2:-1] not in _SUPER:
            return True  # "3 s⁻¹": a negative power ("²⁻⁴" is a range of calls)
        if power and _LONE_LETTER.search(before):
            return True  # "R²", "*r*²", "x³": a variable's power
        return bool((before[-1:].isdigit() and not year_before) or (
            word and fold(word.group(1)) in self.units and (
                len(before) < 4 or not before[-len(word.group(1)) - 1].isalpha())
            and not decade and power))

    def markdown_calls(self) -> list[_Marker]:
        if "[^" not in self.text:  # the usual case, found at once (the pattern's look-
            return []              # behind otherwise tries every place of a long text)
        return [(match.start(), match.end(), match.group("label") or match.group("glued"),
                 "markdown")
                for match in _MD_REF.finditer(self.text) if match.start() not in self.skipped]

    def bare_calls(self) -> list[_Marker]:
        """Numbers glued to a word or after its stop ("mot.3 Suite"), not a decimal, a
        section number, a score, a counted noun or a numbered heading."""
        text, bare = self.text, []
        for match in _DIGIT_RUN.finditer(text):
            start = match.start()
            if match.end() - start > 2 or not _BARE_AFTER.match(text, match.end()):
                continue
            call_context = _BARE_BEFORE.search(text, max(0, start - 2), start)
            if not call_context or start in self.skipped or self.at_line_start(start):
                continue
            if self._not_a_bare_call(start):
                continue
            bare.append((start, match.end(), match.group(0), "bare"))
        return bare

    def _not_a_bare_call(self, start: int) -> bool:
        text = self.text
        spaced = text[start - 1:start].isspace()
        anchor = start - 1 if spaced else start
        prev_char = text[anchor - 1] if anchor > 0 else ""
        if (prev_char.isalnum() and not spaced) or prev_char.isdigit():
            return True  # "word2" is not a call; "1 2" neither
        if not spaced and prev_char in ".," and text[anchor - 2:anchor - 1].isdigit():
            return True  # "6,7", "tableau D3.1", "section 4.2": a decimal or a section number
        if _SCORE_BEFORE.search(text, max(0, anchor - 16), anchor):
            return True  # "3 à 1.", "won 2 to 1.": a score or a ratio
        previous_word = re.search(r"([\w°º]+)[\s.]*$", text[max(0, anchor - 30):anchor])
        if previous_word and (fold(previous_word.group(1)) in self.nouns
                              or previous_word.group(1).isdigit()):
            return True
        return _on_a_heading(text, start)  # "### Séjour 1", "Chapter 2": a heading

    def calls_like_their_notes(self, markers: list[_Marker], pattern: re.Pattern[str],
                               style: str, labels: set[str] | None = None) -> list[_Marker]:
        """Where the notes are written "[1] …", "(1) …" or "* …", the same marks in the
        text are their calls; ``labels``: only the marks some note has ("(2020)" or an
        enumeration's "(4)" are not calls)."""
        return sorted(markers + [
            (match.start(), match.end(), match.group("label"), style)
            for match in pattern.finditer(self.text)
            if (labels is None or match.group("label") in labels)
            and match.start() not in self.skipped and not self.at_line_start(match.start())])


class _NoteTexts:
    """The note texts of one document: "[^7]: …" definitions (wherever they stand, under
    the references too), "* …" notes outside Markdown, "1. …", "[1] …", "(1) …",
    superscript and ``<sup>`` lines; and how they are written."""

    def __init__(self, doc: Document, lines: list[Line], skipped: Ranges, byline: int,
                 notes_sections: list[Section]) -> None:
        self.candidates: list[_Candidate] = []
        self.definitions: dict[str, int] = {}
        self.bracketed = False
        self.parenthesized: set[str] = set()
        self.starred: set[str] = set()
        wrapped = doc.kind == "html"  # its line breaks are the source's wrapping
        for line_index, line in enumerate(lines):
            opener = line.text[:4].lstrip()[:1]
            definition = _MD_DEF.match(line.text) if opener == "[" else None
            if definition:
                end = _paragraph_end(lines, line_index, wrapped)
                self.candidates.append((line.start, end, definition.group("label"),
                                        doc.text[line.start:end], "markdown"))
                self.definitions[definition.group("label")] = len(self.candidates) - 1
            elif not (opener not in _NOTE_OPENERS or line.start in skipped or (
                    line.start < byline and (opener == "<" or opener in _SUPER))):
                # a note line opens with "[", a digit or a superscript
                self._numbered(doc, lines, line_index, wrapped, notes_sections)

    def _numbered(self, doc: Document, lines: list[Line], line_index: int, wrapped: bool,
                  notes_sections: list[Section]) -> None:
        line = lines[line_index]
        star = _STAR_LINE.match(line.text) if doc.kind not in _STARS_ITALIC else None
        if star:  # in Markdown "* " opens a list item (LaTeX's \item and \emph are read so)
            end = _paragraph_end(lines, line_index, wrapped)
            self.candidates.append((line.start, end, star.group("star"), doc.text[line.start:end],
                                    "numbered"))
            self.starred.add(star.group("star"))
            return
        note = _NOTE_LINE.match(line.text) or _HTML_SUP_LINE.match(line.text)
        if note:
            groups = note.groupdict()
            label = (groups.get("num") or groups.get("br") or groups.get("par")
                     or groups.get("html") or (groups.get("sup") or "").translate(_SUPER_MAP))
            self.bracketed = self.bracketed or groups.get("br") is not None
            if groups.get("par") is not None:
                self.parenthesized.add(label)
            style = "notes" if any(s.start <= line.start < s.end for s in notes_sections) else "numbered"
            end = _paragraph_end(lines, line_index, wrapped)
            self.candidates.append((line.start, end, label, doc.text[line.start:end], style))


def _pairs(markers: list[_Marker], candidates: list[_Candidate],
           definitions: dict[str, int]) -> dict[int, int]:
    """Each call's note text: a "[^7]" its definition; a number the first text with that
    number after the call, else one in a Notes section."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    by_label: dict[str, list[int]] = {}
    for i, candidate in enumerate(candidates):
        if candidate[4] != "markdown":
            by_label.setdefault(candidate[2], []).append(i)
    # Where each label's texts start, made once (not once per call: a long document has
    # thousands of calls numbered alike, chapter after chapter).
    starts = {label: [candidates[i][0] for i in same] for label, same in by_label.items()}
    for index, (start, _end, label, style) in enumerate(markers):
        if style == "markdown":
            target = definitions.get(label)
            if target is not None:
                pairs[index] = target
                used.add(target)
            continue
        same = by_label.get(label, [])
        first_after = bisect.bisect_right(starts[label], start) if same else 0
        target = next((i for i in same[first_after:] if i not in used), None)
        if target is None:
            target = next((i for i in same if i not in used and candidates[i][4] == "notes"), None)
        if target is not None:
            pairs[index] = target
            used.add(target)
    return pairs


_PROSE_LINE = re.compile(r"[a-zà-ÿ][.!?]\S*\s+[A-ZÀ-Ý]|^.{100}")
"""A line of prose: a sentence ends and another starts in it, or it is long."""


def _byline_end(doc: Document, lines: list[Line]) -> int:
    """Where a Markdown article's affiliations end: the last line, above its second
    heading and within its first 60 lines, that opens with a superscript number
    ("<sup>2</sup>Université de Bordeaux").  Superscripts above it mark authors'
    affiliations ("Ana Roe<sup>2</sup>"), not notes; 0 when there are none."""
    if doc.kind != "markdown":
        return 0
    end = 0
    headings = 0
    for line in lines[:60]:
        if markdown_level(line.text) is not None:
            headings += 1
            if headings > 1:
                break
        elif _HTML_SUP_LINE.match(line.text) or (
                (first := line.text.lstrip()[:1]) and first in _SUPER):
            end = line.end
        elif not end and _PROSE_LINE.search(line.text):
            return 0  # prose above: these are notes, not affiliations
    return end


def _on_a_heading(text: str, pos: int) -> bool:
    """``pos`` is on a heading: a Markdown ``#`` line, or a short line standing alone
    between blank lines (a title, an HTML ``<h3>``)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end == -1 else end
    line = text[start:end]
    if markdown_level(line) is not None:
        return True
    if len(line.strip()) > 80 or re.search(r"[.!?;]\s", line):
        return False  # long, or sentences: a paragraph
    before = text[max(0, start - 2):start]
    after = text[end:end + 2]
    return (start == 0 or before == "\n\n") and (end == len(text) or after.startswith("\n\n")
                                                 or after == "\n")


def _power_before(text: str, start: int, body: str, units: frozenset[str]) -> bool:
    """``*r*<sup>2</sup>``, ``m<sup>2</sup>``, ``10<sup>-3</sup>``: a power, not a call."""
    before = text[max(0, start - 12):start]
    if _POWER_BASE.search(before):
        return True
    word = re.search(r"([^\W\d_]+)$", before)
    return bool(word and body in {"2", "3"} and fold(word.group(1)) in units)


def _sequence(
    markers: list[tuple[int, int, str, str]], bare: list[tuple[int, int, str, str]]
) -> list[tuple[int, int, str, str]]:
    """Keep bare-number calls only where they continue the run of calls (1, 2, 3…)."""
    merged = sorted(markers + bare)
    accepted: list[tuple[int, int, str, str]] = []
    last = 0
    for item in merged:
        _start, _end, label, style = item
        if style != "bare":
            accepted.append(item)
            if label.isdigit():
                last = max(last, int(label))
            continue
        if int(label) == last + 1:
            accepted.append(item)
            last += 1
    return accepted


def _paragraph_end(lines: list[Line], index: int, lazy: bool = False) -> int:
    """A note text runs to the next blank line, note line or heading-like line.
    ``lazy``: the text's line breaks are the source's wrapping (HTML), so an unindented
    line continues the note too."""
    end = lines[index].end
    for following in range(index + 1, len(lines)):
        line = lines[following]
        if line.blank or _NOTE_LINE.match(line.text) or _MD_DEF.match(line.text):
            break
        # An unindented line continues only a Markdown definition (lazy continuation).
        if not (lazy or line.text[:1].isspace() or _MD_DEF.match(lines[index].text)):
            break
        end = line.end
    return end
