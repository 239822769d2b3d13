"""What a URL's host is, shared by the reading of URLs (a malformed one is reported) and
the fetching of them (a local one is refused): both must agree on what an address is."""

from __future__ import annotations

import re
import socket

_IPV4_SPELLING = re.compile(r"(?:0x[0-9a-f]+|\d+)(?:\.(?:0x[0-9a-f]+|\d+)){0,3}", re.I)


def ipv4_spelling(host: str) -> str | None:
    """The dotted form of an IPv4 address in one of the spellings resolvers accept
    ("0x7f000001", "2130706433", "127.1", "0177.0.0.1"), else ``None``."""
    if not _IPV4_SPELLING.fullmatch(host):
        return None
    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        return None
