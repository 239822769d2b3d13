"""Small misbehaving servers for loopback tests."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from pytest_httpserver import HTTPServer

from citecheck.resolve.endpoints import Endpoints


def reset_server(host: str = "127.0.0.1") -> tuple[socket.socket, int]:
    """A server that accepts connections and closes them at once (connection reset)."""
    server = socket.socket()
    server.bind((host, 0))
    server.listen(16)

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return server, server.getsockname()[1]


@contextmanager
def serving(hosts: Mapping[str, str], handlers: Mapping[str, object]) -> Iterator[dict[str, str]]:
    """One threaded HTTP server per name, on its own loopback address (``hosts``), each
    answering every request with ``handlers[name]`` as it stands when the request comes
    (a test may swap a handler); their base URLs by name; all stopped at the end."""
    servers, bases = [], {}
    try:
        for name, host in hosts.items():
            server = HTTPServer(host=host, port=0, threaded=True)
            server.expect_request(re.compile(".*")).respond_with_handler(
                lambda request, name=name: handlers[name](request))  # type: ignore[operator]
            server.start()
            servers.append(server)
            bases[name] = f"http://{host}:{server.port}"
        yield bases
    finally:
        for server in servers:
            server.stop()


CLOSED = "http://127.0.0.1:9"
"""Where nothing listens: a service that refuses connections at once."""


def only(**open_services: str) -> Endpoints:
    """Every service at ``CLOSED`` but the ones given (``wayback=…``, ``spn=…``)."""
    return Endpoints(**{"crossref": CLOSED, "datacite": CLOSED, "doi": CLOSED,
                        "openlibrary": CLOSED, "wayback": CLOSED, "spn": CLOSED,
                        **open_services})
