"""citecheck: checks that what an essay or article cites holds.

The package is a pipeline: ``ingest`` turns files into ``Document``s,
``extract`` finds references, citations, footnotes, identifiers and figures,
``resolve`` asks registries and the web (when allowed), ``check`` turns all of
that into ``Finding``s and ``report`` renders them.
"""

__version__ = "0.1.0"
