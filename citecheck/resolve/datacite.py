"""DataCite REST API: ``/dois/{doi}`` (arXiv's ``10.48550/…`` DOIs live here)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from citecheck.model import Found, Lookup, NotFound, Unchecked, Work
from citecheck.resolve.http import HttpLayer


def work_from_datacite(attributes: dict[str, Any]) -> Work:
    titles = attributes.get("titles") or []
    title = next((t.get("title") for t in titles if not t.get("titleType")), None) or (
        titles[0].get("title") if titles else None)
    authors = tuple(
        str(c.get("familyName") or c.get("name") or "").split(",")[0].strip()
        for c in attributes.get("creators") or []
        if c.get("familyName") or c.get("name")
    )
    relations = tuple(
        (str(r.get("relationType", "")), str(r.get("relatedIdentifier", "")).lower())
        for r in attributes.get("relatedIdentifiers") or []
        if str(r.get("relatedIdentifierType", "")).upper() == "DOI"
    )
    container = attributes.get("container") or {}
    publisher = attributes.get("publisher")
    if isinstance(publisher, dict):
        publisher = publisher.get("name")
    year = attributes.get("publicationYear")
    types = attributes.get("types") or {}
    return Work(
        doi=str(attributes.get("doi", "")).lower(),
        source="datacite",
        title=title,
        authors=authors,
        year=str(year) if year else None,
        container=container.get("title") or (publisher if isinstance(publisher, str) else None),
        volume=container.get("volume"),
        issue=container.get("issue"),
        type=types.get("resourceTypeGeneral"),
        relations=relations,
    )


class DataCite:
    def __init__(self, http: HttpLayer, base: str) -> None:
        self.http = http
        self.base = base

    async def work(self, doi: str) -> Lookup:
        result = await self.http.get("datacite", f"{self.base}/dois/{quote(doi, safe='/')}",
                                     headers={"Accept": "application/vnd.api+json"})
        if isinstance(result, Unchecked):
            return result
        if result.status == 404:
            return NotFound("not held by DataCite")
        if result.status >= 400:
            return Unchecked(f"datacite answered HTTP {result.status}")
        try:
            data = result.json().get("data") or {}
        except (ValueError, UnicodeDecodeError, AttributeError):
            return Unchecked("datacite sent a response that is not JSON")
        attributes = data.get("attributes") if isinstance(data, dict) else None
        if not isinstance(attributes, dict):
            return Unchecked("datacite sent JSON without attributes")
        return Found(work_from_datacite(attributes))
