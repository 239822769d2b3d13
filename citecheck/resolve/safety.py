"""Which document URLs may be fetched at all.

Document text is untrusted: a URL may point at the reader's own machine or
network.  Only http(s) URLs without credentials are fetched, and only when
every address their host resolves to is public — checked after DNS
resolution and again on every redirect hop.  ``--allow-private-hosts`` lifts
the address rule (tests and intranets); configured service endpoints never
pass through here.
"""

from __future__ import annotations

import functools
import ipaddress
from urllib.parse import SplitResult, urlsplit

from citecheck.hosts import ipv4_spelling
from citecheck.resolve.dns import Resolver


def forbidden_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    # Not global: private, loopback, link-local, shared (100.64/10), reserved,
    # documentation and benchmarking ranges (IANA special-purpose registries).
    return (not ip.is_global or ip.is_private or ip.is_loopback or ip.is_link_local
            or ip.is_reserved or ip.is_multicast or ip.is_unspecified)


@functools.lru_cache(maxsize=16384)
def split(url: str) -> SplitResult:
    """``urlsplit``, remembered: a link check splits the same URL at every step (safety,
    host, request), thousands of times a run; the result is immutable."""
    return urlsplit(url)


@functools.lru_cache(maxsize=16384)
def host_of(url: str) -> str:
    """The URL's host name, lower-cased ("" if none)."""
    return (split(url).hostname or "").lower()


@functools.lru_cache(maxsize=16384)
def url_refusal(url: str) -> str | None:
    """Why a URL is never fetched, whatever it resolves to."""
    try:
        parts = split(url)
    except ValueError:
        return "the URL cannot be parsed"
    if parts.scheme.lower() not in {"http", "https"}:
        return f"the {parts.scheme or 'missing'} scheme is not fetched (only http and https)"
    if parts.username or parts.password:
        return "the URL carries credentials"
    if not parts.hostname:
        return "the URL has no host"
    return None


def address_literal(host: str) -> str | None:
    """``host`` itself when it is an IP address (IPv6 brackets removed), else ``None``;
    an IPv4 address in another spelling resolvers accept ("0x7f000001", "2130706433",
    "127.1", "0177.0.0.1") as its dotted form, judged without asking a resolver."""
    bare = host.strip("[]")
    try:
        ipaddress.ip_address(bare)
    except ValueError:
        return ipv4_spelling(bare)
    return bare


def private_address_reason(host: str, address: str) -> str:
    if host.strip("[]") == address:
        return f"{address} is a private or local address"
    return f"{host} resolves to a private or local address ({address})"


async def address_refusal(host: str, resolve: Resolver) -> str | None:
    """Why ``host`` must not be contacted (private, loopback, link-local, reserved)."""
    literal = address_literal(host)
    addresses = [literal] if literal else await resolve(host)
    bad = [a for a in addresses if forbidden_address(a)]
    if bad:
        return private_address_reason(host, bad[0])
    return None
