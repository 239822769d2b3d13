"""XML read safely into a small tree whose every piece of text knows where it stands.

JATS, TEI, ODT and EPUB are XML.  Their readers need each character's place in the file
(for JATS and TEI, findings point into the XML itself), which ElementTree does not keep;
expat reports the byte index of every event, so the tree is built from its events.

Untrusted input: a document that declares entities is refused (no entity expansion,
whatever expat's own limits), external entities and DTDs are never loaded, entities the
unread DTD would define are left out, and sizes are bounded by the callers (the file by
``files.MAX_DOCUMENT_BYTES``, each member of a zip by ``read_member``).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

from citecheck.errors import InputError

MAX_MEMBER_BYTES = 64 * 1024 * 1024
"""Largest unpacked part of a zip package (ODT, EPUB, Word) read."""
MAX_PACKAGE_BYTES = 256 * 1024 * 1024
"""Largest unpacked total read from one package (an EPUB's chapters together)."""
MAX_DEPTH = 1000
"""Deepest nesting of elements read: the readers walk the tree by recursion."""


@dataclass(slots=True)
class Chars:
    """A run of character data and the offset, in the file's text, of its first
    character; ``verbatim`` is false for what a reference (``&amp;``) stood for."""

    text: str
    at: int
    verbatim: bool = True


@dataclass(slots=True)
class Node:
    tag: str
    """The local name (``p``, ``xref``); ``ns`` holds the namespace."""
    ns: str
    attrs: dict[str, str]
    """Attributes by local name; a namespaced one is also under ``{namespace}name``."""
    at: int
    children: list[Node | Chars] = field(default_factory=list)

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name, default)

    def elements(self, tag: str | None = None) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node) and (tag is None or c.tag == tag)]

    def first(self, tag: str) -> Node | None:
        return next(iter(self.elements(tag)), None)

    def iter(self, tag: str) -> list[Node]:
        """Every descendant named ``tag``, in document order."""
        found: list[Node] = []
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            if node.tag == tag:
                found.append(node)
            stack.extend(reversed(node.elements()))
        return found

    def text(self) -> str:
        """The text of this element and all its descendants."""
        parts: list[str] = []
        stack: list[Node | Chars] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, Chars):
                parts.append(item.text)
            else:
                stack.extend(reversed(item.children))
        return "".join(parts)

    def plain(self) -> str:
        """The text with its white space collapsed."""
        return " ".join(self.text().split())


class _Offsets:
    """Character offsets of increasing byte indexes in UTF-8 ``data``, in one pass."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.ascii = data.isascii()
        self.byte = 0
        self.char = 0

    def of(self, index: int) -> int:
        if self.ascii:
            return index
        if index < self.byte:  # expat never goes back; stay safe if it did
            self.byte = self.char = 0
        self.char += len(self.data[self.byte:index].decode("utf-8", errors="replace"))
        self.byte = index
        return self.char


def parse(source: str, name: str) -> Node:
    """The tree of ``source`` (the file's text, line ends normalised); ``InputError`` when
    it is not well-formed or declares entities."""
    data = source.encode("utf-8")
    offsets = _Offsets(data)
    parser = expat.ParserCreate(encoding="utf-8", namespace_separator="\x1f")
    parser.buffer_text = False
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root = Node("#document", "", {}, 0)
    stack = [root]

    def start(tag: str, attributes: dict[str, str]) -> None:
        ns, _, local = tag.rpartition("\x1f")
        attrs: dict[str, str] = {}
        for key, value in attributes.items():
            key_ns, _, key_local = key.rpartition("\x1f")
            attrs.setdefault(key_local, value)
            if key_ns:
                attrs[f"{{{key_ns}}}{key_local}"] = value
        node = Node(local, ns, attrs, offsets.of(parser.CurrentByteIndex))
        stack[-1].children.append(node)
        stack.append(node)
        if len(stack) > MAX_DEPTH:
            raise InputError(f"{name}: elements nested more than {MAX_DEPTH} deep: refused")

    def end(tag: str) -> None:
        stack.pop()

    def chars(text: str) -> None:
        at = offsets.of(parser.CurrentByteIndex)
        stack[-1].children.append(Chars(text, at, source.startswith(text, at)))

    def refuse(*_: object) -> None:
        raise InputError(f"{name}: declares entities: refused (no entity expansion)")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = lambda *_: 1  # never loaded
    parser.SkippedEntityHandler = lambda *_: None  # defined in a DTD never read: left out
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise InputError(f"{name}: not well-formed XML ({expat.errors.messages[exc.code]}, "
                         f"line {exc.lineno})") from None
    return root


def member_bytes(archive: zipfile.ZipFile, member: str, label: str) -> bytes | None:
    """A zip member's bytes, read no further than ``MAX_MEMBER_BYTES`` whatever its header
    claims (no zip bomb); ``None`` when it is not there.  ``label`` names it in errors."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    if info.file_size > MAX_MEMBER_BYTES:
        raise InputError(f"{label} unpacks to {info.file_size} bytes, more than allowed")
    with archive.open(info) as handle:
        data = handle.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise InputError(f"{label} unpacks to more than {MAX_MEMBER_BYTES} bytes")
    return data


def read_member(archive: zipfile.ZipFile, member: str, name: str) -> str | None:
    """A zip member's text (UTF-8), bounded in size; ``None`` when it is not there."""
    data = member_bytes(archive, member, f"{name}: {member}")
    return None if data is None else data.decode("utf-8", errors="replace").replace("\r\n", "\n")
