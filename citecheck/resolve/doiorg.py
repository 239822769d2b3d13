"""doi.org: which agency registered a DOI (``/ra/``) and whether it exists (handles)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from citecheck.model import Unchecked, Work
from citecheck.resolve.http import HttpLayer

CSL_JSON = "application/vnd.citationstyles.csl+json"


def work_from_csl(item: dict[str, Any], source: str) -> Work:
    """CSL-JSON (doi.org content negotiation) → ``Work``."""
    title = item.get("title")
    if isinstance(title, list):
        title = title[0] if title else None
    if isinstance(title, str):
        title = re.sub(r"<[^>]+>", "", title).strip()  # <sup>1</sup>, <i>…</i>
    authors = tuple(str(a.get("family") or a.get("literal") or "").strip()
                    for a in item.get("author") or [] if a.get("family") or a.get("literal"))
    parts = (item.get("issued") or {}).get("date-parts") or [[None]]
    year = parts[0][0] if parts and parts[0] else None
    container = item.get("container-title")
    if isinstance(container, list):
        container = container[0] if container else None
    return Work(doi=str(item.get("DOI", "")).lower(), source=source, title=title or None,
                authors=authors, year=str(year) if year else None,
                container=container or None, volume=item.get("volume"), issue=item.get("issue"),
                pages=item.get("page"), type=item.get("type"))


class DoiOrg:
    def __init__(self, http: HttpLayer, base: str) -> None:
        self.http = http
        self.base = base

    async def agency(self, doi: str) -> str | None | Unchecked:
        """Lower-cased agency name (``crossref``, ``datacite``, ``medra``…), or ``None``
        when doi.org says the DOI does not exist."""
        result = await self.http.get("doi", f"{self.base}/ra/{quote(doi, safe='/')}")
        if isinstance(result, Unchecked):
            return result
        if result.status >= 400 and result.status != 404:
            return Unchecked(f"doi.org answered HTTP {result.status}")
        try:
            payload = result.json()
        except (ValueError, UnicodeDecodeError):
            return Unchecked("doi.org sent a response that is not JSON")
        entry = payload[0] if isinstance(payload, list) and payload else {}
        if not isinstance(entry, dict):
            return Unchecked("doi.org sent an unexpected answer")
        agency = entry.get("RA")
        if agency:
            return str(agency).lower()
        return None

    async def exists(self, doi: str) -> bool | Unchecked:
        """The handle system's answer: responseCode 1 exists, 100 (HTTP 404) does not."""
        result = await self.http.get("doi", f"{self.base}/api/handles/{quote(doi, safe='/')}")
        if isinstance(result, Unchecked):
            return result
        if result.status == 404:
            return False
        if result.status >= 400:
            return Unchecked(f"doi.org handles answered HTTP {result.status}")
        try:
            code = result.json().get("responseCode")
        except (ValueError, UnicodeDecodeError, AttributeError):
            return Unchecked("doi.org sent a response that is not JSON")
        return bool(code == 1)

    async def csl(self, doi: str, agency: str) -> Work | None | Unchecked:
        """Metadata by content negotiation (works for Crossref, DataCite and mEDRA DOIs)."""
        result = await self.http.get("doi", f"{self.base}/{quote(doi, safe='/')}",
                                     headers={"Accept": CSL_JSON})
        if isinstance(result, Unchecked):
            return result
        if result.status >= 400:
            return None
        try:
            payload = result.json()
        except (ValueError, UnicodeDecodeError):
            return None
        if isinstance(payload, list):
            payload = payload[0] if payload else {}
        return work_from_csl(payload, agency) if isinstance(payload, dict) else None
