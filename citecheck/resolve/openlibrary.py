"""Open Library: books by title and author (``/search.json``).

Books are often absent or listed under another edition, so a miss is only
ever reported as information; a hit tells the reader the book exists.
"""

from __future__ import annotations

from typing import Any

from citecheck.model import Unchecked, Work
from citecheck.resolve.http import HttpLayer


def work_from_openlibrary(doc: dict[str, Any]) -> Work:
    authors = tuple(str(name).split()[-1] for name in doc.get("author_name") or [] if name)
    year = doc.get("first_publish_year")
    publishers = doc.get("publisher") or []
    return Work(
        doi="",
        source="openlibrary",
        title=doc.get("title"),
        authors=authors,
        year=str(year) if year else None,
        container=publishers[0] if publishers else None,
        type="book",
    )


class OpenLibrary:
    def __init__(self, http: HttpLayer, base: str) -> None:
        self.http = http
        self.base = base

    async def search(self, title: str, author: str | None) -> list[Work] | Unchecked:
        params = {"title": title[:200], "limit": "5",
                  "fields": "key,title,author_name,first_publish_year,publisher"}
        if author:
            params["author"] = author
        result = await self.http.get("openlibrary", f"{self.base}/search.json", params)
        if isinstance(result, Unchecked):
            return result
        if result.status >= 400:
            return Unchecked(f"openlibrary answered HTTP {result.status}")
        try:
            docs = result.json().get("docs") or []
        except (ValueError, UnicodeDecodeError, AttributeError):
            return Unchecked("openlibrary sent a response that is not JSON")
        return [work_from_openlibrary(doc) for doc in docs if isinstance(doc, dict)]
