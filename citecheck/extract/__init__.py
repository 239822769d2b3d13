"""Reading: ``Document`` → ``Extraction`` (``citecheck.extract.document.extract``).

One module per kind of thing read (bibliography, footnotes, citations, identifiers,
figures…).  This package imports none of them: the audit reads a document's
identifiers first, to start checking its links, and imports the rest meanwhile.
"""
