"""Word files for tests, written as Word writes them (WordprocessingML parts in a zip),
without a Word library: paragraphs of runs, italic runs, hyperlinks, footnotes."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')

HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
Run = tuple  # ("text", s) | ("italic", s) | ("note", n) | ("link", url, s) | ("field", url, s)


def _runs(runs: list[Run], links: list[str]) -> str:
    out = []
    for run in runs:
        kind = run[0]
        if kind == "text":
            out.append(f'<w:r><w:t xml:space="preserve">{escape(run[1])}</w:t></w:r>')
        elif kind == "italic":
            out.append(f'<w:r><w:rPr><w:i/></w:rPr><w:t>{escape(run[1])}</w:t></w:r>')
        elif kind == "note":
            out.append('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                       f'<w:footnoteReference w:id="{run[1]}"/></w:r>')
        elif kind == "link":
            links.append(run[1])
            out.append(f'<w:hyperlink r:id="rIdLink{len(links)}"><w:r><w:t>{escape(run[2])}'
                       '</w:t></w:r></w:hyperlink>')
        elif kind == "field":
            out.append('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                       f'<w:r><w:instrText xml:space="preserve"> HYPERLINK "{run[1]}" </w:instrText></w:r>'
                       '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                       f'<w:r><w:t>{escape(run[2])}</w:t></w:r>'
                       '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        elif kind == "deleted":
            out.append(f'<w:del w:id="9" w:author="x"><w:r><w:delText>{escape(run[1])}'
                       '</w:delText></w:r></w:del>')
    return "".join(out)


def write_docx(path: Path, paragraphs: list[tuple[str | None, list[Run]]],
               notes: dict[int, str] | None = None) -> Path:
    """``paragraphs``: (style or None, runs), a style "TableCell" making the paragraph a
    table's cell; ``notes``: footnote id → text."""
    links: list[str] = []
    def paragraph(style: str | None, runs: list[Run]) -> str:
        if style == "TableCell":  # a one-cell table holding the paragraph
            return ("<w:tbl><w:tr><w:tc><w:p>" + _runs(runs, links)
                    + "</w:p></w:tc></w:tr></w:tbl>")
        return ("<w:p>" + (f'<w:pPr><w:pStyle w:val={quoteattr(style)}/></w:pPr>'
                           if style else "") + _runs(runs, links) + "</w:p>")

    body = "".join(paragraph(style, runs) for style, runs in paragraphs)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f"<w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>")
    rels = "".join(
        f'<Relationship Id="rIdLink{i}" Type="{HYPERLINK}" Target={quoteattr(url)} '
        'TargetMode="External"/>' for i, url in enumerate(links, 1))
    footnotes = "".join(
        f'<w:footnote w:id="{key}"><w:p><w:r><w:footnoteRef/></w:r><w:r>'
        f'<w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        for key, text in (notes or {}).items())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'))
        archive.writestr("word/document.xml", document)
        archive.writestr("word/_rels/document.xml.rels",
                         f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        archive.writestr("word/footnotes.xml", (
            f'<?xml version="1.0"?><w:footnotes {NS}><w:footnote w:type="separator" '
            'w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            f"{footnotes}</w:footnotes>"))
    return path
