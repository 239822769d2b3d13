"""A document cannot steer citecheck into the reader's machine or network (issue 20):
every spelling of a local, private or link-local address, every scheme but http(s) and
every URL with credentials is refused with its reason, never fetched and never called
malformed; ``--allow-private-hosts`` lifts the address rule only."""

from __future__ import annotations

import asyncio
import socket

import pytest
from conftest import write

from citecheck.audit import audit
from citecheck.model import AuditOptions, LinkStatus
from citecheck.resolve.safety import address_refusal, url_refusal

LOCAL_HOSTS = [
    "127.0.0.1", "10.1.2.3", "172.16.0.9", "172.31.255.1", "192.168.1.10", "100.64.0.1",
    "169.254.169.254", "0.0.0.0", "[::1]", "[fd00::1]", "[fe80::1]", "[::ffff:127.0.0.1]",
    "[::ffff:10.0.0.1]", "0x7f000001", "2130706433", "017700000001", "127.1", "0177.0.0.1",
]


@pytest.mark.parametrize("host", LOCAL_HOSTS)
def test_every_spelling_of_a_local_address_is_refused_without_a_lookup(host):
    asked: list[str] = []

    async def resolver(name: str) -> list[str]:
        asked.append(name)
        return ["93.184.215.14"]  # a resolver that would say "public": never asked

    reason = asyncio.run(address_refusal(host, resolver))
    assert reason is not None and "private or local address" in reason
    assert asked == []


@pytest.mark.parametrize("url, why", [
    ("file:///etc/passwd", "the file scheme"), ("ftp://example.org/f", "the ftp scheme"),
    ("javascript:alert(1)", "the javascript scheme"), ("data:text/html,<b>x</b>", "the data scheme"),
    ("https://user:secret@example.org/", "credentials"), ("http://:80/", "no host"),
])
def test_schemes_and_credentials_are_refused(url, why):
    assert why in (url_refusal(url) or "")


def test_a_public_name_that_resolves_to_a_private_address_is_refused():
    async def resolver(name: str) -> list[str]:
        return ["93.184.215.14", "192.168.0.7"]  # one bad address is enough

    reason = asyncio.run(address_refusal("intranet.example.org", resolver))
    assert reason == ("intranet.example.org resolves to a private or local address "
                      "(192.168.0.7)")


def test_a_document_full_of_local_addresses_is_refused_not_malformed(tmp_path):
    """Through a whole audit: refused links with their reasons, no request, no
    ``url-malformed`` for a literal; with --allow-private-hosts, credentials are still
    refused."""
    links = " ".join(f"<http://{host}:9/x>" for host in LOCAL_HOSTS)
    path = write(tmp_path, "links.md", f"# Links\n\n{links} and <https://u:p@127.0.0.1:9/>.\n")
    doc = audit(AuditOptions(paths=(str(path),), timeout=2.0)).documents[0]
    assert not [f for f in doc.findings if f.kind == "url-malformed"]
    assert len(doc.link_checks) == len(LOCAL_HOSTS) + 1
    assert {c.status for c in doc.link_checks.values()} == {LinkStatus.REFUSED}
    # The flag lifts the address rule only: the local page is asked (nothing listens on
    # port 9: refused connection), the URL with credentials is still not fetched.
    small = write(tmp_path, "small.md", "# L\n\n<http://127.0.0.1:9/x> and "
                  "<https://u:p@127.0.0.1:9/>.\n")
    allowed = audit(AuditOptions(paths=(str(small),), timeout=2.0, allow_private_hosts=True),
                    resolve=_nothing).documents[0]
    statuses = {url: c.status for url, c in allowed.link_checks.items()}
    assert statuses["https://u:p@127.0.0.1:9/"] is LinkStatus.REFUSED
    assert statuses["http://127.0.0.1:9/x"] is not LinkStatus.REFUSED


async def _nothing(host: str) -> list[str]:
    raise socket.gaierror(socket.EAI_NONAME, host)


def test_a_host_is_looked_up_once_so_a_second_answer_cannot_differ(tmp_path):
    """DNS rebinding: the answer checked is the one connected to, since a run asks for
    each name once (here the second answer would have been local)."""
    answers = iter([["93.184.215.14"], ["127.0.0.1"], ["127.0.0.1"]])
    asked: list[str] = []

    async def rebinding(host: str) -> list[str]:
        asked.append(host)
        return next(answers)

    path = write(tmp_path, "r.md", "# R\n\nSee <http://rebind.example/a> and "
                 "<http://rebind.example/b>.\n")
    doc = audit(AuditOptions(paths=(str(path),), timeout=1.0), resolve=rebinding).documents[0]
    assert asked == ["rebind.example"]
    assert LinkStatus.REFUSED not in {c.status for c in doc.link_checks.values()}
