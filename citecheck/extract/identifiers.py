"""DOIs and URLs, as a reader would take them from the text.

Handles Markdown links and images (with balanced parentheses and backslash
escapes in the destination), autolinks ``<…>``, bare URLs with the trailing
punctuation a sentence adds, ``doi:``/``https://doi.org/``/``dx.doi.org`` and
bare ``10.x/…`` DOIs.  Strings that were meant as an identifier but are not one
are returned as ``Malformed``.  ``doi.org`` URLs are DOIs, not links.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from citecheck.hosts import ipv4_spelling
from citecheck.ingest.bibfiles import value_end
from citecheck.model import Document, Doi, Link, Malformed
from citecheck.text import Ranges

# A destination in a Markdown link: one level of balanced parentheses allowed.
_MD_LINK = re.compile(
    # The label holds no "[": a run of "[" then fails at once instead of scanning the line
    # again from each one ("[a [b](url)" is read from its second bracket, same link).
    r"[!\[](?:(?<=!)\[|(?<=\[))(?P<label>(?:\\.|[^\[\]\\\n])*)\]"
    r"\((?P<dest><[^>\n]*>|(?:\\.|[^()\s\\]|\((?:\\.|[^()\s\\])*\))+)(?:\s+\"[^\"\n]*\")?\)"
)
_AUTOLINK = re.compile(r"<(?P<url>[a-zA-Z][a-zA-Z0-9+.-]{1,15}:[^\s<>]+)>")
# Patterns start with a literal or a character set so that the regex engine can
# skip ahead quickly on large documents; lookbehinds come after the first character.
_BARE = re.compile(
    r"[hHfFwW](?<![\w@/].)(?:(?<=[hH])[tT][tT][pP][sS]?://|(?<=[fF])[tT][pP]://|(?<=[wW])[wW][wW]\.)"
    r"[^\s<>\"\u00a0\u202f«»“”{}]+"
)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TRAILING = ".,;:!?'\"»”’*_"

DOI_URL = re.compile(r"(?:https?://)?(?:dx\.|www\.)?doi\.org/", re.I)
_DOI_LABEL = re.compile(r"[dD](?<!\w[dD])(?:(?<=d)oi|(?<=D)OI)(?:\s*[:：]\s*|(?<=OI)\s+(?=10\.))")
_BARE_DOI = re.compile(r"1(?<![\w/.]1)0\.\d{4,9}/[^\s\"<>«»“”{}]+")
_SCHEME_TYPO = re.compile(
    r"(?<![\w/])(?=[hHtT])(?P<scheme>h?t?tp?s?|hhtps?|htpps?|http|https)(?P<sep>:///+|://|:/(?!/)|//|:\\\\|;//)"
    r"(?P<rest>[^\s<>\"«»]*)",
    re.I,
)
_HOST_LABEL = re.compile(r"^(?!-)[\w-]{1,63}(?<!-)$")
# The usual URL: ASCII labels, a dot between, perhaps a port, then a path or nothing.
# Nothing wrong with it can be found below, so it skips urlsplit (thousands per document).
_PLAIN_URL = re.compile(
    r"https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?::(?P<port>\d{1,5}))?(?=[/?#]|$)", re.I | re.A)


@dataclass(frozen=True, slots=True)
class Identifiers:
    links: tuple[Link, ...]
    dois: tuple[Doi, ...]
    malformed: tuple[Malformed, ...]


def with_bibliographies(doc: Document, found: Identifiers) -> Identifiers:
    """``found`` (the document's own identifiers) with those of the ``.bib`` files a
    Markdown or LaTeX document cites from, read here; one that cannot be read is left
    to the reading of its entries, which reports it (``with_bibliography_documents``)."""
    if not doc.bib_paths:
        return found
    from pathlib import Path

    from citecheck.errors import InputError
    from citecheck.ingest.files import load_bibliography

    bibs = []
    for path in doc.bib_paths:
        try:
            bibs.append(load_bibliography(Path(path)))
        except InputError:
            continue
    return with_bibliography_documents(found, bibs)


def with_bibliography_documents(found: Identifiers, bibs: Iterable[Document]) -> Identifiers:
    """``found`` with the links and malformed identifiers of the ``.bib`` documents
    ``bibs``: their URLs are checked and their errors reported with the document (in the
    ``.bib``'s lines), as when the ``.bib`` is audited alone.  Their DOIs are checked as
    their entries' DOIs."""
    links, malformed = list(found.links), list(found.malformed)
    for bib in bibs:
        own = extract_identifiers(bib)
        links.extend(own.links)
        malformed.extend(own.malformed)
    return Identifiers(tuple(links), found.dois, tuple(malformed))


def unescape(url: str) -> str:
    """Markdown backslash escapes removed (``\\(2\\)`` → ``(2)``)."""
    return _ESCAPE.sub(r"\1", url)


def trim_url(url: str) -> str:
    """Drop what a sentence adds after a URL: final punctuation, an unbalanced ``)``, or
    the ``}`` that closes a BibTeX field or a LaTeX ``\\url{…}`` around it."""
    while url:
        last = url[-1]
        unbalanced = (last == ")" and url.count("(") < url.count(")")) or (
            last == "]" and url.count("[") < url.count("]")) or (
            last == "}" and url.count("{") < url.count("}"))
        if last in _TRAILING or unbalanced:
            url = url[:-1]
        else:
            break
    return url


def normalize_doi(raw: str) -> str:
    """Lower-cased DOI with trailing punctuation removed; ``%2F`` and the like decoded."""
    return trim_url(unquote(raw.strip())).lower()


def is_valid_doi(doi: str) -> bool:
    return bool(re.fullmatch(r"10\.\d{4,9}/\S+", doi)) and not doi.endswith("/")


def url_problem(url: str) -> str | None:
    """Why a http(s) URL cannot be fetched as written, or ``None``."""
    plain = _PLAIN_URL.match(url)
    if plain and int(plain.group("port") or 0) <= 65535:
        return None
    return _parsed_url_problem(url)


def _parsed_url_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url if "://" in url else "http://" + url)
    except ValueError as exc:
        return f"cannot be parsed ({exc})"
    host = parts.hostname or ""
    if not host:
        return "has no host name"
    if "[" in parts.netloc:  # an IPv6 literal, "http://[::1]:8080/": its address is judged
        try:  # when the link is checked (a local one is refused, not malformed)
            ipaddress.IPv6Address(host.split("%")[0])
        except ValueError:
            return f"IPv6 address {host!r} is not valid"
        return None
    if re.fullmatch(r"[\d.]+", host) or ipv4_spelling(host):
        return None
    labels = host.rstrip(".").split(".")
    if len(labels) < 2 and host != "localhost":
        return f"host name {host!r} has no domain"
    if any(not _HOST_LABEL.match(label) or "_" in label for label in labels):
        return f"host name {host!r} is not valid"
    try:
        _ = parts.port
    except ValueError:
        return "has an invalid port"
    return None


def _doi_from_url(url: str) -> str | None:
    match = DOI_URL.match(url)
    if not match:
        return None
    return url[match.end():]


_URL_FIELD = re.compile(r"(?im)(?:^|[,{])[ \t]*url[ \t]*=[ \t]*")


def _crowded_url_fields(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """BibTeX ``url`` fields that hold more than one address or words besides it
    (``{https://ssrn.com/abstract=1 or http://dx.doi.org/…}``, pasted from a
    publisher's "cite this" box): the bibliography prints them as one broken link."""
    for match in _URL_FIELD.finditer(text, start, end):
        close = value_end(text, match.end())
        value = text[match.end():close]
        if value[:1] in "{\"":
            value = value[1:-1]
        words = value.split()
        if len(words) < 2:
            continue
        others = [w for w in words if not re.match(r"(?:https?|ftp)://|www\.", w, re.I)]
        if len(others) == len(words):
            continue  # no address at all: not a URL field's problem
        count = len(words) - len(others)
        said = f"« {' '.join(others)[:40]} »"
        what = (f"{count} addresses" + (f" and {said}" if others else "") if count > 1
                else f"{said} besides its address")
        offset = text.index(value.strip(), match.end())
        yield offset, offset + len(value.strip()), (
            f"the url field holds {what}; a bibliography prints it as one broken link")


def extract_identifiers(doc: Document, start: int = 0, end: int | None = None) -> Identifiers:
    """The links, DOIs and malformed identifiers of ``doc.text[start:end]``: Markdown
    links, autolinks, bare URLs, misspelt schemes, labelled and bare DOIs, in that
    order (what one pass takes, the next ones skip)."""
    found = _Collector(doc)
    end = len(doc.text) if end is None else end
    if doc.kind == "bib":
        for s, e, reason in _crowded_url_fields(doc.text, start, end):
            found.malformed.append(Malformed(doc.span(s, e), "url", doc.text[s:e], reason))
            found.taken.add((s, e))
    found.links_in(start, end)
    found.typos_in(start, end)
    found.dois_in(start, end)
    found.links.sort(key=lambda link: link.span.start)
    found.dois.sort(key=lambda doi: doi.span.start)
    found.malformed.sort(key=lambda item: item.span.start)
    return Identifiers(tuple(found.links), tuple(found.dois), tuple(found.malformed))


class _Collector:
    """What the passes of ``extract_identifiers`` found, and the spans already taken."""

    def __init__(self, doc: Document) -> None:
        self.doc, self.text = doc, doc.text
        self.links: list[Link] = []
        self.dois: list[Doi] = []
        self.malformed: list[Malformed] = []
        self.taken = Ranges()

    def add_url(self, url: str, s: int, e: int, raw: str) -> None:
        url = trim_url(unescape(url))
        if not url:
            return
        body = _doi_from_url(url)
        if body is not None:
            self.add_doi(body, s, e, raw)
            return
        if url.lower().startswith("www."):
            url = "http://" + url
        problem = url_problem(url) if url.lower().startswith(("http://", "https://")) else None
        span = self.doc.span(s, e)
        if problem:
            self.malformed.append(Malformed(span, "url", raw, f"URL {problem}"))
        else:
            self.links.append(Link(span, url, raw))

    def add_doi(self, body: str, s: int, e: int, raw: str) -> None:
        value = normalize_doi(body)
        span = self.doc.span(s, e)
        if is_valid_doi(value):
            self.dois.append(Doi(span, value, raw))
        else:
            self.malformed.append(Malformed(span, "doi", raw, _doi_reason(
                value, bool(_DOUBLED_DOI.match(self.text, e)))))

    def links_in(self, start: int, end: int) -> None:
        """Markdown links, then autolinks, then bare URLs."""
        text, taken = self.text, self.taken
        for match in _MD_LINK.finditer(text, start, end):
            dest = match.group("dest")
            if dest.startswith("<"):
                dest = dest[1:-1]
            if re.match(r"(?:https?|ftp)://|www\.", dest, re.I) or DOI_URL.match(dest):
                ds = match.start("dest")
                self.add_url(dest, ds, match.end("dest"), dest)
            taken.add(match.span())
        for match in _AUTOLINK.finditer(text, start, end):
            if match.start() in taken:
                continue
            url = match.group("url")
            if url.lower().startswith(("http://", "https://", "ftp://")):
                self.add_url(url, match.start("url"), match.end("url"), url)
            taken.add(match.span())
        for match in _BARE.finditer(text, start, end):
            if match.start() in taken:
                continue
            raw = match.group(0)
            self.add_url(raw, match.start(), match.start() + len(trim_url(raw)), raw)
            taken.add(match.span())

    def typos_in(self, start: int, end: int) -> None:
        """URLs whose scheme is misspelt ("htps://", "http//")."""
        for match in _scheme_typos(self.text, start, end):
            if match.start() in self.taken or not match.group("rest"):
                continue
            scheme = match.group("scheme").lower()
            if scheme in {"http", "https"} and match.group("sep") == "://":
                continue  # a well-formed URL: the passes above took it or judged its host
            raw = trim_url(match.group(0))
            if scheme not in {"http", "https", "htp", "htps", "htpp", "htpps", "hhtp", "hhtps",
                              "ttp", "ttps", "tp", "tps"}:
                continue
            self.malformed.append(Malformed(
                self.doc.span(match.start(), match.start() + len(raw)), "url", raw,
                "the URL's scheme is misspelt (should be https:// or http://)"))
            self.taken.add(match.span())

    def dois_in(self, start: int, end: int) -> None:
        """DOIs after a label ("doi:", "DOI "), then bare ones."""
        text = self.text
        for match in _doi_labels(text, start, end):
            if match.start() in self.taken:
                continue
            after = match.end()
            token = re.match(r"\S*", text[after:after + 300])
            body = token.group(0) if token else ""
            if DOI_URL.match(body):
                continue  # a labelled https://doi.org/ URL: taken by the URL pass
            raw = text[match.start():after + len(trim_url(body))]
            self.add_doi(body, match.start(), after + len(trim_url(body)), raw)
            self.taken.add((match.start(), after + len(body)))
        for match in _BARE_DOI.finditer(text, start, end):
            if match.start() in self.taken:
                continue
            raw = trim_url(match.group(0))
            self.add_doi(raw, match.start(), match.start() + len(raw), raw)


_SEPARATOR = re.compile(r"[:;/](?:(?<=[:;])/|(?<=/)/|(?<=:)\\\\)")


def _doi_labels(text: str, start: int, end: int) -> list[re.Match[str]]:
    """``_DOI_LABEL`` matches, tried only where "doi" or "DOI" stands: the pattern opens
    with a letter as common as "d", which the regex engine would try all over a text."""
    found = []
    for word in ("doi", "DOI"):
        pos = text.find(word, start, end)
        while pos != -1:
            match = _DOI_LABEL.match(text, pos, end)
            if match:
                found.append(match)
            pos = text.find(word, pos + 3, end)
    found.sort(key=lambda m: m.start())
    return found


def _scheme_typos(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``_SCHEME_TYPO`` matches, tried only where a separator stands (fast on large texts)."""
    last = -1
    for sep in _SEPARATOR.finditer(text, start, end):
        begin = max(start, sep.start() - 6)
        match = _SCHEME_TYPO.search(text, begin, min(end, sep.end() + 2000))
        if match and match.start() <= sep.start() and match.start() > last:
            last = match.start()
            yield match


_PROXIED_DOI = re.compile(r"https?://(?P<host>[^/\s]+)/+(?P<doi>10\.\d{4,9}/\S+)", re.I)
"""A DOI link through another host than doi.org: a campus proxy's address."""
_DOUBLED_DOI = re.compile(r"<?\s*https?://(?:dx\.)?doi\.org/", re.I)


def _doi_reason(value: str, doubled: bool = False) -> str:
    """Why ``value`` is no DOI.  ``doubled``: another doi.org link follows the empty one,
    "https://doi.org/<https://doi.org/10.…>", as Pandoc prints a DOI field that holds a
    whole URL after its own prefix."""
    if not value and doubled:
        return ("the DOI link is written twice (https://doi.org/https://doi.org/…): the "
                "entry's DOI field holds a whole URL instead of the DOI")
    if not value:
        return "the DOI is empty"
    proxied = _PROXIED_DOI.match(value)
    if proxied:
        return (f"the DOI is written as a link through {proxied.group('host')} (a library's "
                f"proxy, which readers elsewhere cannot use), not as the DOI "
                f"{proxied.group('doi')}")
    if not value.startswith("10."):
        return "a DOI starts with '10.'"
    if "/" not in value:
        return "a DOI has a '/' between its prefix and suffix"
    prefix, _, suffix = value.partition("/")
    if not re.fullmatch(r"10\.\d{4,9}(?:\.\d+)*", prefix):
        return f"the DOI prefix {prefix!r} is not 10. followed by four to nine digits"
    if not suffix:
        return "the DOI has no suffix after the '/'"
    return "the DOI has characters a DOI cannot have"


def iter_urls(text: str) -> Iterator[str]:
    """Every URL-looking string in a short text (used inside one reference)."""
    for match in _MD_LINK.finditer(text):
        dest = match.group("dest").strip("<>")
        if re.match(r"(?:https?|ftp)://", dest, re.I):
            yield trim_url(unescape(dest))
    stripped = _MD_LINK.sub(" ", text)
    for match in _AUTOLINK.finditer(stripped):
        yield trim_url(unescape(match.group("url")))
    stripped = _AUTOLINK.sub(" ", stripped)
    for match in _BARE.finditer(stripped):
        yield trim_url(unescape(match.group(0)))


_LINK_DEFINITION = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]\n]{1,100})\]:[ \t]*<?(?:https?://|doi:|10\.)",
                              re.M | re.I)
_LINK_REFERENCE = re.compile(r"\](?:\[(?P<label>[^\]\n]{0,100})\])?")


def reference_link_uses(text: str) -> list[int]:
    """Where a Markdown reference-style link is used: ``[a study][label]``,
    ``[label][]`` or ``[label]``, whose ``[label]: https://…`` is defined elsewhere
    (labels compare case-blind).  The URL is found at its definition; these are the
    places in the text that it sources."""
    labels = {" ".join(m.group("label").lower().split()) for m in _LINK_DEFINITION.finditer(text)}
    if not labels:
        return []
    uses = []
    for close in _LINK_REFERENCE.finditer(text):
        opening = text.rfind("[", max(0, close.start() - 200), close.start())
        if opening == -1 or text[close.end():close.end() + 1] == ":" or (
                close.group("label") is None and text[close.end():close.end() + 1] == "("):
            continue  # a definition, or an inline link (found as a URL already)
        label = close.group("label") or text[opening + 1:close.start()]
        if " ".join(label.lower().split()) in labels:
            uses.append(opening)
    return uses
