"""A lean HTTP/1.1 client for the one thing bulk link checking needs: a GET, the
status and headers, and at most a bounded prefix of the body.

Why our own: checking thousands of links is CPU-bound in Python long before the
network is busy (PERF-NOTES.md; bench/links_vs_lychee.py).  A general client
spends most of its time on features a link check never uses (cookies, streaming
uploads, middleware, URL objects).  This one parses responses straight from an
``asyncio.Protocol`` and keeps idle keep-alive connections per origin.

What it does: ``http``/``https`` (system trust store, SNI), IPv4/IPv6,
``Content-Length``, ``chunked`` and close-delimited bodies, ``gzip``/``deflate``
decoded with a bounded output (no decompression bomb gets past ``limit``), 1xx
answers skipped, a stale keep-alive connection retried once on a fresh one.
What it leaves out on purpose: proxies, cookies, HTTP/2, request bodies.

It connects to the addresses ``resolve`` returns and asks ``allow`` about each
one first, so the address checked for safety is the address connected to.
Resolving each name once per run is the caller's job (the link checker's
``resolve`` is memoised).
"""

from __future__ import annotations

import asyncio
import ssl
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import cast
from urllib.parse import quote

from citecheck.resolve.dns import NoNetwork, Resolver
from citecheck.resolve.safety import address_literal, split

_SAFE_TARGET = "/:?#[]@!$&'()*+,;=%~-._"
_MAX_HEAD = 64 * 1024
"""Longest status line plus headers we accept."""
_MAX_HEADERS = 256
"""Most header lines we accept in one answer (real pages send a few dozen)."""


