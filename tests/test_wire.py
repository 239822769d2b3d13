"""The lean HTTP/1.1 client of the link checker, against raw servers on 127.0.0.1
that answer byte by byte what a test scripts: framing, compression, keep-alive,
stale connections, 1xx, garbage, silence, TLS."""

from __future__ import annotations

import asyncio
import gzip
import shutil
import ssl
import subprocess
import zlib
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from citecheck.resolve.wire import Answer, WireClient, WireError

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def read_request(reader: asyncio.StreamReader) -> str:
    """One request head (GET has no body), or "" when the client closed."""
    try:
        return (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    except (asyncio.IncompleteReadError, ConnectionError):
        return ""


async def no_dns(host: str) -> list[str]:
    raise AssertionError(f"{host} should not need resolving")


GUARD = 10.0
"""Seconds after which a test that should have ended is stopped (never a measure)."""

def client(limit: int = 1000, timeout: float = 5.0, **kwargs: object) -> WireClient:
    return WireClient(headers={"User-Agent": "citecheck-test"}, resolve=no_dns,
                      allow=lambda host, address: None, limit=limit, timeout=timeout,
                      **kwargs)  # type: ignore[arg-type]


def run(handler: Handler, script: Callable[[str, WireClient], Awaitable[object]],
        wire: WireClient | None = None, ssl_context: ssl.SSLContext | None = None) -> object:
    """Serve ``handler`` on 127.0.0.1 and run ``script(base_url, client)`` against it."""
    writers: list[asyncio.StreamWriter] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        try:
            await handler(reader, writer)
        except (ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()

    async def main() -> object:
        server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=ssl_context)
        port = server.sockets[0].getsockname()[1]
        scheme = "https" if ssl_context else "http"
        active = wire or client()
        try:
            return await script(f"{scheme}://127.0.0.1:{port}", active)
        finally:
            await active.aclose()
            server.close()
            for writer in writers:
                writer.transport.abort()
            await asyncio.sleep(0.01)

    return asyncio.run(main())


def page(body: bytes, *extra: str, status: str = "200 OK") -> bytes:
    head = [f"HTTP/1.1 {status}", "Content-Type: text/html", f"Content-Length: {len(body)}",
            *extra]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def test_keep_alive_connections_are_reused():
    connections = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(writer)
        while request := await read_request(reader):
            path = request.split(" ")[1]
            writer.write(page(f"<title>{path}</title>".encode()))
            await writer.drain()
        writer.close()

    async def script(base: str, wire: WireClient) -> list[Answer]:
        return [await wire.get(f"{base}/page/{i}") for i in range(5)]

    answers = run(handler, script)
    assert [a.body for a in answers] == [f"<title>/page/{i}</title>".encode() for i in range(5)]
    assert len(connections) == 1


def test_request_line_headers_and_target_encoding():
    seen: list[str] = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(await read_request(reader))
        writer.write(page(b"ok"))
        await writer.drain()
        writer.close()

    async def script(base: str, wire: WireClient) -> Answer:
        return await wire.get(f"{base}/Vol. 16(2) July/é?q=a b&x=%41")

    answer = run(handler, script)
    assert isinstance(answer, Answer) and answer.status == 200
    request = seen[0]
    assert request.startswith("GET /Vol.%2016(2)%20July/%C3%A9?q=a%20b&x=%41 HTTP/1.1\r\n")
    assert "\r\nHost: 127.0.0.1:" in request and "\r\nUser-Agent: citecheck-test\r\n" in request
    assert "Accept-Encoding: gzip, deflate" in request


def test_chunked_bodies_with_extensions_and_trailers():
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await read_request(reader):
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n")
            for piece in (b"<title>Chunk", b"ed page</title>", b"!"):
                writer.write(f"{len(piece):x};ext=1\r\n".encode() + piece + b"\r\n")
                await writer.drain()
            writer.write(b"0\r\n\r\n")
            await writer.drain()

    async def script(base: str, wire: WireClient) -> list[Answer]:
        return [await wire.get(f"{base}/a"), await wire.get(f"{base}/b")]

    first, second = run(handler, script)  # type: ignore[misc]
    assert first.body == second.body == b"<title>Chunked page</title>!"


def test_compressed_bodies_are_decoded_and_bounded():
    bomb = gzip.compress(b"<title>Bomb</title>" + b"\0" * 20_000_000)
    raw_deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    deflated = raw_deflate.compress(b"<title>Raw deflate</title>") + raw_deflate.flush()

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while request := await read_request(reader):
            if "/bomb" in request:
                writer.write(page(bomb, "Content-Encoding: gzip"))
            else:
                writer.write(page(deflated, "Content-Encoding: deflate"))
            await writer.drain()

    async def script(base: str, wire: WireClient) -> tuple[Answer, Answer]:
        bomb_answer = await wire.get(f"{base}/bomb")
        return bomb_answer, await wire.get(f"{base}/deflate")

    bombed, deflate = run(handler, script, client(limit=4096))  # type: ignore[misc]
    assert bombed.body.startswith(b"<title>Bomb</title>") and len(bombed.body) == 4096
    assert deflate.body == b"<title>Raw deflate</title>"


def test_close_delimited_bodies_and_http_1_0():
    connections = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        await read_request(reader)
        writer.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<title>Old</title>")
        await writer.drain()
        writer.close()

    async def script(base: str, wire: WireClient) -> list[Answer]:
        return [await wire.get(f"{base}/1"), await wire.get(f"{base}/2")]

    answers = run(handler, script)
    assert [a.body for a in answers] == [b"<title>Old</title>"] * 2
    assert len(connections) == 2  # nothing to reuse after a close-delimited answer


def test_other_content_types_are_not_read():
    """A PDF's status is what matters: the answer comes before its body is sent."""

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n"
                     b"Content-Length: 50000000\r\n\r\n%PDF-1.7")
        await writer.drain()
        await asyncio.Event().wait()  # the rest of the file never comes

    async def script(base: str, wire: WireClient) -> Answer:
        # With an hour-long timeout, only not reading the body ends this before the guard.
        return await asyncio.wait_for(wire.get(f"{base}/paper.pdf"), GUARD)

    answer = run(handler, script, client(timeout=3600.0))
    assert isinstance(answer, Answer) and answer.status == 200 and answer.body == b""
    assert answer.headers["content-type"] == "application/pdf"


