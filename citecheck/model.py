"""The frozen records that flow through the pipeline.

``ingest`` makes a ``Document``; ``extract`` makes ``Reference``, ``Citation``,
``FootnoteMarker``, ``FootnoteText``, ``Doi`` and ``Link`` records, each with
the ``Span`` of the text it came from; ``check`` makes ``Finding``s; the
reporters read an ``AuditResult``.  Nothing here does I/O.
"""

from __future__ import annotations

import bisect
import enum
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from citecheck.markup import GivenCall as GivenCall  # re-exported: records of the markup
from citecheck.markup import GivenEntry as GivenEntry
from citecheck.markup import Markup as Markup


class Severity(enum.Enum):
    """How bad a finding is; ``rank`` orders them (worst first is highest)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Span:
    """Where something stands in its source file (1-based, columns in characters)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int = -1
    """Offset of the first character in ``Document.text`` (internal use)."""
    end: int = -1
    """Offset just past the last character in ``Document.text``."""
    page: int = 0
    """In a PDF, the page (1-based); ``line`` then counts the lines of the whole text
    read, and ``page_line`` those of that page.  0 elsewhere."""
    page_line: int = 0

    @property
    def shown(self) -> str:
        """Where a reader finds it: "p. 4, l. 12" in a PDF, "12:5" elsewhere."""
        return f"p. {self.page}, l. {self.page_line}" if self.page else f"{self.line}:{self.column}"

    @property
    def reader_line(self) -> int:
        """The line a reader counts: on its page in a PDF, in the file elsewhere."""
        return self.page_line if self.page else self.line


