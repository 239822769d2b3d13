"""A local registry for tests and benches: Crossref, DataCite and doi.org on one server.

Answers come from the recorded responses in tests/data/external, plus records
we construct in the services' documented shapes (SERVICES.md) for the DOIs of
the seed essay.  Faults can be queued in front of any request.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from typing import Any

from recorded import EXTERNAL, crossref_messages, recorded
from werkzeug import Request, Response

from citecheck.resolve.ratelimit import DEFAULT_POLICIES

ARXIV = "commonmeta-py/tests/cassettes/test-schema_org_reader/test_arxiv.yaml"
DATACITE_404 = ("bolognese/spec/fixtures/vcr_cassettes/Bolognese_Metadata/"
                "get_datacite_metadata/DOI_not_found.yml")


def crossref_work(doi: str, title: str, families: list[str], issued: int, *,
                  container: str | None = None, volume: str | None = None,
                  issue: str | None = None, page: str | None = None,
                  print_year: int | None = None, online_year: int | None = None,
                  kind: str = "journal-article", score: float | None = None,
                  **extra: Any) -> dict[str, Any]:
    """A Crossref ``work`` message with the fields citecheck reads."""
    message: dict[str, Any] = {
        "DOI": doi, "title": [title], "type": kind,
        "author": [{"family": f, "sequence": "first" if i == 0 else "additional"}
                   for i, f in enumerate(families)],
        "issued": {"date-parts": [[issued]]},
        "container-title": [container] if container else [],
    }
    message.update({key: value for key, value in (("volume", volume), ("issue", issue),
                                                  ("page", page), ("score", score))
                    if value is not None})
    if print_year:
        message["published-print"] = {"date-parts": [[print_year]]}
    if online_year:
        message["published-online"] = {"date-parts": [[online_year]]}
    message.update(extra)
    return message


def datacite_record(doi: str, title: str, families: list[str], year: int) -> dict[str, Any]:
    """A DataCite JSON:API record, in the shape of the recorded arXiv answer."""
    return {"data": {"id": doi, "type": "dois", "attributes": {
        "doi": doi, "titles": [{"title": title}],
        "creators": [{"name": f, "familyName": f, "nameType": "Personal"} for f in families],
        "publicationYear": year, "publisher": "arXiv",
        "types": {"resourceTypeGeneral": "Preprint"}, "relatedIdentifiers": []}}}


# The seed essay's DOIs, as the registries describe them.
SEED_CROSSREF = [
    crossref_work("10.15849/ijasca.211128.11",
                  "Web Scraping or Web Crawling: State of Art, Techniques, Approaches and Application",
                  ["Khder"], 2021, container="International Journal of Advances in Soft Computing "
                  "and its Applications", volume="13", issue="3", page="145-168"),
    crossref_work("10.7551/mitpress/12240.001.0001", "Too Smart", ["Sadowski"], 2020,
                  kind="monograph"),
    crossref_work("10.1007/s00146-023-01857-0", "Artificial influencers and the dead internet theory",
                  ["Walter"], 2023, container="AI & SOCIETY", volume="40", issue="1",
                  page="239-240", print_year=2025, online_year=2023),
]
# Constructed records for the other finding kinds (shapes as in SERVICES.md).
OTHER_CROSSREF = [
    crossref_work("10.1016/s0140-6736(97)11096-0", "Ileal-lymphoid-nodular hyperplasia, "
                  "non-specific colitis, and pervasive developmental disorder in children",
                  ["Wakefield", "Murch", "Anthony"], 1998, container="The Lancet", volume="351",
                  issue="9103", page="637-641",
                  **{"updated-by": [{"type": "retraction", "DOI": "10.1016/s0140-6736(10)60175-4",
                                     "source": "retraction-watch"}]}),
    # The published version the arXiv record points to (constructed): a work Crossref holds.
    crossref_work("10.5555/3295222.3295349", "Attention is all you need",
                  ["Vaswani", "Shazeer", "Parmar"], 2017, kind="proceedings-article",
                  container="Advances in Neural Information Processing Systems", page="6000-6010"),
]
OTHER_DATACITE = {
    "10.48550/arxiv.1706.03762": {"data": {"id": "10.48550/arxiv.1706.03762", "type": "dois",
        "attributes": {"doi": "10.48550/arxiv.1706.03762",
                       "titles": [{"title": "Attention Is All You Need"}],
                       "creators": [{"familyName": "Vaswani"}, {"familyName": "Shazeer"}],
                       "publicationYear": 2017, "publisher": "arXiv",
                       "relatedIdentifiers": [{"relationType": "IsPreviousVersionOf",
                                               "relatedIdentifierType": "DOI",
                                               "relatedIdentifier": "10.5555/3295222.3295349"}]}}},
}
SEED_DATACITE = {
    "10.48550/arxiv.2307.01850": datacite_record(
        "10.48550/arxiv.2307.01850", "Self-Consuming Generative Models Go MAD",
        ["Alemohammad", "Casco-Rodriguez", "Luzi", "Humayun", "Babaei", "LeJeune", "Siahkoohi",
         "Baraniuk"], 2023),
    "10.48550/arxiv.2305.17493": datacite_record(
        "10.48550/arxiv.2305.17493", "The Curse of Recursion: Training on Generated Data Makes "
        "Models Forget", ["Shumailov", "Shumaylov", "Zhao", "Gal", "Papernot", "Anderson"], 2023),
}
SEED_SEARCH = [
    crossref_work("10.1215/01642472-18-2_63-33", "Free Labor: Producing Culture for the Digital "
                  "Economy", ["Terranova"], 2000, container="Social Text", volume="18", issue="2",
                  page="33-58", score=95.0),
]


# Books of the seed essay as Open Library lists them (two are absent on purpose).
OPEN_LIBRARY = [
    {"key": "/works/OL1W", "title": "Bullshit Jobs", "author_name": ["David Graeber"],
     "first_publish_year": 2018, "publisher": ["Simon & Schuster"]},
    {"key": "/works/OL2W", "title": "Breaking Things at Work", "author_name": ["Gavin Mueller"],
     "first_publish_year": 2021, "publisher": ["Verso"]},
    {"key": "/works/OL3W", "title": "The Eye of the Master", "author_name": ["Matteo Pasquinelli"],
     "first_publish_year": 2023, "publisher": ["Verso"]},
    {"key": "/works/OL4W", "title": "The Mechanic and the Luddite",
     "author_name": ["Jathan Sadowski"], "first_publish_year": 2025,
     "publisher": ["University of California Press"]},
    {"key": "/works/OL5W", "title": "Éloge du carburateur", "author_name": ["Matthew B. Crawford"],
     "first_publish_year": 2010, "publisher": ["La Découverte"]},
]


class Registry:
    """Recorded answers for the three services, with optional faults in front."""

    def __init__(self) -> None:
        self.crossref = crossref_messages()
        self.crossref.update({m["DOI"]: m for m in SEED_CROSSREF + OTHER_CROSSREF})
        self.datacite = {**SEED_DATACITE, **OTHER_DATACITE}
        self.search_items = list(SEED_SEARCH)
        self.crossref.update({m["DOI"].lower(): m for m in SEED_SEARCH})  # found by search: held
        self.requests: list[str] = []
        self.faults: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        with self.lock:
            self.requests.append(request.full_path)
            fault = self.faults.pop(0) if self.faults else None
        if fault == "429":
            return Response("slow down", status=429, headers={"Retry-After": "1"})
        if fault == "429-date":
            when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 1))
            return Response("slow down", status=429, headers={"Retry-After": when})
        if fault == "500":
            return Response("oops", status=500)
        if fault == "504-recorded":  # Crossref's real gateway time-out page
            status, body = recorded("rcrossref/tests/fixtures/cr_journals_faceting.yml", "journals")
            return Response(body, status=status, content_type="text/html")
        if fault == "400-recorded":  # Crossref's real validation failure
            status, body = recorded("rcrossref/tests/fixtures/cr_works_fails_well.yml", "sample=")
            return Response(body, status=status, content_type="application/json")
        if fault == "garbage":
            return Response("{not json", status=200, content_type="application/json")
        if fault == "slow":
            time.sleep(0.8)  # past the fault tests' half-second timeout
        path = request.path
        if path.startswith("/crossref/works"):
            return self._crossref(request)
        if path.startswith("/doi/ra/10.1021/"):  # constructed: an agency other than Crossref
            return _json([{"DOI": path[len("/doi/ra/"):], "RA": "mEDRA"}])
        if path.startswith("/doi/ra/"):
            doi = path[len("/doi/ra/"):].lower()
            if doi.startswith("10.48550/"):
                _status, body = recorded(ARXIV, "doi.org/ra/")
                answer = json.loads(body)
                answer[0]["DOI"] = doi
                return _json(answer)
            return _json([{"DOI": doi, "status": "DOI does not exist"}])
        if path.startswith("/doi/10.") and "csl+json" in request.headers.get("Accept", ""):
            doi = path[len("/doi/"):].upper()
            records = json.loads((EXTERNAL / "citation-js/test/data/api/doi.json").read_text())
            if doi in records:
                return Response(json.dumps(records[doi]),
                                content_type="application/vnd.citationstyles.csl+json")
            return Response("DOI Not Found", status=404)
        if path.startswith("/doi/api/handles/"):
            return _json({"responseCode": 100, "handle": path.split("/handles/")[1]}, 404)
        if path.startswith("/openlibrary/search.json"):
            title = set(request.args.get("title", "").lower().replace(":", " ").split())
            author = request.args.get("author", "").lower()
            docs = [d for d in OPEN_LIBRARY
                    if len(title & set(d["title"].lower().split())) >= 2
                    and any(author in name.lower() for name in d["author_name"])]
            return _json({"numFound": len(docs), "docs": docs})
        if path.startswith("/datacite/dois/"):
            doi = path[len("/datacite/dois/"):].lower()
            if doi in self.datacite:
                return _json(self.datacite[doi])
            if doi == "10.48550/arxiv.1902.02534":
                status, body = recorded(ARXIV, "api.datacite.org")
                return Response(body, status=status, content_type="application/vnd.api+json")
            _status, body = recorded(DATACITE_404, "api.datacite.org")
            return Response(body, status=404, content_type="application/vnd.api+json")
        return Response("no such endpoint", status=404)

    def _crossref(self, request: Request) -> Response:
        limits = {"x-rate-limit-limit": "50", "x-rate-limit-interval": "1s"}
        query = request.args.get("query.bibliographic")
        if query is not None:
            words = set(query.lower().split())
            items = [m for m in self.search_items
                     if len(words & set(m["title"][0].lower().replace(":", " ").split())) >= 3]
            return _json({"status": "ok", "message-type": "work-list",
                          "message": {"items": items, "total-results": len(items)}}, headers=limits)
        wanted = [d.split("doi:", 1)[1].lower() for d in request.args.get("filter", "").split(",")
                  if d.startswith("doi:")]
        items = [self.crossref[d] for d in wanted if d in self.crossref]
        return _json({"status": "ok", "message-type": "work-list",
                      "message": {"items": items, "total-results": len(items)}}, headers=limits)


def _json(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(payload), status=status, content_type="application/json",
                    headers=headers or {})


def _fault(kind: str) -> Response | None:
    """The answer a fault gives instead of the service's (``None``: the real answer,
    late)."""
    if kind == "429":
        return Response("slow down", status=429, headers={"Retry-After": "1"})
    if kind == "429-date":
        when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 1))
        return Response("slow down", status=429, headers={"Retry-After": when})
    if kind in {"500", "502", "503"}:
        return Response("trouble", status=int(kind))
    if kind == "html":
        return Response("<html><title>504 Gateway Time-out</title></html>", status=200,
                        content_type="text/html")
    if kind == "truncated":
        return Response('{"status": "ok", "message": {"items": [{"DOI": "10.', status=200,
                        content_type="application/json")
    if kind == "cut":  # the connection drops mid-body: fewer bytes than announced
        def half() -> Any:
            yield b'{"status": "ok", "message": {"items": ['
            raise ConnectionResetError("cut mid-body")
        return Response(half(), status=200, content_type="application/json",
                        headers={"Content-Length": "4096"})
    if kind == "slow":
        time.sleep(0.8)  # past the half-second timeout of the fault runs
    return None


FAULTS = ("429", "429-date", "500", "502", "503", "html", "truncated", "cut", "slow")
OUTAGES = {"down": "http://127.0.0.1:9", "dns": "http://registry.invalid"}
"""A service out of reach: nothing listens where it should (``down``), or its name does
not resolve (``dns``: ``.invalid`` never does, RFC 2606)."""


class Faulty:
    """The recorded registries, with ``fault`` before the first ``count`` requests to
    ``service`` (``count`` < 0: all of them)."""

    def __init__(self) -> None:
        self.registry = Registry()
        self.service = ""
        self.fault = ""
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        with self.lock:
            mine = bool(self.service) and request.path.startswith(f"/{self.service}/")
            hit = mine and self.count != 0
            if hit and self.count > 0:
                self.count -= 1
        if hit:
            answer = _fault(self.fault)
            if answer is not None:
                return answer
        return self.registry(request)


SERVICES = ("crossref", "datacite", "doi", "openlibrary")
"""The registries a fault can be put in front of."""
REGISTRY_KINDS = frozenset({"doi-not-found", "metadata-mismatch", "reference-not-found",
                            "doi-suggested", "retracted", "published-version"})
"""The finding kinds that come from the registries."""
QUICK = {name: dataclasses.replace(policy, interval=0.0, backoff=0.01)
         for name, policy in DEFAULT_POLICIES.items()}
"""The services' politeness, as many retries, without the waits between them (a
``Retry-After`` a fault sends is still honoured)."""
