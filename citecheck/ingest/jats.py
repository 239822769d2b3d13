"""JATS XML (PubMed Central, eLife, OJS, Érudit) → text, with its reference list and its
calls taken as marked up.

A ``<ref>``'s tagged fields (``<surname>``, ``<year>``, ``<article-title>``,
``<source>``, ``<pub-id pub-id-type="doi">``…) are used as given, never re-parsed from
its text; an ``<xref ref-type="bibr" rid="…">`` is a call of the entry with that id, so a
``rid`` no entry has and an entry no call names are found as in any format.  Footnotes
(``<fn>`` called by ``<xref ref-type="fn">``) become superscript calls and a Notes
section; ``<ext-link>`` and ``<uri>`` are links.  Mathematics, figures' images and the
peer-review sub-articles (decision letters, author responses) are left out; captions and
tables are read as table rows (their calls count, their figures are not claims).
Positions point into the XML file itself.
"""

from __future__ import annotations

import re

from citecheck.ingest.textbuild import Builder, Walker, figure, table
from citecheck.ingest.xmltext import Chars, Node
from citecheck.model import GivenCall, GivenEntry, Markup

_SKIP = frozenset({
    "disp-formula", "inline-formula", "tex-math", "math", "alternatives", "graphic",
    "inline-graphic", "media", "object-id", "sub-article", "response", "processing-meta",
    "funding-group", "kwd-group", "contrib-group", "author-notes", "permissions",
    "history", "article-categories", "custom-meta-group", "self-uri", "related-article",
    "counts", "journal-meta", "pub-date", "aff", "supplementary-material", "code",
    "preformat",
    # A citation outside the reference list (a data availability statement's datasets):
    # a list of the article's own outputs, not a call.
    "element-citation", "mixed-citation",
})
_BLOCKS = frozenset({"p", "disp-quote", "speech", "statement", "verse-group", "def-item",
                     "attrib", "title"})
_CONTAINERS = frozenset({"body", "back", "front", "article-meta", "abstract", "trans-abstract",
                         "sec", "app", "app-group", "ack", "list", "list-item", "boxed-text",
                         "notes", "glossary", "def-list", "bio", "floats-group"})
_OWN_DATA = re.compile(r"method|result|material|appendix|supplementar|procedure|subjects")
"""``sec-type`` values (JATS's suggested list) of the sections that report the work's
own data: their figures are its findings, not claims to source."""
_DOI_HINTS = ("doi", "doi:", "doi.org/", "doi: ")


