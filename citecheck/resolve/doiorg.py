"""doi.org: which agency registered a DOI (``/ra/``) and whether it exists (handles)."""

from __future__ import annotations

from urllib.parse import quote

from citecheck.model import Unchecked
from citecheck.resolve.http import HttpLayer


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