class WireError(Exception):
    """A request that got no usable answer; ``kind`` says why in one word."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        """``resolve``, ``offline`` (a lookup given up: nothing resolves), ``refused``,
        ``forbidden``, ``tls``, ``timeout``, ``reset``, ``protocol``."""
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    """Lower-cased names; repeated headers joined with ", "."""
    body: bytes
    """At most ``limit`` bytes, decoded from gzip/deflate."""


class _Exchange(asyncio.Protocol):
    """One connection; parses one response at a time."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self._buffer = bytearray()
        self._waiter: asyncio.Future[Answer] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._reset()

    def _reset(self) -> None:
        self._head_done = False
        self._status = 0
        self._headers: dict[str, str] = {}
        self._keep_alive = True
        self._remaining: int | None = None  # Content-Length left to read
        self._chunked = False
        self._chunk_left = 0
        self._until_close = False
        self._body = bytearray()
        self._decoder: zlib._Decompress | None = None
        self._raw_seen = 0
        self._skip_body = False

    # asyncio.Protocol ------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self._waiter is not None and not self._waiter.done():
            if self._head_done and (self._until_close or self._body):
                # The end of a close-delimited body, or one cut short with a prefix in
                # hand: enough for a status and a title either way.
                self._finish(reusable=False)
            else:
                self._fail(WireError(
                    "reset", "the connection closed before an answer" if self._buffer or
                    self._head_done else "the connection closed with no answer"))

    def data_received(self, data: bytes) -> None:
        if self._waiter is None or self._waiter.done():
            self.close()  # bytes nobody asked for: do not reuse this connection
            return
        self._buffer += data
        try:
            self._parse()
        except WireError as exc:
            self._fail(exc)
            self.close()

    # requests --------------------------------------------------------------------

    def send(self, request: bytes, timeout: float) -> asyncio.Future[Answer]:
        """The answer to ``request``, or ``WireError("timeout")`` after ``timeout``
        seconds.  A timer handle per request, not ``asyncio.timeout``: that costs
        several times more, 9 % of the link checks' CPU."""
        assert self.transport is not None
        self._reset()
        self._buffer.clear()
        loop = asyncio.get_running_loop()
        self._waiter = waiter = loop.create_future()
        self._timer = loop.call_later(timeout, self._time_out, waiter, timeout)
        self.transport.write(request)
        return waiter

    def _time_out(self, waiter: asyncio.Future[Answer], timeout: float) -> None:
        if waiter is self._waiter and not waiter.done():
            self._fail(WireError("timeout", f"no answer within {timeout:g} s"))
            self.close()  # an answer may still come: this connection is not reused

    def _fail(self, error: WireError) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(error)

    def close(self) -> None:
        self.closed = True
        if self._timer is not None:
            self._timer.cancel()
        if self.transport is not None:
            self.transport.close()

    # parsing ---------------------------------------------------------------------

    def _parse(self) -> None:
        while not self._head_done:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self._buffer) > _MAX_HEAD:
                    raise WireError("protocol", "headers too long")
                return
            head = bytes(self._buffer[:end]).decode("latin-1")
            del self._buffer[:end + 4]
            self._read_head(head)
        self._read_body()

    def _read_head(self, head: str) -> None:
        lines = head.split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
            raise WireError("protocol", f"not an HTTP answer ({lines[0][:60]!r})")
        status = int(parts[1])
        if 100 <= status < 200:
            return  # 100 Continue, 103 Early Hints: the real answer follows
        if len(lines) > _MAX_HEADERS + 1:
            raise WireError("protocol", f"more than {_MAX_HEADERS} headers")
        joined: dict[str, list[str]] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                joined.setdefault(name.strip().lower(), []).append(value.strip())
        headers = {key: ", ".join(values) for key, values in joined.items()}
        self._status = status
        self._headers = headers
        self._head_done = True
        connection = headers.get("connection", "").lower()
        self._keep_alive = parts[0] != "HTTP/1.0" and "close" not in connection
        if status in {204, 304} or 100 <= status < 200:
            self._remaining = 0
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            self._chunked = True
        elif headers.get("content-length", "").strip().isdigit():
            self._remaining = int(headers["content-length"])
        else:
            self._until_close = True
            self._keep_alive = False
        content_type = headers.get("content-type", "").lower()
        # Only HTML (or an unlabelled body) can hold a title or a "not found" sign.
        self._skip_body = bool(content_type) and "html" not in content_type and (
            "xml" not in content_type)
        encoding = headers.get("content-encoding", "").lower().strip()
        if encoding in {"gzip", "x-gzip"}:
            self._decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._decoder = zlib.decompressobj()

    def _read_body(self) -> None:
        if self._skip_body:
            self._finish(reusable=self._keep_alive and self._remaining == 0 and not self._buffer)
            return
        if self._chunked:
            self._read_chunks()
        elif self._remaining is not None:
            take = min(self._remaining, len(self._buffer))
            self._take(bytes(self._buffer[:take]))
            del self._buffer[:take]
            self._remaining -= take
            if self._remaining == 0:
                self._finish(reusable=self._keep_alive and not self._buffer)
                return
        else:
            self._take(bytes(self._buffer))
            self._buffer.clear()
        if self._waiter is not None and not self._waiter.done() and self._full():
            self._finish(reusable=False)  # the rest of the page is not needed

    def _read_chunks(self) -> None:
        while True:
            if self._chunk_left > 0:
                take = min(self._chunk_left, len(self._buffer))
                if take == 0:
                    return
                self._take(bytes(self._buffer[:take]))
                del self._buffer[:take]
                self._chunk_left -= take
                if self._chunk_left > 0 or self._full():
                    return
                continue
            line_end = self._buffer.find(b"\r\n")
            if line_end < 0:
                if len(self._buffer) > 1024:
                    raise WireError("protocol", "bad chunk header")
                return
            line = bytes(self._buffer[:line_end]).split(b";")[0].strip()
            del self._buffer[:line_end + 2]
            if not line:
                continue  # the CRLF that ends a chunk's data
            try:
                size = int(line, 16)
            except ValueError:
                raise WireError("protocol", "bad chunk size") from None
            if size == 0:
                # Trailers are rare; a connection with any left over is not reused.
                reusable = self._keep_alive and bytes(self._buffer) in {b"", b"\r\n"}
                self._finish(reusable=reusable)
                return
            self._chunk_left = size

    def _take(self, raw: bytes) -> None:
        if not raw or self._full():
            return
        self._raw_seen += len(raw)
        room = self.limit - len(self._body)
        if self._decoder is None:
            self._body += raw[:room]
            return
        try:
            self._body += self._decoder.decompress(raw, room)
        except zlib.error:
            if self._headers.get("content-encoding", "").lower() == "deflate" and not self._body:
                # Some servers send raw deflate without the zlib wrapper.
                self._decoder = zlib.decompressobj(-zlib.MAX_WBITS)
                self._body += self._decoder.decompress(raw, room)
            else:
                raise WireError("protocol", "the compressed body is corrupt") from None

    def _full(self) -> bool:
        return len(self._body) >= self.limit or self._raw_seen >= 4 * self.limit

    def _finish(self, reusable: bool) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if not reusable:
            self.close()
        assert self._waiter is not None
        if not self._waiter.done():
            self._waiter.set_result(Answer(self._status, self._headers, bytes(self._body)))


@dataclass(frozen=True, slots=True)
class _Origin:
    scheme: str
    host: str
    port: int