def test_informational_answers_are_skipped_and_headers_joined():
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n")
        writer.write(page(b"done", "Vary: Accept", "Vary: Cookie", status="404 Not Found"))
        await writer.drain()

    async def script(base: str, wire: WireClient) -> Answer:
        return await wire.get(f"{base}/x")

    answer = run(handler, script)
    assert isinstance(answer, Answer)
    assert answer.status == 404 and answer.body == b"done"
    assert answer.headers["vary"] == "Accept, Cookie"


def test_a_stale_keep_alive_connection_is_retried_on_a_fresh_one():
    connections = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        await read_request(reader)
        writer.write(page(b"first"))  # says keep-alive, then hangs up after one answer
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.transport.abort()

    async def script(base: str, wire: WireClient) -> list[Answer]:
        first = await wire.get(f"{base}/1")
        await asyncio.sleep(0)  # the idle connection is still in the pool, about to die
        return [first, await wire.get(f"{base}/2")]

    answers = run(handler, script)
    assert [a.body for a in answers] == [b"first", b"first"]
    assert len(connections) == 2


@pytest.mark.parametrize("reply, detail", [
    (b"SSH-2.0-OpenSSH_9.6\r\n\r\n", "not an HTTP answer"),
    (b"HTTP/1.1 200 OK\r\n" + b"X-Long: " + b"a" * 100_000, "headers too long"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size"),
])
def test_garbage_is_a_protocol_error(reply, detail):
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(reply)
        await writer.drain()
        await asyncio.sleep(1)

    async def script(base: str, wire: WireClient) -> WireError:
        with pytest.raises(WireError) as caught:
            await wire.get(f"{base}/")
        return caught.value

    error = run(handler, script)
    assert isinstance(error, WireError) and error.kind == "protocol" and detail in str(error)


def test_silence_times_out_and_a_closed_port_is_refused():
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(30)

    async def script(base: str, wire: WireClient) -> tuple[str, str]:
        with pytest.raises(WireError) as slow:  # the client's own timeout, not the guard
            await asyncio.wait_for(wire.get(f"{base}/"), GUARD)
        with pytest.raises(WireError) as closed:
            await wire.get("http://127.0.0.1:9/")
        return slow.value.kind, closed.value.kind

    kind, closed = run(handler, script, client(timeout=0.5))  # type: ignore[misc]
    assert kind == "timeout"
    assert closed == "refused"


def test_a_requests_timer_never_fails_the_next_request_on_the_same_connection():
    """Each request's timeout belongs to it: once answered, its timer is spent.  The
    second request reuses the connection, and its answer (slower than what is left of
    the first timer, quicker than its own) arrives whole; a timed-out connection is
    dropped, and the next request gets a new one."""
    connections = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(writer)
        while request := await read_request(reader):
            delay = {"/fast": 0.0, "/after": 0.3, "/silent": 5.0}[request.split()[1]]
            await asyncio.sleep(delay)
            writer.write(page(b"<title>ok</title>"))
            await writer.drain()

    async def script(base: str, wire: WireClient) -> tuple[int, int, str, int]:
        first = await wire.get(f"{base}/fast")
        await asyncio.sleep(0.2)  # the first timer, were it left, would fire 0.1 s in
        second = await wire.get(f"{base}/after")
        with pytest.raises(WireError) as silent:
            await wire.get(f"{base}/silent")
        third = await wire.get(f"{base}/fast")
        return first.status, second.status, silent.value.kind, third.status

    outcome = run(handler, script, client(timeout=0.4))
    assert outcome == (200, 200, "timeout", 200)
    assert len(connections) == 2  # kept for the first three, a new one after the timeout


def test_addresses_are_checked_before_connecting():
    contacted = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        contacted.append(1)

    async def resolve(host: str) -> list[str]:
        return ["127.0.0.1"]

    guarded = WireClient(headers={}, resolve=resolve, limit=100, timeout=2,
                         allow=lambda host, address: f"{host} resolves to a local address ({address})")

    async def script(base: str, wire: WireClient) -> WireError:
        port = base.rsplit(":", 1)[1]
        with pytest.raises(WireError) as caught:
            await wire.get(f"http://intranet.example:{port}/admin")
        return caught.value

    error = run(handler, script, guarded)
    assert isinstance(error, WireError) and error.kind == "forbidden"
    assert "127.0.0.1" in str(error) and contacted == []


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    openssl = shutil.which("openssl")
    assert openssl, "the TLS tests need the openssl command"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return key, cert


def test_tls_with_sni_and_an_untrusted_certificate(certificate):
    key, cert = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    names = []

    def remember(sock: ssl.SSLObject, name: str | None, _: ssl.SSLContext) -> None:
        names.append(name)

    server_context.sni_callback = remember  # type: ignore[assignment]

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await read_request(reader):
            writer.write(page(b"<title>Secure</title>"))
            await writer.drain()

    async def resolve(host: str) -> list[str]:
        return ["127.0.0.1"]

    trusting = ssl.create_default_context(cafile=str(cert))
    trusted = WireClient(headers={}, resolve=resolve, allow=lambda host, address: None, limit=100,
                         timeout=5, ssl_context=trusting)

    async def script(base: str, wire: WireClient) -> Answer:
        return await wire.get(base.replace("127.0.0.1", "localhost") + "/")

    answer = run(handler, script, trusted, server_context)
    assert isinstance(answer, Answer) and answer.body == b"<title>Secure</title>"
    assert names == ["localhost"]

    default = WireClient(headers={}, resolve=resolve, allow=lambda host, address: None, limit=100, timeout=5)

    async def untrusted(base: str, wire: WireClient) -> WireError:
        with pytest.raises(WireError) as caught:
            await wire.get(base.replace("127.0.0.1", "localhost") + "/")
        return caught.value

    error = run(handler, untrusted, default, server_context)
    assert isinstance(error, WireError) and error.kind == "tls"


def test_an_answer_with_too_many_headers_is_refused():
    """Thousands of header lines (within the 64 KB head): a protocol error at once, not
    a long join of repeated values."""
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(page(b"<title>x</title>", *(["Set-Cookie: a=b"] * 5000)))
        await writer.drain()

    async def script(base: str, wire: WireClient) -> object:
        try:
            return await asyncio.wait_for(wire.get(f"{base}/many"), GUARD)
        except WireError as exc:
            return exc

    error = run(handler, script)
    assert isinstance(error, WireError) and error.kind == "protocol"
    assert "more than 256 headers" in str(error)


def test_an_encoding_not_asked_for_is_not_decoded():
    """A server that sends brotli (or any encoding) though only gzip and deflate were
    asked for: the body is read raw, within the bound, never decoded (no brotli bomb)."""
    body = b"\x1b" + bytes(range(256)) * 40_000  # ~10 MB that no decoder will expand

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(page(body, "Content-Encoding: br"))
        await writer.drain()

    async def script(base: str, wire: WireClient) -> Answer:
        return await wire.get(f"{base}/br")

    answer = run(handler, script, client(limit=4096))
    assert isinstance(answer, Answer) and answer.status == 200
    assert answer.body == body[:4096]
