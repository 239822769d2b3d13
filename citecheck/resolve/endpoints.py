"""Service base URLs (CONTRACT.md), overridable by environment variables.

A base may carry a path prefix (``http://127.0.0.1:8080/crossref``); paths are
appended to it.  Configured endpoints are trusted (they may be on loopback);
URLs from documents never are.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Endpoints:
    crossref: str = "https://api.crossref.org"
    datacite: str = "https://api.datacite.org"
    doi: str = "https://doi.org"
    wayback: str = "https://archive.org"
    openlibrary: str = "https://openlibrary.org"
    spn: str = "https://web.archive.org"
    """Save Page Now (``citecheck archive``)."""

    @classmethod
    def from_env(cls) -> Endpoints:
        defaults = cls()
        return cls(
            crossref=os.environ.get("CITECHECK_CROSSREF_URL", defaults.crossref).rstrip("/"),
            datacite=os.environ.get("CITECHECK_DATACITE_URL", defaults.datacite).rstrip("/"),
            doi=os.environ.get("CITECHECK_DOI_URL", defaults.doi).rstrip("/"),
            wayback=os.environ.get("CITECHECK_WAYBACK_URL", defaults.wayback).rstrip("/"),
            openlibrary=os.environ.get("CITECHECK_OPENLIBRARY_URL", defaults.openlibrary).rstrip("/"),
            spn=os.environ.get("CITECHECK_SPN_URL", defaults.spn).rstrip("/"),
        )
