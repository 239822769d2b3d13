"""Read the recorded API responses in tests/data/external (VCR cassettes)."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

import yaml

EXTERNAL = Path(__file__).resolve().parent / "data" / "external"


class _Loader(yaml.SafeLoader):
    """Also reads Ruby VCR's ``!binary`` tag (bolognese's cassettes)."""


_Loader.add_constructor("!binary", lambda loader, node: base64.b64decode(loader.construct_scalar(node)))


def interactions(relative: str) -> list[tuple[str, int, bytes]]:
    """(request URI, response status, decoded body) of every interaction."""
    with (EXTERNAL / relative).open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_Loader)  # noqa: S506 - our own safe loader
    out = []
    for item in data.get("interactions") or data.get("http_interactions") or []:
        response = item["response"]
        body: Any = response["body"].get("string", b"")
        if isinstance(body, str):
            body = body.encode("utf-8")
        if body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)
        status = response["status"].get("code") or response["status"].get("status_code")
        out.append((item["request"]["uri"], int(status), body))
    return out


def crossref_messages() -> dict[str, dict[str, Any]]:
    """Recorded Crossref ``work`` messages by lower-cased DOI."""
    out = {}
    for name in ("test_works_with_one_id.yaml", "test_works_with_many_ids.yaml"):
        for _uri, status, body in interactions(f"habanero/test/cassettes/test-works/{name}"):
            if status == 200:
                message = json.loads(body)["message"]
                out[message["DOI"].lower()] = message
    return out


def recorded(relative: str, contains: str) -> tuple[int, bytes]:
    return next((status, body) for uri, status, body in interactions(relative) if contains in uri)
