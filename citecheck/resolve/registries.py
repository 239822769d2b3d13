"""Registries: does each cited work exist, and what do the registries say of it?

``Resolver`` chains the services for a DOI — Crossref (batched), then the
registration agency from doi.org, then DataCite, then the handle system — and
searches Crossref for entries that have no DOI.  Every answer is cached
(found long, not-found briefly, failures never); ``offline`` reads the cache
only.  What could not be asked is ``Unchecked``, never "not found".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

from citecheck.model import Found, Lookup, NotFound, Unchecked, Work
from citecheck.resolve.cache import Cache
from citecheck.resolve.crossref import Crossref
from citecheck.resolve.datacite import DataCite
from citecheck.resolve.doiorg import DoiOrg
from citecheck.resolve.endpoints import Endpoints
from citecheck.resolve.http import HttpLayer
from citecheck.resolve.offline import OFFLINE as OFFLINE_REASON
from citecheck.resolve.openlibrary import OpenLibrary

OFFLINE = Unchecked(OFFLINE_REASON)


def work_to_json(work: Work) -> dict[str, Any]:
    return dataclasses.asdict(work)


def work_from_json(data: dict[str, Any]) -> Work:
    data = dict(data)
    for key in ("authors",):
        data[key] = tuple(data.get(key) or ())
    for key in ("relations", "updates"):
        data[key] = tuple(tuple(item) for item in data.get(key) or ())
    return Work(**data)


class Resolver:
    def __init__(self, http: HttpLayer | None, cache: Cache | None, endpoints: Endpoints,
                 offline: bool = False) -> None:
        self.http = http
        self.cache = cache
        self.offline = offline or http is None
        self.crossref = Crossref(http, endpoints.crossref) if http else None
        self.datacite = DataCite(http, endpoints.datacite) if http else None
        self.doiorg = DoiOrg(http, endpoints.doi) if http else None
        self.openlibrary = OpenLibrary(http, endpoints.openlibrary) if http else None

    def _cached(self, service: str, key: str) -> Lookup | None:
        if self.cache is None:
            return None
        hit = self.cache.get(service, key)
        if hit is None:
            return None
        found, value = hit
        return Found(work_from_json(value)) if found else NotFound(value or "not found")

    def _store(self, service: str, key: str, lookup: Lookup) -> None:
        if self.cache is None or isinstance(lookup, Unchecked):
            return  # failures are never cached
        if isinstance(lookup, Found):
            self.cache.put(service, key, True, work_to_json(lookup.work))
        else:
            self.cache.put(service, key, False, lookup.reason)

    async def dois(self, dois: list[str]) -> dict[str, Lookup]:
        out: dict[str, Lookup] = {}
        todo = []
        for doi in dict.fromkeys(dois):
            cached = self._cached("doi", doi)
            if cached is not None:
                out[doi] = cached
            elif self.offline:
                out[doi] = OFFLINE
            else:
                todo.append(doi)
        if not todo or self.crossref is None:
            return out
        crossref = await self.crossref.works(todo)
        for doi in todo:
            lookup = crossref[doi]
            if isinstance(lookup, NotFound):
                lookup = await self._elsewhere(doi)
            self._store("doi", doi, lookup)
            out[doi] = lookup
        return out

    async def _elsewhere(self, doi: str) -> Lookup:
        """A DOI Crossref does not hold: ask doi.org who does, then DataCite, then handles."""
        assert self.doiorg is not None and self.datacite is not None
        agency = await self.doiorg.agency(doi)
        if agency == "datacite" or isinstance(agency, Unchecked):
            lookup = await self.datacite.work(doi)
            if isinstance(lookup, Found):
                return lookup
            if agency == "datacite" and isinstance(lookup, Unchecked):
                # doi.org says DataCite holds it, and DataCite could not be read: the DOI
                # is not checked (never "not found" for our own trouble).
                return Unchecked(f"datacite: {lookup.reason}")
        elif isinstance(agency, str) and agency != "crossref":
            # mEDRA, JaLC, KISTI…: the DOI exists; doi.org may give its metadata as CSL-JSON.
            record = await self.doiorg.csl(doi, agency)
            if isinstance(record, Work):
                return Found(dataclasses.replace(record, doi=record.doi or doi))
            return Found(Work(doi=doi, source=agency))
        exists = await self.doiorg.exists(doi)
        if isinstance(exists, Unchecked):
            return exists if isinstance(agency, Unchecked) else Unchecked(
                f"doi.org handles: {exists.reason}")
        if exists:
            return Found(Work(doi=doi, source=agency if isinstance(agency, str) else "doi.org"))
        return NotFound("no registration agency knows this DOI (Crossref, DataCite, doi.org)")

    async def search(self, query: str, year: str | None) -> list[Work] | Unchecked:
        """Crossref candidates for an entry without DOI."""
        key = f"{year or ''}|{' '.join(query.lower().split())}"
        crossref = self.crossref
        return await self._cached_works(
            "crossref-search", key,
            (lambda: crossref.search(query, year=year)) if crossref is not None else None)

    async def book(self, title: str, author: str | None) -> list[Work] | Unchecked:
        """Open Library candidates for a book."""
        key = f"{(author or '').lower()}|{' '.join(title.lower().split())}"
        library = self.openlibrary
        return await self._cached_works(
            "openlibrary", key,
            (lambda: library.search(title, author)) if library is not None else None)

    async def _cached_works(
        self, service: str, key: str,
        fetch: Callable[[], Awaitable[list[Work] | Unchecked]] | None,
    ) -> list[Work] | Unchecked:
        """A list of candidates from the cache, else from the service (then cached)."""
        if self.cache is not None:
            hit = self.cache.get(service, key)
            if hit is not None:
                return [work_from_json(item) for item in hit[1] or []]
        if self.offline or fetch is None:
            return OFFLINE
        result = await fetch()
        if not isinstance(result, Unchecked) and self.cache is not None:
            self.cache.put(service, key, bool(result), [work_to_json(w) for w in result])
        return result
