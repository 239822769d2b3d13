"""TEI (OpenEdition, Métopes, GROBID's output) → text, with its bibliography and calls
taken as marked up.

``<listBibl>`` holds the entries: a ``<biblStruct>`` or a ``<bibl>`` that tags its
parts (``<author>``, ``<title>``, ``<date>``, ``<idno type="DOI">``) gives its fields as
tagged; a free-text ``<bibl>`` (OpenEdition's usual form) is parsed as any entry.  A
``<ref target="#id">`` or ``<ptr target="#id">`` naming an entry is a call of it; one
naming a web address is a link.  ``<note place="foot">`` (or ``end``) stands where it is
called: the call becomes a superscript number and the note joins a Notes section, as a
reader sees them.  The header, mathematics and facsimiles are left out.  Positions point
into the XML file.
"""

from __future__ import annotations

import re

from citecheck.ingest.textbuild import Builder, Walker, figure, table
from citecheck.ingest.xmltext import Chars, Node
from citecheck.model import GivenCall, GivenEntry, Markup

_SKIP = frozenset({"teiHeader", "formula", "facsimile", "graphic", "fw", "figDesc", "pb",
                   "milestone", "standOff", "back-matter", "code", "eg", "egXML"})
_CONTAINERS = frozenset({"text", "front", "body", "back", "div", "div1", "div2", "div3",
                         "div4", "div5", "list", "group", "floatingText", "argument"})
_NOTE_PLACES = frozenset({"foot", "end", "bottom", "foot text"})
_ITALIC = re.compile(r"ital", re.I)


class _Tei(Walker):
    def __init__(self, ids: set[str], italic: set[str]) -> None:
        super().__init__(Builder())
        self.entry_ids = ids
        self.italic_styles = italic
        self.depth = 1

    def block(self, node: Node) -> None:
        tag = node.tag
        if tag in _SKIP:
            return
        if tag == "listBibl":
            self.list_bibl(node)
        elif tag in _CONTAINERS:
            self.container(node)
        elif tag == "head":
            self.heading(node, self.depth)
        elif tag == "table":
            table(self, node)
        elif tag == "figure":
            self.figure(node)
        elif tag == "note":
            self.element(node)
        elif node.plain():  # p, ab, q, quote, lg, item… and what this list does not name
            self.paragraph(node)

    def container(self, node: Node) -> None:
        abstract = node.get("type") == "abstract"
        if abstract and node.first("head") is None:
            self.out.end_paragraph()
            self.out.mark("\n## Abstract\n\n")
        self.depth += node.tag.startswith("div")
        start = self.out.size
        for child in node.elements():
            self.block(child)
        self.depth -= node.tag.startswith("div")
        if abstract:
            self.own_data.append((start, self.out.size))

    def figure(self, node: Node) -> None:
        head = node.first("head")
        figure(self, node, [[head]] if head is not None else [])

    def element(self, node: Node) -> None:
        tag = node.tag
        if tag in _SKIP:
            return
        if tag == "note":
            if node.get("place") in _NOTE_PLACES:
                key = node.get("id") or f"#note{len(self.notes) + 1}"
                self.notes[key] = node
                self.note_call(key)
        elif tag in {"ref", "ptr"}:
            self.reference(node)
        elif self.is_italic(node):
            self.italic(node)
        elif tag == "lb":
            self.out.space = True
        else:
            self.inline(node)

    def is_italic(self, node: Node) -> bool:
        """Italics as TEI says them: ``rend``, a ``rendition`` style, ``<emph>``, the title
        of a book or a journal."""
        if node.tag == "hi":
            return bool(_ITALIC.search(node.get("rend"))) or (
                node.get("rendition").lstrip("#") in self.italic_styles)
        return node.tag == "emph" or (node.tag == "title" and node.get("level") in {"m", "j"})

    def reference(self, node: Node) -> None:
        targets = node.get("target").split()
        own = [t[1:] for t in targets if t.startswith("#") and t[1:] in self.entry_ids]
        if own:
            start = self.out.size
            self.inline(node)
            if self.out.size > start:
                self.calls.extend(GivenCall(start, self.out.size, t) for t in own)
        elif targets and targets[0].startswith(("http://", "https://")):
            self.link(node, targets[0])
        else:
            self.inline(node)

    def list_bibl(self, node: Node) -> None:
        head = node.first("head")
        if head is not None:
            self.heading(head, self.depth + 1)
        start = self.out.size
        for child in node.elements():
            if child.tag in {"bibl", "biblStruct"}:
                self.entries.append(self.bibl(child))
            elif child.tag == "listBibl":
                self.list_bibl(child)
        low = start if self.bibliography is None else min(start, self.bibliography[0])
        self.bibliography = (low, self.out.size)

    def bibl(self, node: Node) -> GivenEntry:
        start = self.out.size
        fields, authors = fields_of(node)
        if node.tag == "biblStruct" or not any(isinstance(c, Chars) and c.text.strip(" \n")
                                               for c in node.children):
            self.fielded(node)
        else:
            self.inline(node)
        entry = GivenEntry(node.get("id"), start, self.out.size, fields, authors)
        self.out.end_paragraph()
        return entry

    def fielded(self, node: Node) -> None:
        """A ``<biblStruct>``'s parts, which carry no punctuation, written as printed."""
        first = True
        for part in _leaves(node):
            if not part.plain():
                continue
            if not first:
                self.out.mark(", " if part.tag in {"author", "editor", "persName"} else ". ")
            first = False
            if part.tag == "idno" and part.get("type").lower() == "doi":
                self.out.mark("doi:")
            if part.tag in {"author", "editor", "persName"}:
                self.out.mark(" ".join(_name_parts(part)))
            else:
                self.inline(part)
        self.out.mark(".")


