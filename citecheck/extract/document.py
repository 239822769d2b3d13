"""``Document`` → ``Extraction``: everything the checks need, with spans.

Reads the bibliography (or the ``.bib`` files a Markdown document names),
footnote calls and texts, in-text citations, DOIs and URLs.  It makes no
judgement: findings are ``check``'s job.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from citecheck.extract.bibtex import references_from_bib, unreadable_entries
from citecheck.extract.citations import extract_citations
from citecheck.extract.dates import publication_date
from citecheck.extract.footnotes import extract_footnotes
from citecheck.extract.given import given_citations, given_references
from citecheck.extract.identifiers import (
    Identifiers,
    extract_identifiers,
    with_bibliography_documents,
)
from citecheck.extract.liquid import liquid_citations
from citecheck.extract.myst import myst_citations
from citecheck.extract.notes_refs import note_citations
from citecheck.extract.numbered import superscript_citations
from citecheck.extract.references import EntryText, extract_references, make_reference
from citecheck.extract.rendered import (
    RenderedBibliography,
    anchor_citations,
    entry_anchor,
    label_citations,
    rendered_bibliography,
    unresolved_citations,
)
from citecheck.extract.structure import (
    Section,
    bibliography_sections,
    code_spans,
    find_notes_sections,
    find_sections,
    heading_key,
    headings,
    split_lines,
    standalone_lines,
)
from citecheck.ingest.files import load_bibliography
from citecheck.ingest.prose import caption_spans, table_spans
from citecheck.lexicon import folded_set
from citecheck.model import Citation, Document, Extraction, Reference
from citecheck.text import Ranges, guess_language, merge_spans

_FRONT_TITLE = re.compile(r"""^title:\s*(?P<q>["']?)(?P<title>.+?)(?P=q)\s*$""")


def _title(lines: list[str]) -> str | None:
    """The YAML front matter's ``title:`` (Pandoc, Jekyll, Hugo), else the first line
    that reads like a title."""
    if lines and lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:60], 1) if line.strip() in {"---", "..."}),
                   None)
        if end is not None:
            for line in lines[1:end]:
                found = _FRONT_TITLE.match(line.strip())
                if found:
                    return found.group("title").strip() or None
            lines = lines[end + 1:]
    for index, line in enumerate(lines[:40]):
        stripped = line.strip().strip("#*_ ")
        longest = 250 if line.startswith("# ") else 120  # a Markdown title may be long
        if 3 <= len(stripped) <= longest and "://" not in stripped and not stripped.startswith(
            ("-", "!", "<")
        ) and not re.match(r"\[[^\]]*\]\(", stripped):
            return _without_site_name(stripped, lines[index + 1:index + 40])
    return None


_TITLE_PARTS = re.compile(r"\s+[|–—·•-]\s+")


def _without_site_name(title: str, below: list[str]) -> str:
    """A web page's title carries its site's name ("Le vélo gagne du terrain | La
    Gazette"): the part the page repeats as a heading of its own is the title."""
    parts = _TITLE_PARTS.split(title)
    if len(parts) > 1:
        headings = {line.strip().strip("#*_ ") for line in below}
        for part in parts:
            if len(part) >= 3 and part in headings:
                return part
    return title