class _Jats(Walker):
    def __init__(self, fns: dict[str, Node]) -> None:
        super().__init__(Builder())
        self.notes = fns
        self.depth = 1

    def block(self, node: Node) -> None:
        tag = node.tag
        if tag in _SKIP or tag == "fn-group" or tag == "fn":
            return
        if tag == "ref-list":
            self.ref_list(node)
        elif tag in {"fig", "table-wrap", "fig-group", "table-wrap-group"}:
            self.figure(node)
        elif tag == "title-group":
            title = node.first("article-title")
            if title is not None:
                self.heading(title, 1)
        elif tag in _CONTAINERS:
            self.container(node)
        elif tag in _BLOCKS:
            self.paragraph(node)
        elif tag == "table":
            table(self, node)

    def container(self, node: Node) -> None:
        if node.tag in {"abstract", "trans-abstract"} and node.first("title") is None:
            self.out.end_paragraph()
            self.out.mark("\n## Abstract\n\n")
        self.depth += node.tag in {"sec", "app", "abstract", "ack", "trans-abstract"}
        start = self.out.size
        for child in node.elements():
            if child.tag == "title":
                self.heading(child, self.depth)
            elif child.tag == "label" and node.tag in {"sec", "app"}:
                continue
            else:
                self.block(child)
        self.depth -= node.tag in {"sec", "app", "abstract", "ack", "trans-abstract"}
        if node.tag in {"app", "abstract", "trans-abstract"} or _OWN_DATA.search(
                node.get("sec-type")):
            self.own_data.append((start, self.out.size))

    def figure(self, node: Node) -> None:
        """A figure's or a table's label and caption as one table row, then its table."""
        label = node.first("label")
        figure(self, node, [[*([label] if label is not None else []), *caption.elements()]
                            for caption in node.iter("caption")])

    def element(self, node: Node) -> None:
        tag = node.tag
        if tag in _SKIP or tag == "fn":
            return
        if tag in {"fig", "table-wrap", "fig-group", "table-wrap-group"}:
            self.out.end_paragraph()  # a float inside a paragraph: its rows stand apart
            self.figure(node)
        elif tag == "xref":
            self.xref(node)
        elif tag in {"ext-link", "uri"}:
            self.link(node, node.get("href") or node.plain())
        elif tag == "italic":
            self.italic(node)
        elif tag in {"name", "string-name"} and node.first("surname") is not None:
            self.name(node)
        elif tag in {"p", "list-item"}:
            self.out.space = True
            self.inline(node)
        else:
            self.inline(node)

    def xref(self, node: Node) -> None:
        kind = node.get("ref-type")
        targets = node.get("rid").split()
        if kind == "bibr" and targets:
            start = self.out.size
            self.inline(node)
            if self.out.size > start:
                self.calls.extend(GivenCall(start, self.out.size, t) for t in targets)
        elif kind in {"fn", "table-fn"} and targets and targets[0] in self.notes:
            self.note_call(targets[0])
        else:
            self.inline(node)

    def ref_list(self, node: Node) -> None:
        title = node.first("title")
        if title is not None:
            self.heading(title, 2)
        elif self.bibliography is None:
            self.out.end_paragraph()
            self.out.mark("\n## References\n\n")
        start = self.out.size
        for child in node.elements():
            if child.tag == "ref":
                self.entries.append(self.reference(child))
            elif child.tag == "ref-list":
                self.ref_list(child)
        if self.bibliography is None:
            self.bibliography = (start, self.out.size)
        else:
            self.bibliography = (min(start, self.bibliography[0]), self.out.size)

    def reference(self, ref: Node) -> GivenEntry:
        label = ref.first("label")
        citations = [c for c in ref.elements() if c.tag in {
            "element-citation", "mixed-citation", "nlm-citation", "citation"}]
        if not citations:
            alternatives = ref.first("citation-alternatives")
            citations = alternatives.elements()[:1] if alternatives is not None else []
        start = self.out.size
        if label is not None:
            self.inline(label)
            self.out.mark(" ")
        for citation in citations[:1]:
            if citation.tag == "mixed-citation" or _has_punctuation(citation):
                self.mixed(citation)
            else:
                self.element_citation(citation)
        entry = GivenEntry(ref.get("id"), start, self.out.size,
                           *fields_of(citations[0]) if citations else ((), (), False),
                           label=label.plain().strip(".[]() ") if label is not None else None)
        self.out.end_paragraph()
        return entry

    def mixed(self, citation: Node) -> None:
        for child in citation.children:
            if isinstance(child, Chars):
                self.out.chars(child)
            elif child.tag == "pub-id" and child.get("pub-id-type") == "doi":
                written = "".join(self.out.text[-3:]).lower().rstrip()
                if not written.endswith(_DOI_HINTS):
                    self.out.space = True
                    self.out.mark("doi:")
                    self.out.space = False
                self.inline(child)
            else:
                self.element(child)

    def element_citation(self, citation: Node) -> None:
        """Fields with no punctuation between them: written "A, B. 2014. Title. Source
        3:12–19. doi:…", the way a reader sees them printed."""
        for index, child in enumerate(citation.elements()):
            if index:
                self.out.mark(". " if child.tag not in {"volume", "issue", "lpage", "fpage"}
                              else {"volume": " ", "issue": "(", "fpage": ":",
                                    "lpage": "–"}[child.tag])
            if child.tag == "person-group":
                for number, name in enumerate(child.elements()):
                    if number:
                        self.out.mark(", ")
                    self.name(name)
            elif child.tag == "pub-id" and child.get("pub-id-type") == "doi":
                self.out.mark("doi:")
                self.inline(child)
            else:
                self.element(child)
            if child.tag == "issue":
                self.out.mark(")")
        self.out.mark(".")

    def name(self, name: Node) -> None:
        if name.tag == "etal":
            self.out.mark("et al")
            return
        parts = [name.first(t) for t in ("surname", "given-names")]
        written = [p for p in parts if p is not None]
        if not written:
            self.inline(name)
        for index, part in enumerate(written):
            if index:
                self.out.mark(" ")
            self.inline(part)


