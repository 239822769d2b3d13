"""ODT and EPUB files for tests, written as LibreOffice and EPUB 3 write them (XML parts
in a zip), from the same few paragraphs: a footnote, an italic title, a link, a list of
references."""

from __future__ import annotations

import zipfile
from pathlib import Path

ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:xlink="http://www.w3.org/1999/xlink"')


def write_odt(path: Path) -> Path:
    content = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {ODT_NS} office:version="1.3">
<office:automatic-styles><style:style style:name="T1" style:family="text">
<style:text-properties fo:font-style="italic"/></style:style></office:automatic-styles>
<office:body><office:text>
<text:h text:outline-level="1">Le vélo en ville</text:h>
<text:p>Les déplacements à vélo ont augmenté de 37 % en cinq ans<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Baromètre des mobilités, 2024.</text:p></text:note-body></text:note>, selon <text:span text:style-name="T1">La ville cyclable</text:span> (Dupont, 2021).</text:p>
<text:p>Le <text:a xlink:type="simple" xlink:href="https://www.velo-territoires.org/obs">rapport</text:a> le<text:s/>confirme (Martin, 2018).</text:p>
<text:h text:outline-level="1">Références</text:h>
<text:p>Dupont, J. (2021). La ville cyclable. Paris : Le Moniteur.</text:p>
<text:p>Martin, C. (2019). La sécurité perçue. Revue des transports, 12(3), 45-67.</text:p>
</office:text></office:body></office:document-content>"""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return path


def write_epub(path: Path) -> Path:
    container = """<?xml version="1.0"?><container version="1.0"
 xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>
<rootfile full-path="OEBPS/book.opf" media-type="application/oebps-package+xml"/>
</rootfiles></container>"""
    package = """<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf"
 version="3.0"><manifest><item id="c1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="text/notes.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>"""
    head = ('<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
            'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>t</title></head><body>')
    chapter = head + """<h1>Le vélo en ville</h1>
<p>Les déplacements à vélo ont augmenté de 37 % en cinq ans<a epub:type="noteref" href="notes.xhtml#n1">1</a>, selon <em>La ville cyclable</em> (Dupont, 2021).</p>
<p>Le <a href="https://www.velo-territoires.org/obs">rapport</a> le confirme (Martin, 2018).</p>
<h2>Références</h2>
<p>Dupont, J. (2021). La ville cyclable. Paris : Le Moniteur.</p>
<p>Martin, C. (2019). La sécurité perçue. Revue des transports, 12(3), 45-67.</p>
</body></html>"""
    notes = head + """<section epub:type="endnotes"><aside epub:type="endnote" id="n1">
<p>Baromètre des mobilités, 2024.</p></aside></section></body></html>"""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("OEBPS/book.opf", package)
        archive.writestr("OEBPS/text/ch1.xhtml", chapter)
        archive.writestr("OEBPS/text/notes.xhtml", notes)
    return path
