"""Bibliography entries: split a bibliography into entries, parse each one in phases.

Splitting (``split``) follows bullets, numbers (``[12]``, ``12.``), blank lines, hanging
indents and wrapped lines.  Parsing (``entry``) reads author–date styles (Chicago, APA,
Harvard), MLA, IEEE/numbered, Vancouver, compact physics/chemistry styles and French ISO
690, with « … », “…”, "…", '…' and *italic* titles, in phases: the raw text's marks
(``marks``), where the names end (``authors``), the title (``title``), what follows it
(``tail``), the year (``dates``).  Each phase is a sequence of general rules named after
the style feature they read; none knows any particular document.
"""

from citecheck.extract.references.entry import parse_entry
from citecheck.extract.references.shapes import YEAR, year_status, year_statuses
from citecheck.extract.references.split import (
    EntryText,
    extract_references,
    make_reference,
    split_entries,
    unparsed_reference,
)

__all__ = ["YEAR", "EntryText", "extract_references", "make_reference", "parse_entry",
           "split_entries", "unparsed_reference", "year_status", "year_statuses"]