def _has_punctuation(citation: Node) -> bool:
    return any(isinstance(c, Chars) and c.text.strip() for c in citation.children)


def fields_of(citation: Node) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], bool]:
    """(fields, family names, et al.) a citation element tags."""
    groups = citation.elements("person-group")
    authors_group = next((g for g in groups if g.get("person-group-type", "author") == "author"),
                         None)
    holders = [authors_group] if authors_group is not None else [citation] if not groups else []
    names: list[str] = []
    et_al = False
    for holder in holders:
        for name in holder.elements():
            if name.tag in {"name", "string-name"}:
                surname = name.first("surname")
                names.append((surname or name).plain())
            elif name.tag == "collab":
                names.append(name.plain())
            elif name.tag == "etal":
                et_al = True
    found: dict[str, str] = {}
    for child in citation.elements():
        tag = child.tag
        value = child.plain()
        if not value and tag != "etal":
            continue
        if tag == "pub-id" and child.get("pub-id-type") == "doi":
            found.setdefault("doi", value)
        elif tag in {"ext-link", "uri"}:
            found.setdefault("url", child.get("href") or value)
        else:
            key = _FIELD.get(tag)
            if key:
                found.setdefault(key, value)
    _titles(found, citation.get("publication-type") or citation.get("citation-type"))
    if "fpage" in found:
        first = found.pop("fpage")
        found["pages"] = f"{first}–{found.pop('lpage')}" if "lpage" in found else first
    found.pop("lpage", None)
    return tuple(found.items()), tuple(names), et_al


_FIELD = {"article-title": "title", "chapter-title": "chapter", "data-title": "data",
          "source": "source", "year": "year", "volume": "volume", "issue": "issue",
          "fpage": "fpage", "lpage": "lpage", "elocation-id": "pages",
          "publisher-name": "publisher", "part-title": "chapter", "trans-title": "other",
          "comment": "comment"}


def _titles(found: dict[str, str], kind: str) -> None:
    """The work's title and what holds it: an article in a journal, a chapter in a
    book, a book alone (its ``<source>`` is its title)."""
    found.pop("other", None)
    comment = found.pop("comment", None)  # a dataset's "Data from: <title>. Dryad."
    title = found.pop("title", None) or found.pop("chapter", None) or found.pop("data", None)
    source = found.pop("source", None)
    if title:
        found["title"] = title
        if source:
            found["container"] = source
    elif source:
        found["title"] = source
    elif comment:
        found["title"] = comment
    if kind:
        found["type"] = kind


def jats_to_text(root: Node) -> tuple[str, tuple[int, ...], Markup, str | None]:
    """(text, offsets into the file, what it marks up, its title) of a JATS article."""
    article = root.first("article") or root
    fns = {fn.get("id"): fn for fn in article.iter("fn") if fn.get("id")}
    walker = _Jats(fns)
    meta = article.first("front")
    title = None
    if meta is not None:
        heading = next(iter(meta.iter("article-title")), None)
        title = heading.plain() if heading is not None else None
    for part in article.elements():
        walker.block(part)
    walker.note_section()
    text, offsets, _ = walker.out.result()
    return text, offsets, walker.markup(), title


def is_jats(root: Node) -> bool:
    top = root.elements()
    return bool(top) and top[0].tag == "article" and not top[0].ns.startswith("http://www.tei")