def extract(doc: Document, identifiers: Identifiers | None = None) -> Extraction:
    """``identifiers``: ``extract_identifiers(doc)`` when the caller has it already (the
    audit reads them first, to start checking links sooner)."""
    lang = guess_language(doc.text, folded_set("languages", "fr"), folded_set("languages", "en"))
    # Read once: for their entries, and (when the caller has no identifiers) their links.
    bib_documents = [load_bibliography(Path(bib_path)) for bib_path in doc.bib_paths]
    if identifiers is None:
        identifiers = with_bibliography_documents(extract_identifiers(doc), bib_documents)
    # Entries BibTeX cannot read, said at their line (in the .bib audited alone too).
    unreadable = tuple(m for bib in (doc, *bib_documents) if bib.kind == "bib"
                       for m in unreadable_entries(bib))
    if doc.kind == "bib":
        return Extraction(
            references=tuple(references_from_bib(doc)),
            dois=identifiers.dois,
            links=identifiers.links,
            malformed=(*identifiers.malformed, *unreadable),
            lang=lang,
        )
    lines = split_lines(doc.text)
    standalone = standalone_lines(lines)
    # With bibliography files, a "References" heading is where Pandoc will print the
    # entries (or a chapter about writing them), not a list to read.
    sections = bibliography_sections(doc.text, lines, standalone)
    reading_names = folded_set("headings", "further_reading")
    lists = [s for s in sections if s.heading and heading_key(s.heading.text) in reading_names]
    cited_lists = [s for s in sections if s not in lists]
    section = None if doc.kind == "markdown" and doc.bib_paths else (
        cited_lists[-1] if cited_lists else lists[-1] if lists else None)
    references: list[Reference] = []
    code = code_spans(doc.text) if doc.kind == "markdown" else []
    rendered = rendered_bibliography(doc.text) if doc.kind == "markdown" else None
    # Pandoc's own output, when no bibliography file says the document is its source.
    printed = rendered is not None and not doc.bib_paths
    if doc.markup is not None and doc.markup.bibliography is not None:
        section = Section(None, *doc.markup.bibliography)
        references = given_references(doc, doc.markup)
    elif rendered and printed:
        section = Section(None, rendered.start, rendered.end)
        references = rendered_references(doc, rendered)
    elif section:
        notes_below = _NOTE_DEFINITION.search(doc.text, section.start, section.end)
        if notes_below and doc.kind == "markdown":  # "[^1]: …" after the list: the notes
            section = Section(section.heading, section.start, notes_below.start())
        references = [dataclasses.replace(r, key=anchor) if (anchor := entry_anchor(r.raw))
                      and not r.key else r
                      for r in extract_references(doc, section.start, section.end)
                      if not _CAPTION_ENTRY.match(r.raw)]
    # A reading list ("Further reading", "Pour aller plus loin") offers its entries: they
    # are read, never reported uncited.
    offered: list[Reference] = []  # the entries of the reading lists other than ``section``
    for extra in (s for s in lists if s is not section):
        offered += [dataclasses.replace(r, id=f"f{len(offered) + i}")
                    for i, r in enumerate(extract_references(doc, extra.start, extra.end), 1)]
    reading = [*(references if section in lists else []), *offered]
    references = [*references, *offered]
    # What no call, citation or figure is read in.
    exclude = merge_spans([*code, *((s.start, s.end) for s in lists),
                           *([(section.start, section.end)] if section else [])])
    for bib_doc in bib_documents:
        references.extend(references_from_bib(bib_doc, id_prefix=f"r{len(references)}."))
    notes_sections = find_notes_sections(doc.text, lines, standalone)
    own_data = find_sections(lines, standalone, folded_set("headings", "own_data"),
                             len(doc.text), folded_set("headings", "own_data_words"))
    footnotes = extract_footnotes(doc, lines, exclude, notes_sections)
    note_spans = [(n.span.start, n.span.end) for n in footnotes.notes]
    keys = {r.key for r in references if r.key}
    anchored = anchor_citations(doc, keys, exclude) if rendered or keys else []
    anchored += given_citations(doc, doc.markup) if doc.markup else []
    labels = {r.key for r in references if r.key and _ENTRY_LABEL_LINE.match(r.raw)}
    anchored += label_citations(doc, labels, merge_spans(
        [*exclude, *((c.span.start, c.span.end) for c in anchored)]))
    citations = extract_citations(
        doc, merge_spans([*exclude, *((c.span.start, c.span.end) for c in anchored)]),
        references, note_spans)
    if doc.markup and doc.markup.calls:  # a marked-up call is read as marked, only
        calls = Ranges([(call.start, call.end) for call in doc.markup.calls])
        citations = [c for c in citations
                     if c.span.start not in calls and c.span.end - 1 not in calls]
    unresolved = unresolved_citations(doc, exclude) if doc.rendered or rendered else []
    liquid = liquid_citations(doc, exclude) if doc.kind == "markdown" else []
    liquid += myst_citations(doc, exclude) if doc.kind == "markdown" else []
    # Notes that give a work in full, where a bibliography should list it too.
    answered = {*footnotes.pairs.values(), *(i for i, n in enumerate(footnotes.notes)
                                             if n.style == "markdown")}
    in_notes = note_citations(doc, tuple(n for i, n in enumerate(footnotes.notes)
                                          if i in answered)) if references else []
    citations = sorted([*citations, *anchored, *unresolved, *liquid, *in_notes],
                       key=lambda c: c.span.start)
    references, set_aside = _cited_part_of_library(doc, references, citations)
    markers, pairs = footnotes.markers, footnotes.pairs
    cited, replaced = superscript_citations(doc, markers, pairs, references)
    if replaced:  # superscripts that cite the numbered bibliography are not note calls
        citations = sorted(citations + cited, key=lambda c: c.span.start)
        gone = set(replaced)
        kept = [i for i in range(len(markers)) if i not in gone]
        markers = tuple(markers[i] for i in kept)
        pairs = {new: pairs[old] for new, old in enumerate(kept) if old in pairs}
    return Extraction(
        references=tuple(references),
        citations=tuple(citations),
        markers=markers,
        notes=footnotes.notes,
        note_pairs=pairs,
        unused_notes=footnotes.unused,
        dois=identifiers.dois,
        links=identifiers.links,
        malformed=(*identifiers.malformed, *unreadable),
        bibliography=(section.start, section.end) if section else None,
        code=tuple(code),
        not_claims=tuple(merge_spans(
            [*headings(lines, standalone), *((s.start, s.end) for s in lists),
             *((s.start, s.end) for s in own_data if s.heading and _quiet(
                 heading_key(s.heading.text))),
             *(table_spans(doc.text) if doc.kind in _TABLED else ()),
             *caption_spans(doc.text)])),
        own_data=(*((s.start, s.end) for s in own_data),
                  *(doc.markup.own_data if doc.markup else ())),
        bib_documents=tuple(bib_documents),
        missing_bibs=doc.missing_bibs,
        library_keys=set_aside,
        rendered=doc.rendered or printed,
        reading_list=tuple(r.id for r in reading),
        title=doc.title or _title([line.text for line in lines]),
        lang=lang,
        published=_iso(publication_date(doc.text)),
    )