class WireClient:
    """GETs with keep-alive connections per origin.  Concurrency is the caller's job
    (the link checker's per-host limiters): this class only reuses what is idle."""

    def __init__(self, *, headers: Mapping[str, str], resolve: Resolver,
                 allow: Callable[[str, str], str | None], limit: int, timeout: float,
                 connect_timeout: float = 10.0, ssl_context: ssl.SSLContext | None = None) -> None:
        # The same for every request: written once.
        self._fixed_headers = "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + (
            "Accept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\n\r\n")
        self.resolve = resolve
        self.allow = allow
        """Why a host name's address must not be contacted, or ``None``."""
        self.limit = limit
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self._ssl = ssl_context
        self._idle: dict[_Origin, list[_Exchange]] = {}

    def _context(self) -> ssl.SSLContext:
        if self._ssl is None:
            self._ssl = ssl.create_default_context()
        return self._ssl

    async def get(self, url: str) -> Answer:
        """Raises ``WireError``; never follows redirects."""
        parts = split(url)
        scheme = parts.scheme.lower()
        if scheme not in {"http", "https"} or not parts.hostname:
            raise WireError("protocol", f"cannot fetch {scheme or 'this'} URLs")
        try:
            host = parts.hostname.encode("idna").decode("ascii")
            port = parts.port or (443 if scheme == "https" else 80)
        except (UnicodeError, ValueError) as exc:
            raise WireError("protocol", f"bad host or port ({exc})") from None
        origin = _Origin(scheme, host, port)
        target = quote(parts.path or "/", safe=_SAFE_TARGET)
        if parts.query:
            target += "?" + quote(parts.query, safe=_SAFE_TARGET)
        default = port == (443 if scheme == "https" else 80)
        authority = (f"[{host}]" if ":" in host else host) + ("" if default else f":{port}")
        request = (f"GET {target} HTTP/1.1\r\nHost: {authority}\r\n{self._fixed_headers}"
                   ).encode("latin-1", errors="replace")
        for attempt in range(2):
            exchange, fresh = await self._connection(origin)
            try:
                answer = await exchange.send(request, self.timeout)
            except WireError as exc:
                exchange.close()
                if exc.kind == "reset" and not fresh and attempt == 0:
                    continue  # an idle connection the server had closed: once more
                raise
            except BaseException:
                exchange.close()  # cancelled mid-answer: never reused
                raise
            if not exchange.closed:
                self._idle.setdefault(origin, []).append(exchange)
            return answer
        raise WireError("reset", "the connection closed with no answer")

    async def _connection(self, origin: _Origin) -> tuple[_Exchange, bool]:
        idle = self._idle.get(origin)
        while idle:
            exchange = idle.pop()
            if not exchange.closed and exchange.transport is not None and (
                    not exchange.transport.is_closing()):
                return exchange, False
        try:
            async with asyncio.timeout(self.timeout):  # a name server that never answers
                addresses = await self._resolve(origin.host)
        except TimeoutError:
            raise WireError("timeout", f"{origin.host} did not resolve within "
                                       f"{self.timeout:g} s") from None
        loop = asyncio.get_running_loop()
        error: WireError | None = None
        for address in addresses:
            why = self.allow(origin.host, address)
            if why:
                raise WireError("forbidden", why)
            try:
                async with asyncio.timeout(self.connect_timeout):
                    _, protocol = await loop.create_connection(
                        lambda: _Exchange(self.limit), address, origin.port,
                        ssl=self._context() if origin.scheme == "https" else None,
                        server_hostname=origin.host if origin.scheme == "https" else None)
                return protocol, True
            except ssl.SSLError as exc:
                raise WireError("tls", str(exc)) from None
            except ConnectionRefusedError:
                error = WireError("refused", f"{origin.host}:{origin.port}")
            except TimeoutError:
                error = WireError("timeout", f"could not connect within {self.connect_timeout:g} s")
            except OSError as exc:
                error = WireError("reset", str(exc) or type(exc).__name__)
        raise error or WireError("resolve", origin.host)

    async def _resolve(self, host: str) -> list[str]:
        literal = address_literal(host)
        if literal:
            return [literal]
        try:
            addresses = await self.resolve(host)
        except NoNetwork as exc:
            raise WireError("offline", str(exc)) from None
        except OSError as exc:
            raise WireError("resolve", f"{host} ({exc})") from None
        if not addresses:
            raise WireError("resolve", host)
        return addresses

    async def aclose(self) -> None:
        for connections in self._idle.values():
            for exchange in connections:
                exchange.close()
        self._idle.clear()
        await asyncio.sleep(0)
