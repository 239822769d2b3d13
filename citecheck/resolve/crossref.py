"""Crossref REST API: works by DOI (batched), registration agency, bibliographic search.

Responses are reduced to ``Work`` records.  A DOI missing from a batch answer
is ``NotFound`` *at Crossref* — it may well be another agency's.
"""

from __future__ import annotations

from typing import Any

from citecheck.model import Found, Lookup, NotFound, Unchecked, Work
from citecheck.resolve.http import HttpLayer, HttpResult

BATCH = 20
"""DOIs per ``filter=doi:…`` request (keeps URLs well under common limits)."""


def _year(message: dict[str, Any], field: str) -> str | None:
    parts = (message.get(field) or {}).get("date-parts") or [[None]]
    first = parts[0][0] if parts and parts[0] else None
    return str(first) if first else None


def work_from_crossref(message: dict[str, Any]) -> Work:
    titles = message.get("title") or []
    subtitles = message.get("subtitle") or []
    title = titles[0] if titles else None
    if title and subtitles:
        title = f"{title}: {subtitles[0]}"
    authors = tuple(
        str(a.get("family") or a.get("name") or "").strip()
        for a in message.get("author") or []
        if a.get("family") or a.get("name")
    )
    relations: list[tuple[str, str]] = []
    for relation, targets in (message.get("relation") or {}).items():
        relations.extend(
            (relation, str(target["id"]).lower())
            for target in (targets if isinstance(targets, list) else [targets])
            if isinstance(target, dict) and target.get("id-type", "doi") == "doi" and target.get("id")
        )
    updates = tuple(
        (str(u.get("type", "")).lower(), str(u.get("DOI", "")).lower())
        for u in message.get("updated-by") or []
    )
    containers = message.get("container-title") or []
    return Work(
        doi=str(message.get("DOI", "")).lower(),
        source="crossref",
        title=title,
        authors=authors,
        year=_year(message, "issued"),
        print_year=_year(message, "published-print"),
        online_year=_year(message, "published-online"),
        container=containers[0] if containers else None,
        volume=message.get("volume"),
        issue=message.get("issue"),
        pages=message.get("page"),
        type=message.get("type"),
        relations=tuple(relations),
        updates=updates,
        score=message.get("score"),
    )


class Crossref:
    def __init__(self, http: HttpLayer, base: str) -> None:
        self.http = http
        self.base = base

    def _params(self, extra: dict[str, str]) -> dict[str, str]:
        if self.http.mailto:
            extra["mailto"] = self.http.mailto
        return extra

    async def works(self, dois: list[str]) -> dict[str, Lookup]:
        """Look DOIs up in batches; each DOI gets ``Found``, ``NotFound`` or ``Unchecked``."""
        out: dict[str, Lookup] = {}
        for start in range(0, len(dois), BATCH):
            batch = dois[start:start + BATCH]
            result = await self.http.get(
                "crossref", f"{self.base}/works",
                self._params({"filter": ",".join(f"doi:{d}" for d in batch),
                              "rows": str(len(batch))}),
            )
            outcome = _message(result)
            if isinstance(outcome, Unchecked):
                out.update(dict.fromkeys(batch, outcome))
                continue
            found = {}
            for item in outcome.get("items") or []:
                work = work_from_crossref(item)
                found[work.doi] = work
            for doi in batch:
                out[doi] = Found(found[doi]) if doi in found else NotFound("not held by Crossref")
        return out

    async def search(self, reference: str, rows: int = 5,
                     year: str | None = None) -> list[Work] | Unchecked:
        params = {"query.bibliographic": reference[:500], "rows": str(rows)}
        if year and year[:4].isdigit():
            y = int(year[:4])
            params["filter"] = f"from-pub-date:{y - 1},until-pub-date:{y + 1}"
        result = await self.http.get("crossref", f"{self.base}/works", self._params(params))
        outcome = _message(result)
        if isinstance(outcome, Unchecked):
            return outcome
        return [work_from_crossref(item) for item in outcome.get("items") or []]


def _message(result: HttpResult | Unchecked) -> dict[str, Any] | Unchecked:
    if isinstance(result, Unchecked):
        return result
    if result.status >= 400:
        return Unchecked(f"crossref answered HTTP {result.status}")
    try:
        payload = result.json()
    except (ValueError, UnicodeDecodeError):
        return Unchecked("crossref sent a response that is not JSON")
    message = payload.get("message") if isinstance(payload, dict) else None
    if not isinstance(message, dict):
        return Unchecked("crossref sent JSON without a message")
    return message