class DocumentKind(enum.StrEnum):
    """What a document's text is, for the readers that depend on it: its form once read
    (a Typst file's prose is read as Markdown, a CSL-JSON file as a bibliography)."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    LATEX = "latex"
    DOCX = "docx"
    BIB = "bib"
    JATS = "jats"
    TEI = "tei"
    ODT = "odt"
    EPUB = "epub"
    PDF = "pdf"


PACKAGED = frozenset({DocumentKind.DOCX, DocumentKind.ODT, DocumentKind.EPUB, DocumentKind.PDF})
"""Kinds whose file is not text: their spans count in the text read from them
(``Document.source``), and no edit can be made to them by line and column."""


@dataclass(frozen=True, slots=True)
class Document:
    """One input file as text, with what is needed to point back into it.

    ``text`` is what the extractors read.  For ``.txt``/``.md``/``.bib`` it is
    the file itself (newlines normalised, which keeps lines and columns); for
    ``.html`` it is the visible text, and ``offsets`` maps each of its
    characters back to the file so spans still name the file's line/column.
    """

    path: str
    kind: DocumentKind
    text: str
    line_starts: tuple[int, ...]
    """Offsets in the *source* file text at which each line begins."""
    offsets: tuple[int, ...] | None = None
    bib_paths: tuple[str, ...] = ()
    """Bibliography files (BibTeX, CSL-JSON, CSL-YAML, RIS) this document's citations
    refer to (Markdown/Pandoc, LaTeX)."""
    missing_bibs: tuple[str, ...] = ()
    """Bibliography files the document or its project names that are not there."""
    shared_bib: bool = False
    """Its bibliography files are a library shared by a project, not its own list."""
    nocite: tuple[str, ...] = ()
    """Keys the front matter's ``nocite`` lists (``*``: every entry)."""
    title: str | None = None
    """The title its metadata gives (YAML front matter), if any."""
    rendered: bool = False
    """Pandoc's output (its bibliography is ``csl-entry`` blocks): a page whose citations
    were formatted by Pandoc, which prints only the entries cited or ``nocite``d."""
    source: str | None = None
    """The lines spans count in when the file is not text (Word, ODT, EPUB, PDF): the
    text read from it, a paragraph or a printed line a line."""
    pages: tuple[int, ...] = ()
    """In a PDF, the line of ``source`` (1-based) each page begins on."""
    markup: Markup | None = None
    """Entries and calls a JATS or TEI file marks up."""

    @staticmethod
    def line_starts_of(source: str) -> tuple[int, ...]:
        starts = [0]
        find = source.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return tuple(starts)

    def source_offset(self, offset: int) -> int:
        if self.offsets is None:
            return offset
        if not self.offsets:
            return 0
        return self.offsets[min(max(offset, 0), len(self.offsets) - 1)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset."""
        src = self.source_offset(offset)
        index = bisect.bisect_right(self.line_starts, src) - 1
        return index + 1, src - self.line_starts[index] + 1

    def line_span(self, start: int) -> Span:
        """The span of the line that starts at text offset ``start`` (an entry's first
        line in a bibliography file)."""
        end = self.text.find("\n", start)
        return self.span(start, end if end != -1 else len(self.text))

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(max(start, end - 1))
        if not self.pages:
            return Span(self.path, line, column, end_line, end_column + 1, start, end)
        page = bisect.bisect_right(self.pages, line)
        return Span(self.path, line, column, end_line, end_column + 1, start, end,
                    page, line - self.pages[page - 1] + 1)


@dataclass(frozen=True, slots=True)
class Reference:
    """One bibliography entry, parsed."""

    id: str
    span: Span
    raw: str
    authors: tuple[str, ...] = ()
    """Family names in order (corporate authors whole)."""
    et_al: bool = False
    year: str | None = None
    """Four digits with an optional a/b suffix, or ``n.d.``."""
    title: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    doi: str | None = None
    url: str | None = None
    key: str | None = None
    """BibTeX key, for Pandoc ``[@key]`` citations."""
    number: str | None = None
    """Label in a numbered list (``[12]``, ``12.``)."""
    entry_type: str | None = None
    fields: tuple[tuple[str, str], ...] = ()
    """A BibTeX entry's fields as written (names in lower case, values decoded): what
    the checks of its entry type need (``check.local``)."""

    def field(self, name: str) -> str:
        """The BibTeX field ``name`` (lower case) as written, or "" when it is absent."""
        return next((value for key, value in self.fields if key == name), "")

    @property
    def year_digits(self) -> str | None:
        return self.year[:4] if self.year and self.year[:4].isdigit() else None


@dataclass(frozen=True, slots=True)
class Citation:
    """A place in the text that points to a source."""

    span: Span
    text: str
    form: str
    """``parenthetical``, ``narrative``, ``bracketed``, ``pandoc``, ``numbered``,
    ``author-page`` (MLA's "(Sebald 45)"), ``mention`` (an author named without a
    year), ``anchor`` (a link to an entry's anchor), ``unresolved`` (Pandoc's "key?"),
    ``liquid`` (jekyll-scholar's ``{% cite %}``), ``myst`` (MyST's ``{cite:p}`key```),
    ``note`` (a note giving a work in full) or ``title`` (a work with no author, cited by
    its title)."""
    authors: tuple[str, ...] = ()
    et_al: bool = False
    year: str | None = None
    locator: str | None = None
    key: str | None = None
    number: str | None = None
    inline_work: str | None = None
    """A title given in the citation itself, as in ``(Orelsan, Song, 2025)``."""
    in_footnote: bool = False


@dataclass(frozen=True, slots=True)
class FootnoteMarker:
    span: Span
    label: str
    style: str
    """``superscript``, ``markdown`` (``[^1]``), ``bare`` (``» 1.``), or, where the notes are
    written with the same marks, ``bracket`` (``[1]``), ``paren`` (``(1)``) and ``star``
    (``*``, ``†``)."""


@dataclass(frozen=True, slots=True)
class FootnoteText:
    span: Span
    label: str
    text: str
    style: str
    """``markdown`` (``[^1]: …``), ``numbered`` (``1. …`` after the call) or ``notes``
    (a line in a Notes section)."""


@dataclass(frozen=True, slots=True)
class Doi:
    span: Span
    value: str
    """Normalised: no prefix, lower case."""
    raw: str


@dataclass(frozen=True, slots=True)
class Link:
    span: Span
    url: str
    raw: str


@dataclass(frozen=True, slots=True)
class Malformed:
    """A string that was meant as an identifier but is not a valid one."""

    span: Span
    kind: str
    """``doi`` or ``url``."""
    raw: str
    reason: str


class LinkStatus(enum.Enum):
    ALIVE = "alive"
    DEAD = "dead"
    BLOCKED = "blocked"
    ERROR = "error"
    REDIRECTED = "redirected"
    REFUSED = "refused"
    UNCHECKED = "unchecked"
    UNSTABLE = "unstable"
    """Failing, but fewer times than ``--confirm-dead`` asks before "dead"."""


IN_TROUBLE = frozenset({LinkStatus.DEAD, LinkStatus.BLOCKED, LinkStatus.ERROR,
                        LinkStatus.UNSTABLE})
"""Verdicts of pages a reader may not reach (dead, moved to a home or login page, soft
404s, blocked, failing): the Wayback Machine is asked for a capture of each, and its
absence is a warning (``link-unarchived``)."""
REACHED = frozenset({LinkStatus.ALIVE, LinkStatus.REDIRECTED})
"""Verdicts of pages a reader reaches: asked about only with ``--archive all``."""


class ArchiveMode(enum.StrEnum):
    """Which links the Wayback Machine is asked about (``--archive``)."""

    NONE = "none"
    BROKEN = "broken"
    """Those in trouble (``IN_TROUBLE``): where a capture is what a reader needs."""
    ALL = "all"
    """Every link fetched, for editors who want each cited page to have a capture."""

    def wants(self, status: LinkStatus) -> bool:
        return status in IN_TROUBLE if self is ArchiveMode.BROKEN else (
            self is ArchiveMode.ALL and status in IN_TROUBLE | REACHED)


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """What is known of one URL after the (optional) network phase."""

    url: str
    status: LinkStatus = LinkStatus.UNCHECKED
    http_status: int | None = None
    final_url: str | None = None
    archive_url: str | None = None
    reason: str = ""
    title: str | None = None
    """The page's ``og:title`` or ``<title>``, when it was read."""


@dataclass(frozen=True, slots=True)
class Unchecked:
    """A lookup that could not be made; carries why, for the report."""

    reason: str


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    severity: Severity
    span: Span
    message: str
    text: str = ""
    """The offending text, quoted in reports."""
    suggestion: str | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in _catalogued_kinds():
            raise ValueError(f"finding kind {self.kind!r} is not in the catalogue "
                             "(data/kinds.toml): declare it there first")


@functools.cache
def _catalogued_kinds() -> frozenset[str]:
    """The kinds data/kinds.toml declares (citecheck.rules reads the rest of it)."""
    from citecheck.lexicon import load

    return frozenset(load("kinds"))


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything ``extract`` found in one document."""

    references: tuple[Reference, ...] = ()
    citations: tuple[Citation, ...] = ()
    markers: tuple[FootnoteMarker, ...] = ()
    notes: tuple[FootnoteText, ...] = ()
    dois: tuple[Doi, ...] = ()
    links: tuple[Link, ...] = ()
    malformed: tuple[Malformed, ...] = ()
    note_pairs: Mapping[int, int] = field(default_factory=dict)
    """Index in ``markers`` → index in ``notes`` of the text that answers the call."""
    unused_notes: tuple[int, ...] = ()
    """Indexes in ``notes`` of footnote texts that no call uses."""
    bibliography: tuple[int, int] | None = None
    """Text offsets of the bibliography section, if one was found."""
    code: tuple[tuple[int, int], ...] = ()
    """Text offsets of Markdown code (fenced blocks, inline spans): not prose."""
    not_claims: tuple[tuple[int, int], ...] = ()
    """Text offsets where figures are not claims to source: headings (a headline's
    figure is the body's, sourced there) and the sections where a study reports its own
    data (Abstract, Methods, Results: ``own_data`` in data/headings.toml)."""
    own_data: tuple[tuple[int, int], ...] = ()
    """The sections where a study reports its own data, alone: the same figure
    elsewhere (its Discussion, its Conclusion) restates its own result."""
    bib_documents: tuple[Document, ...] = ()
    missing_bibs: tuple[str, ...] = ()
    """Bibliography files the document names that are not there."""
    reading_list: tuple[str, ...] = ()
    """Ids of the entries of a reading list ("Further reading", "Pour aller plus
    loin"): offered, not cited, so never reported uncited."""
    rendered: bool = False
    """The bibliography is one Pandoc printed (``csl-entry`` blocks): it holds what was
    cited or ``nocite``d, so an entry no link cites is no defect."""
    library_keys: tuple[str, ...] = ()
    """Keys of the entries of a shared bibliography (a library) the document does not
    cite: set aside, neither checked nor reported, but still near misses to suggest."""
    """``.bib`` files read for this document's references."""
    title: str | None = None
    lang: str = "en"
    published: str | None = None
    """ISO date the document says it was published, if it says so."""


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One document after checking."""

    document: Document
    extraction: Extraction
    findings: tuple[Finding, ...]
    citation_refs: tuple[str | None, ...]
    """For each citation (same order), the id of the entry it resolves to."""
    link_checks: Mapping[str, LinkCheck] = field(default_factory=dict)
    unchecked: tuple[Unchecked, ...] = ()
    """Why things were left unverified (offline, service down…)."""
    unchecked_count: int = 0


@dataclass(frozen=True, slots=True)
class AuditResult:
    documents: tuple[DocumentResult, ...]

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.documents for f in d.findings if f.severity is severity)

    @property
    def unchecked(self) -> int:
        return sum(d.unchecked_count for d in self.documents)


@dataclass(frozen=True, slots=True)
class AuditOptions:
    """Everything an audit needs to know, built by the CLI or by a caller."""

    paths: tuple[str, ...]
    offline: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    mailto: str | None = None
    allow_private_hosts: bool = False
    max_concurrency: int = 32
    host_concurrency: int = 4
    timeout: float = 20.0
    severity: Mapping[str, Severity] = field(default_factory=dict)
    """Per-kind severity overrides from the configuration."""
    exclude: tuple[str, ...] = ()
    """Glob patterns of paths not to audit."""
    exclude_urls: tuple[str, ...] = ()
    """Regular expressions of URLs not to fetch."""
    accept_status: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    """HTTP statuses that count as alive, per host."""
    language: str | None = None
    bibliography: tuple[str, ...] = ()
    """Bibliography files for every document (``--bibliography``)."""
    baseline: frozenset[str] = frozenset()
    """Fingerprints of findings already known (reported no more)."""
    archive: ArchiveMode = ArchiveMode.BROKEN
    """Which links the Wayback Machine is asked about."""
    confirm_dead: int = 1
    """Failures, at least a day apart, before a link is called dead (``--confirm-dead``)."""


@dataclass(frozen=True, slots=True)
class Work:
    """A registry's record of a work, reduced to what citecheck compares."""

    doi: str
    source: str
    """``crossref``, ``datacite`` or the registration agency that holds it."""
    title: str | None = None
    authors: tuple[str, ...] = ()
    """Family names (or corporate names) in order."""
    year: str | None = None
    """``issued``: the earliest publication year."""
    print_year: str | None = None
    online_year: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    type: str | None = None
    relations: tuple[tuple[str, str], ...] = ()
    """(relation, DOI), e.g. ("is-preprint-of", "10.1038/…")."""
    updates: tuple[tuple[str, str], ...] = ()
    """(update type, DOI of the notice), e.g. ("retraction", "10.…")."""
    score: float | None = None
    """Search relevance, for candidates from a bibliographic query."""


@dataclass(frozen=True, slots=True)
class Found:
    work: Work


@dataclass(frozen=True, slots=True)
class NotFound:
    """The service answered, and it does not hold this (not the same as "does not exist")."""

    reason: str


Lookup = Found | NotFound | Unchecked