def rendered_references(doc: Document, rendered: RenderedBibliography) -> list[Reference]:
    """The entries of a bibliography Pandoc rendered (``csl-entry`` blocks), each
    parsed as a formatted entry and keyed by its anchor."""
    return [dataclasses.replace(make_reference(doc, index, EntryText(e.start, e.end, None)),
                                key=e.key)
            for index, e in enumerate(rendered.entries, start=1)]


_LIBRARY_MIN_UNCITED = 10
"""Uncited entries from which a bibliography file that holds more uncited entries than
cited ones is taken for a library (a Zotero export for a whole thesis or site)."""


def _cited_part_of_library(doc: Document, references: list[Reference],
                           citations: list[Citation]) -> tuple[list[Reference], tuple[str, ...]]:
    """A document's references without the entries of a shared library it does not
    cite (``nocite`` keys count as cited; ``nocite: '@*'`` keeps them all)."""
    if "*" in doc.nocite or not doc.bib_paths:
        return references, ()
    keys = {c.key for c in citations if c.key} | set(doc.nocite)
    from_files = [r for r in references if r.key is not None and r.span.path != doc.path]
    uncited = [r for r in from_files if r.key not in keys]
    library = doc.shared_bib or (len(uncited) >= _LIBRARY_MIN_UNCITED
                                 and len(uncited) > len(from_files) - len(uncited))
    if not library or not uncited:
        return references, ()
    gone = {id(r) for r in uncited}
    return ([r for r in references if id(r) not in gone],
            tuple(r.key for r in uncited if r.key))


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else None


_CAPTION_ENTRY = re.compile(
    r"[ \t>*_]*(?:Table|Figure|Fig\.|Chart|Tableau|Graphique|Figura|Tabla)[ \t]+\d{1,3}"
    r"[ \t]*[:.—–-]")
"""A caption after the list ("Figure 2. Example effects…", a manuscript's figures come
after its references): no entry."""
_NOTE_DEFINITION = re.compile(r"^\[\^[^\]\s]+\]:", re.M)
"""A Markdown footnote's text, "[^1]: …", which Pandoc sets apart from the list above it."""
_TABLED = frozenset({"markdown", "docx", "latex", "jats", "tei", "odt", "epub"})
"""Kinds whose tables (and, for XML, captions) are written as pipe-table rows."""

_ENTRY_LABEL_LINE = re.compile(r"\s*\[[^\]\s^]{2,60}\]:\s")
"""An entry written "[Lewis2016]: Lewis J, …"."""


def _quiet(heading: str) -> bool:
    """A section of the document's own where no claim is read as unsourced at all: an
    abstract cites no one, by custom; Methods quote the study's materials (a vignette,
    a questionnaire's wording) — data/headings.toml."""
    return heading in folded_set("headings", "summaries") or bool(
        folded_set("headings", "method_words").intersection(heading.split()))
