"""Readers of the formats that are not plain text: XML articles (JATS, TEI), packages
(Word, ODT, EPUB) and PDF.  Each gives the text the extractors read with every
character's place; these pick the reader and build the ``Document``."""

from __future__ import annotations

from citecheck.errors import InputError
from citecheck.ingest.xmltext import parse
from citecheck.model import Document, DocumentKind

_TEI = "http://www.tei-c.org/ns/1.0"


def read_xml(source: str, name: str, line_starts: tuple[int, ...],
             bibliographies: tuple[str, ...]) -> Document:
    """A JATS or TEI article; its spans point into the XML file."""
    root = parse(source, name)
    top = root.elements()
    tag = top[0].tag if top else ""
    if tag == "TEI" or (top and top[0].ns == _TEI):
        from citecheck.ingest.tei import tei_to_text

        text, offsets, markup, title = tei_to_text(root)
        kind = DocumentKind.TEI
    elif tag == "article":
        from citecheck.ingest.jats import jats_to_text

        text, offsets, markup, title = jats_to_text(root)
        kind = DocumentKind.JATS
    else:
        raise InputError(f"{name}: XML that is neither a JATS article nor a TEI document "
                         f"(its root is <{tag}>)")
    return Document(name, kind, text, line_starts, offsets, bibliographies, title=title,
                    markup=markup)


def read_package(suffix: str, data: bytes, name: str, bibliographies: tuple[str, ...]) -> Document:
    """A Word, ODT, EPUB or PDF file; its spans count in the text read from it."""
    pages: tuple[int, ...] = ()
    if suffix == ".docx":
        from citecheck.ingest.docx import docx_to_text

        text, offsets, source = docx_to_text(data, name)
        kind = DocumentKind.DOCX
    elif suffix == ".odt":
        from citecheck.ingest.odt import odt_to_text

        text, offsets, source = odt_to_text(data, name)
        kind = DocumentKind.ODT
    elif suffix == ".epub":
        from citecheck.ingest.epub import epub_to_text

        text, offsets, source = epub_to_text(data, name)
        kind = DocumentKind.EPUB
    else:
        from citecheck.ingest.pdf import pdf_to_text

        text, offsets, source, pages = pdf_to_text(data, name)
        kind = DocumentKind.PDF
    return Document(name, kind, text, Document.line_starts_of(source), offsets, bibliographies,
                    source=source, pages=pages)
