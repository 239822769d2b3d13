"""PDF → the characters on each page, with their boxes and sizes, and the page's links.

PDFium (``pypdfium2``, wheels for every platform) reads the text layer: each character's
box and font size, in the order the page draws them, and each link annotation's
rectangle and address.  ``pdflayout`` turns them into lines, paragraphs and notes.
(``bench/pdf_reading.py`` measures this reader against pdfminer.six's.)

A PDF with no text layer (a scan) and an encrypted one are refused with a message that
says so: "no references" would be a false answer.
"""

from __future__ import annotations

import ctypes
import math
from typing import Any

from citecheck.errors import InputError
from citecheck.ingest.pdflayout import Char, Page, layout

MAX_PAGES = 5000


def _chars(textpage: Any, raw: Any) -> list[Char]:
    count = raw.FPDFText_CountChars(textpage)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, right, bottom, top)]
    matrix = raw.FS_MATRIX()
    found = []
    for index in range(count):
        code = raw.FPDFText_GetUnicode(textpage, index)
        if code in (13, 10, 0xFFFE, 0xFFFF) or code == 0:
            found.append(Char("\n", 0, 0, 0, 0, 0, True))
            continue
        generated = bool(raw.FPDFText_IsGenerated(textpage, index))
        raw.FPDFText_GetCharBox(textpage, index, *refs)
        # The type's size on the page: the font's size scaled by the text matrix (Word
        # writes fonts of size 1 scaled by 10; Chromium, sizes in pixels scaled by 0.75).
        raw.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix))
        size = raw.FPDFText_GetFontSize(textpage, index) * (math.hypot(matrix.c, matrix.d) or 1.0)
        text = chr(code) if code < 0x110000 else "\ufffd"
        hyphen = raw.FPDFText_IsHyphen(textpage, index) == 1
        if hyphen and code < 0x20:
            text = "-"  # PDFium's code for a hyphen it took for a line end's
        found.append(Char(text, left.value, right.value, bottom.value, top.value,
                          0.0 if generated else size, generated, hyphen,
                          raw.FPDFText_GetFontWeight(textpage, index)))
    return found


def _links(pdf: Any, page: Any, raw: Any) -> list[tuple[tuple[float, float, float, float], str]]:
    """Each link annotation's rectangle and web address."""
    found = []
    position = ctypes.c_int(0)
    link = raw.FPDF_LINK()
    rect = raw.FS_RECTF()
    while raw.FPDFLink_Enumerate(page, ctypes.byref(position), ctypes.byref(link)):
        action = raw.FPDFLink_GetAction(link)
        if not action or raw.FPDFAction_GetType(action) != raw.PDFACTION_URI:
            continue
        size = raw.FPDFAction_GetURIPath(pdf, action, None, 0)
        if not 0 < size <= 8192:
            continue
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFAction_GetURIPath(pdf, action, buffer, size)
        uri = buffer.value.decode("utf-8", errors="replace")
        if raw.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)) and uri.startswith(
                ("http://", "https://")):
            found.append(((rect.left, rect.bottom, rect.right, rect.top), uri))
    return found


def read_pages(data: bytes, name: str) -> list[Page]:
    """The pages of a PDF, as characters and links."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(f"{name}: an encrypted PDF that needs a password: citecheck "
                             "cannot read it (save a copy without the password)") from None
        raise InputError(f"{name}: not a readable PDF ({exc})") from None
    pages = []
    try:
        if len(pdf) > MAX_PAGES:
            raise InputError(f"{name}: {len(pdf)} pages, more than the {MAX_PAGES} read")
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            width, height = page.get_size()
            pages.append(Page(index + 1, width, height, _chars(textpage.raw, raw),
                              _links(pdf.raw, page.raw, raw)))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return pages


def pdf_to_text(data: bytes, name: str) -> tuple[str, tuple[int, ...], str, tuple[int, ...]]:
    """(text, offsets into the source, source, line each page begins on) of a PDF."""
    pages = read_pages(data, name)
    if pages and not any(c.text.strip() for page in pages for c in page.chars):
        raise InputError(f"{name}: a scanned PDF with no text layer: there is no text to "
                         "check (run OCR on it first, e.g. with ocrmypdf)")
    return layout(pages)
