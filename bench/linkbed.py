"""A test bed of web hosts on 127.0.1.x: keep-alive HTTP/1.1, fixed latency, known verdicts.

Paths say what they do, so the right verdict of every link is known:
``/ok/N`` 200 page, ``/gone/N`` 404, ``/moved/N`` 301 to ``/ok/N``, ``/soft/N`` 200
"Page not found", ``/wall/N`` 403 Cloudflare challenge, ``/busy/N`` 429 once
(Retry-After: 1) then 200 (``/__reset`` makes them answer 429 once more, for the next
tool).  Used by bench/links_vs_lychee.py; loopback only.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter

EXPECTED = {"ok": "alive", "gone": "dead", "moved": "redirected", "soft": "dead",
            "wall": "blocked", "busy": "alive"}


class Bed:
    def __init__(self, hosts: int, latency: float) -> None:
        self.addresses = [f"127.0.1.{i + 1}" for i in range(hosts)]
        self.latency = latency
        self.servers: list[asyncio.base_events.Server] = []
        self.port = 0
        self.requests: Counter[str] = Counter()
        self._busy_seen: set[str] = set()

    async def start(self) -> None:
        first = await asyncio.start_server(self._serve, self.addresses[0], 0)
        self.port = first.sockets[0].getsockname()[1]
        self.servers = [first] + [await asyncio.start_server(self._serve, a, self.port)
                                  for a in self.addresses[1:]]

    async def stop(self) -> None:
        for server in self.servers:
            server.close()
        for server in self.servers:
            await server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                method, path, _ = line.decode("latin-1").split(" ", 2)
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                self.requests[host] += 1
                await asyncio.sleep(self.latency)
                writer.write(self._respond(host, method, path))
                await writer.drain()
        except (ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    def _respond(self, host: str, method: str, path: str) -> bytes:
        if path == "/__reset":  # the next tool meets every 429 afresh
            self._busy_seen.clear()
        kind = path.strip("/").split("/")[0]
        headers: dict[str, str] = {}
        status, title = 200, "A fine page about things"
        if kind == "gone":
            status, title = 404, "Not Found"
        elif kind == "moved":
            status = 301
            headers["Location"] = path.replace("/moved/", "/ok/")
        elif kind == "soft":
            title = "Page not found"
        elif kind == "wall":
            status, title = 403, "Just a moment..."
            headers["cf-mitigated"] = "challenge"
        elif kind == "busy" and f"{host}{path}" not in self._busy_seen:
            self._busy_seen.add(f"{host}{path}")
            status = 429
            headers["Retry-After"] = "1"
        elif kind not in EXPECTED:
            title = "Welcome"  # what the site answers for unknown addresses
        body = f"<html><head><title>{title}</title></head><body>{path}</body></html>"
        body_bytes = b"" if method == "HEAD" else body.encode()
        reason = {200: "OK", 301: "Moved Permanently", 403: "Forbidden", 404: "Not Found",
                  429: "Too Many Requests"}[status]
        head = [f"HTTP/1.1 {status} {reason}", "Content-Type: text/html; charset=utf-8",
                f"Content-Length: {len(body.encode())}", "Connection: keep-alive"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        return ("\r\n".join(head) + "\r\n\r\n").encode() + body_bytes


SPEED_MIX = {"ok": 80, "gone": 10, "moved": 10}
"""The speed bed of PERF-NOTES.md: 10 % redirect once, 10 % answer 404."""
FULL_MIX = {"ok": 80, "gone": 8, "moved": 6, "soft": 2, "wall": 2, "busy": 2}
"""Every behaviour the verdicts must get right."""


def links(bed: Bed, count: int, mix: dict[str, int] = FULL_MIX,
          seed: int = 7) -> list[tuple[str, str]]:
    """(URL, expected verdict), kinds drawn with the weights of ``mix``."""
    rng = random.Random(seed)
    kinds = [kind for kind, weight in mix.items() for _ in range(weight)]
    out = []
    for i in range(count):
        kind = rng.choice(kinds)
        host = bed.addresses[i % len(bed.addresses)]
        out.append((f"http://{host}:{bed.port}/{kind}/{i}", EXPECTED[kind]))
    return out


def serve_forever(hosts: int, latency: float, port_out: object, stop: object) -> None:
    """Run a bed in its own process (so the checker under test has the other core)."""
    async def main() -> None:
        bed = Bed(hosts, latency)
        await bed.start()
        port_out.put((bed.port, bed.addresses))  # type: ignore[attr-defined]
        while not stop.is_set():  # type: ignore[attr-defined]
            await asyncio.sleep(0.1)
        port_out.put(dict(bed.requests))  # type: ignore[attr-defined]
        await bed.stop()

    try:
        import uvloop
    except ImportError:
        asyncio.run(main())
    else:
        uvloop.run(main())