def _leaves(node: Node) -> list[Node]:
    """The parts of an entry in order: names whole, other containers opened."""
    found: list[Node] = []
    for child in node.elements():
        if child.tag in {"analytic", "monogr", "imprint", "series", "respStmt"}:
            found += _leaves(child)
        elif child.tag not in {"note", "ptr"}:
            found.append(child)
    return found


def _name_parts(author: Node) -> list[str]:
    name = author.first("persName") or author
    parts = [p.plain() for tag in ("forename", "surname") for p in name.elements(tag)]
    return parts or [author.plain()]


def fields_of(node: Node) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """(fields, family names) a ``<bibl>`` or ``<biblStruct>`` tags; empty for free text."""
    found: dict[str, str] = {}
    authors: list[str] = []
    analytic = node.first("analytic")
    for author in (analytic if analytic is not None else node).iter("author") or node.iter("author"):
        surname = next(iter(author.iter("surname")), None)
        org = author.first("orgName")
        authors.append((surname or org or author).plain())
    titles = node.iter("title")
    article = next((t for t in titles if t.get("level") == "a"), None)
    whole = next((t for t in titles if t.get("level") in {"m", "j", "s"}), None)
    if article is not None:
        found["title"] = article.plain()
        if whole is not None:
            found["container"] = whole.plain()
    elif whole is not None or titles:
        found["title"] = (whole or titles[0]).plain()
    date = next(iter(node.iter("date")), None)
    if date is not None:
        found["year"] = date.get("when")[:4] or date.plain()
    for scope in node.iter("biblScope"):
        unit = {"volume": "volume", "issue": "issue", "page": "pages", "pp": "pages"}.get(
            scope.get("unit") or scope.get("type"))
        if unit:
            found[unit] = scope.plain() or "–".join(
                v for v in (scope.get("from"), scope.get("to")) if v)
    for idno in node.iter("idno"):
        if idno.get("type").lower() == "doi":
            found.setdefault("doi", idno.plain())
    publisher = next(iter(node.iter("publisher")), None)
    if publisher is not None:
        found["publisher"] = publisher.plain()
    url = next((r.get("target") for r in node.iter("ref") + node.iter("ptr")
                if r.get("target").startswith(("http://", "https://"))), None)
    if url and found:
        found["url"] = url
    return tuple((k, v) for k, v in found.items() if v), tuple(a for a in authors if a)


def tei_to_text(root: Node) -> tuple[str, tuple[int, ...], Markup, str | None]:
    """(text, offsets into the file, what it marks up, its title) of a TEI document."""
    tei = root.first("TEI") or root
    ids = {b.get("id") for tag in ("bibl", "biblStruct") for b in tei.iter(tag) if b.get("id")}
    header = tei.first("teiHeader")
    # OpenEdition writes italics as <hi rendition="#style01">, the style defined in the
    # header ("font-style:italic").
    italic = {r.get("id") for r in (header.iter("rendition") if header is not None else [])
              if "italic" in r.plain()}
    walker = _Tei(ids, italic)
    title = None
    if header is not None:
        titles = header.iter("title")
        main = next((t for t in titles if t.get("type") == "main"), titles[0] if titles else None)
        title = main.plain() if main is not None else None
    text = tei.first("text")
    if text is not None:
        walker.block(text)
    walker.note_section()
    out, offsets, _ = walker.out.result()
    return out, offsets, walker.markup(), title
