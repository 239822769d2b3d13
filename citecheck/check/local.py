"""Checks that need nothing but the document: entries, footnotes, identifiers."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from citecheck.extract.bibtex import missing_commas, people
from citecheck.extract.identifiers import DOI_URL
from citecheck.extract.references import YEAR
from citecheck.lexicon import folded_set, load
from citecheck.model import Extraction, Finding, Reference, Severity
from citecheck.text import fold, fold_words


def work_key(ref: Reference) -> tuple[str, str, str] | None:
    """What makes two entries one work when their DOIs do not say: first author, year
    and the start of the title, folded."""
    if not (ref.authors and ref.year and ref.title):
        return None
    return (fold_words(ref.authors[0]), ref.year, fold_words(ref.title)[:80])


def same_work(refs: list[Reference]) -> bool:
    """The entries are one work written several times (``reference-duplicate``)."""
    dois = {ref.doi for ref in refs}
    keys = {work_key(ref) for ref in refs}
    return (len(dois) == 1 and None not in dois) or (len(keys) == 1 and None not in keys)


_NAME_LIKE = re.compile(r"[^\d:;()\[\]]{2,80}")
"""What an author read from an entry looks like when it is one: no digits, colons or
brackets ("--- the archives of 1923: see …" is a sentence the parser took for names)."""
_YEAR_OR_ADDRESS = re.compile(rf"\b{YEAR}\b|://|\b10\.\d{{4,9}}/")


def unreadable(ref: Reference, files: frozenset[str] = frozenset()) -> bool:
    """An entry written in the text of which the parser found at most one of author,
    year and title: more likely a form it does not know than an entry that lacks them,
    so it is neither incomplete nor uncited, only unread.  (The fields of an entry in a
    bibliography file, one of ``files``, are what they are.)"""
    names = bool(ref.authors) and all(_NAME_LIKE.fullmatch(a) for a in ref.authors)
    if ref.title and ref.url and not names and not ref.year:
        return False  # "[CDC guidance on transmission](https://…)": a titled link, read
    return (not ref.fields and ref.span.path not in files
            and sum(1 for v in (names, ref.year, ref.title) if v) <= 1)


_WEB_TYPES = frozenset({"misc", "online", "electronic", "www", "webpage", "software"})
"""BibTeX types a web page is given."""


def _undated_page(ref: Reference) -> Finding:
    return Finding(
        "reference-incomplete", Severity.INFO, ref.span,
        "a web page with no year or date: citation styles print it as n.d.",
        ref.raw[:120], "add the page's date or year, if it gives one", {"missing": ["year"]})


def check_commas(extraction: Extraction) -> list[Finding]:
    """BibTeX entries with a comma missing between two fields: BibTeX stops reading the
    entry there ("I was expecting a `,' or a `}'"), so what follows is never printed."""
    gaps = {(bib.path, line): name for bib in extraction.bib_documents
            for line, name in missing_commas(bib.text).items()}
    return [Finding(
        "reference-incomplete", Severity.WARNING, ref.span,
        f"a comma is missing after the {gaps[key]} field: BibTeX stops reading the entry "
        "there, and the fields after it are not printed", ref.raw[:120],
        f"add a comma after the {gaps[key]} field", {"after": gaps[key]})
        for ref in extraction.references
        if (key := (ref.span.path, ref.span.line)) in gaps]


def check_entries(extraction: Extraction) -> list[Finding]:
    findings: list[Finding] = []
    twins = _Twins()
    lines = {ref.id: ref.span.line for ref in extraction.references}
    seen_key: dict[str, Reference] = {}
    files = frozenset(bib.path for bib in extraction.bib_documents)
    for ref in extraction.references:
        if ref.key and ref.key in seen_key:
            first = seen_key[ref.key]
            findings.append(Finding(
                "reference-duplicate", Severity.WARNING, ref.span,
                f"the key « {ref.key} » is already the key of the entry on line "
                f"{first.span.line}: a citation [@{ref.key}] reaches only that one",
                ref.raw[:120], "give this entry a key of its own, or remove it",
                {"duplicate_of": first.id, "key": ref.key}))
            continue
        if ref.key:
            seen_key[ref.key] = ref
        missing = [name for name, value in (("author", ref.authors), ("year", ref.year),
                                            ("title", ref.title)) if not value]
        if unreadable(ref, files):
            if not _YEAR_OR_ADDRESS.search(ref.raw):
                continue  # no year, no address: a paragraph under the heading, no entry
            findings.append(Finding(
                "reference-incomplete", Severity.INFO, ref.span,
                "citecheck could not read this entry (it found no "
                f"{' or '.join(missing)}): check it by eye", ref.raw[:120],
                None, {"missing": missing, "unread": True}))
            continue
        if missing == ["author"] and (ref.url or ref.doi):
            missing = []  # a page with no author, found by its title and address
        elif "title" not in missing and ref.url and (
                ref.entry_type is None or ref.entry_type.lower() in _WEB_TYPES):
            # A web page, found by its address: no author is common; in a .bib no date
            # prints "n.d."; a list of titled links is a list of pages, dated or not.
            findings += [_undated_page(ref)] if "year" in missing and ref.entry_type else []
            missing = []
        if not missing and _ends_at_title(ref):
            missing = ["venue"]  # "Wang and Shao. 2020. “Hypothesis Testing….”": where?
        misplaced = _publisher_in_edition(ref)
        of_type = [field for field in (_missing_for_type(ref) if ref.title else [])
                   if not (misplaced and field == "publisher")]
        if missing or of_type:
            why = ("readers cannot identify the work" if missing else
                   f"an @{ref.entry_type} needs it, and the formatted entry will lack it")
            missing += of_type
            findings.append(Finding(
                "reference-incomplete", Severity.WARNING, ref.span,
                f"entry has no {' or '.join(missing)}: {why}",
                ref.raw[:120], f"add the {' and '.join(missing)}", {"missing": missing},
            ))
        chapter = _chapter_number_title(ref)
        if chapter:
            findings.append(Finding(
                "metadata-mismatch", Severity.WARNING, ref.span,
                f"the title starts with its chapter's number (« {chapter} »), as a "
                "publisher's export writes it: the work's title does not",
                ref.raw[:120], "remove the chapter number from the title", {"title": ref.title}))
        doi_url = _doi_written_as_url(ref)
        if doi_url:
            findings.append(Finding(
                "doi-malformed", Severity.WARNING, ref.span,
                f"the doi field holds a URL (« {doi_url} »): citation styles print "
                "https://doi.org/ before it, so the output shows the prefix twice",
                ref.raw[:120], ref.doi or "keep only the DOI (10.…) in the doi field",
                {"field": "doi", "value": doi_url}))
        if misplaced:
            findings.append(Finding(
                "reference-incomplete", Severity.WARNING, ref.span,
                f"the edition field holds a publisher (« {misplaced} »): styles print it as "
                "an edition", ref.raw[:120], "move it to the publisher field",
                {"field": "edition", "value": misplaced}))
        twin = twins.first(ref)
        if twin is not None:
            findings.append(Finding(
                "reference-duplicate", Severity.WARNING, ref.span,
                f"this entry repeats the one on line {lines[twin[0]]}{twin[1]}",
                ref.raw[:120], "keep one of the two entries", {"duplicate_of": twin[0]},
            ))
    return findings + given_name_slips(extraction.references) + given_names_twice(
        extraction.references) + inverted_names(extraction.references)


class _Twins:
    """The entries seen so far, by each thing that makes two entries one work: the same
    DOI, the same ISBN (for books: a book's chapters share one), the same address and
    title, or the same first author, year and title."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], str] = {}

    def first(self, ref: Reference) -> tuple[str, str] | None:
        """The id of the entry this one repeats, and what they share ("" when it is only
        their author, year and title)."""
        keys: list[tuple[str, str, str]] = []
        if ref.doi:
            keys.append(("doi", ref.doi, f" (same DOI {ref.doi})"))
        isbn = _isbn(ref)
        if isbn:
            keys.append(("isbn", isbn, f" (same ISBN {isbn})"))
        if ref.url and ref.title:
            address = ref.url.split("://", 1)[-1].removeprefix("www.").rstrip("/").lower()
            keys.append(("url", f"{address} {fold_words(ref.title)}", " (same address and title)"))
        work = work_key(ref)
        if work:
            keys.append(("work", " ".join(work), ""))
        found = None
        for kind, value, why in keys:
            if found is None and (kind, value) in self.seen:
                found = (self.seen[(kind, value)], why)
            self.seen.setdefault((kind, value), ref.id)
        return found


_BOOK_TYPES = frozenset({"book", "mvbook", "booklet", "manual", "proceedings", "mvproceedings",
                         "collection", "mvcollection", "reference"})


def _isbn(ref: Reference) -> str | None:
    """A book's ISBN, digits only ("978-3-540-30301-5" → "9783540303015")."""
    if (ref.entry_type or "").lower() not in _BOOK_TYPES:
        return None
    digits = re.sub(r"[^0-9Xx]", "", ref.field("isbn")).upper()
    return digits if len(digits) in {10, 13} else None


_GIVEN_NEAR = 80
"""rapidfuzz ratio from which two given names of one family name are one name written
twice ("Sylcain"/"Sylvain": 85.7)."""


def given_name_slips(references: tuple[Reference, ...]) -> list[Finding]:
    """A given name spelt two ways for one family name across BibTeX entries
    ("Sylcain Calinon" here, "Sylvain Calinon" in another entry): one is a slip.  Not
    for initials, a name and its longer form ("Jian"/"Jiang", "Dan"/"Daniel"), or two
    names that differ only at their end ("Maria"/"Marie": two people), nor an accent
    ("José"/"Jose")."""
    spellings: dict[str, dict[str, list[Reference]]] = {}
    for ref in references:
        for family, given in persons(ref):
            spellings.setdefault(family, {}).setdefault(given, []).append(ref)
    findings = []
    for forms in spellings.values():
        names = sorted(forms, key=lambda g: (len(forms[g]), forms[g][0].span.line))
        for index, rare in enumerate(names):
            common = next((g for g in names[index + 1:] if _slip(rare, g)), None)
            if common is None:
                continue
            ref, other = forms[rare][0], forms[common][0]
            findings.append(Finding(
                "metadata-mismatch", Severity.WARNING, ref.span,
                f"the given name « {rare} » is « {common} » in the entry on line "
                f"{other.span.line}, for the same family name: one of them is misspelt",
                ref.raw[:120], common, {"given": rare, "other": common, "entry": other.id}))
    return findings


_TWICE = re.compile(r"(?P<first>[A-ZÀ-Ý][a-zà-ÿ]{2,})\.?\s+(?P<initial>[A-Z])\.?\s+"
                    r"(?P<again>[A-ZÀ-Ý][a-zà-ÿ]{2,})\.?\s+(?P=initial)\.?")
"""Given names written twice, as reference managers merge two spellings of one author:
"Don H. Dan H Johnson" (a name and an initial, then the same again)."""


def given_names_twice(references: tuple[Reference, ...]) -> list[Finding]:
    """An author of a BibTeX entry whose given names hold one name written twice, the
    same initial after two close spellings of a first name ("Don H. Dan H Johnson"):
    the printed entry shows both."""
    findings = []
    for ref in references:
        for person in people(ref.field("author")):
            given = person.partition(",")[2] if "," in person else person
            twice = _TWICE.search(given)
            if twice is None or twice["first"][0] != twice["again"][0] or fuzz.ratio(
                    twice["first"], twice["again"]) < 60:
                continue
            findings.append(Finding(
                "metadata-mismatch", Severity.WARNING, ref.span,
                f"the author « {person.strip()} » has a given name written twice "
                f"(« {twice.group(0).strip()} »): the entry prints both",
                ref.raw[:120], None, {"author": person.strip(), "twice": twice.group(0)}))
            break
    return findings


def _names(ref: Reference) -> list[tuple[str, str]]:
    """(family, given) of each author of a BibTeX entry written "Family, Given"."""
    return [(family.strip(), given.strip()) for family, _, given in (
        person.partition(",") for person in people(ref.field("author"))
        if "," in person) if family.strip() and given.strip()]


def inverted_names(references: tuple[Reference, ...]) -> list[Finding]:
    """An author written with family and given name swapped ("Russell, Rew"), shown by
    another entry of the bibliography that names the same person the right way round
    ("Rew, R."): the given name here is that family name, and that entry's initial
    is this family name's first letter.  Not when the name here is also a family name
    elsewhere (two people)."""
    families: dict[str, list[tuple[Reference, str]]] = {}
    for ref in references:
        for family, given in _names(ref):
            families.setdefault(fold(family), []).append((ref, given))
    findings = []
    for ref in references:
        for family, given in _names(ref):
            if not re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ]{2,}", given):
                continue
            other = next(((r, g) for r, g in families.get(fold(given), [])
                          if r is not ref and fold(g)[:1] == fold(family)[:1]
                          and re.fullmatch(r"[A-Z]\.?(?:\s*[A-Z]\.?)*", g)), None)
            if other is None or len(families.get(fold(family), [])) > 1:
                continue
            findings.append(Finding(
                "metadata-mismatch", Severity.WARNING, ref.span,
                f"the author « {family}, {given} » looks inverted: the entry on line "
                f"{other[0].span.line} names « {given}, {other[1]} »", ref.raw[:120],
                f"{given}, {family}", {"author": f"{family}, {given}", "entry": other[0].id}))
    return findings


def _slip(one: str, other: str) -> bool:
    if one[:1] != other[:1] or min(len(one), len(other)) < 4 or one[:-1] == other[:-1]:
        return False
    if fold(one) == fold(other):
        return False  # "Maria"/"María": publishers' records drop accents; either may be hers
    if one.startswith(other) or other.startswith(one):
        return False
    return fuzz.ratio(one, other) >= _GIVEN_NEAR


def persons(ref: Reference) -> list[tuple[str, str]]:
    """(folded family name, given name) of each author of a BibTeX entry whose given
    name is written out (not initials)."""
    out = []
    for person in people(ref.field("author")):
        family, _, given = person.partition(",") if "," in person else (
            person.rpartition(" ")[2], "", person.rpartition(" ")[0])
        first = given.strip().split(" ")[0] if given.strip() else ""
        if re.fullmatch(r"[A-ZÀ-ÝĀ-Ž][a-zß-ÿā-ž]{3,}", first) and family.strip():
            out.append((fold(family.strip()), first))
    return out


def _missing_for_type(ref: Reference) -> list[str]:
    """The fields an entry of its BibTeX type needs and lacks (data/entries.toml): an
    ``@article`` with no journal, a thesis with no school.  Not when a DOI, a URL or
    an eprint lets a reader find the work anyway, unless what the field should hold
    was typed into a field this type does not print ("journal" in an
    ``@inproceedings``): the writer meant it, and the output loses it."""
    if not ref.entry_type or not ref.fields:
        return []
    data = load("entries")
    entry_type = ref.entry_type.lower()
    present = {name for name, _ in ref.fields}
    misplaced = present & set(data["misplaced"].get(entry_type, []))
    if present & set(data["findable_by"]) and not misplaced:
        return []
    return [choices[0] + (f" (its {', '.join(sorted(misplaced))} field is not printed for "
                          f"@{entry_type})" if misplaced else "")
            for choices in data["required"].get(entry_type, []) if not present & set(choices)]


def _doi_written_as_url(ref: Reference) -> str | None:
    """A BibTeX ``doi`` field written as a link ("https://doi.org/10.…")."""
    value = ref.field("doi").strip()
    return value if DOI_URL.match(value) else None


_CHAPTER_NUMBER = re.compile(r"(?:chapter|chapitre|ch\.)?\s*\d{1,3}\s*(?:[-–—:.]\s*|\s)(?=[A-ZÀ-Ý])",
                             re.I)
_COLLECTION = re.compile(r"\b(?:handbook|encyclop|companion|manuel|treatise)", re.I)


def _chapter_number_title(ref: Reference) -> str | None:
    """"36 - ParaView: …", "Chapter 6 - Magnetic Field…", "17 Granger causality…": a
    chapter of a handbook whose title kept the chapter's number (Elsevier's exports)."""
    if not ref.title or not _CHAPTER_NUMBER.match(ref.title):
        return None
    chapter_like = (ref.entry_type or "").lower() in {"incollection", "inbook", "inreference"}
    if not (chapter_like or _COLLECTION.search(ref.container or "")):
        return None
    return ref.title[:40]


_YEAR_BEFORE_TITLE = re.compile(rf"\(?\b{YEAR}[a-z]?\)?[.,:]?\s*[“\"«*_]?\s*$")
_TRAILING = re.compile(r"[\s.,;:”“\"'’*_»«]*")


def _ends_at_title(ref: Reference) -> bool:
    """An entry of the text that stops at its title: no journal, publisher, address or
    identifier after it, so no reader can tell where the work is."""
    if ref.fields or not ref.title or ref.container or ref.publisher or ref.url or ref.doi:
        return False
    at = ref.raw.rfind(ref.title)
    # The title right after the year and nothing after it: anything else between them
    # means the entry was read wrong, not that it lacks a venue.
    return (at >= 0 and _TRAILING.fullmatch(ref.raw, at + len(ref.title)) is not None
            and _YEAR_BEFORE_TITLE.search(ref.raw, 0, at) is not None)


def _publisher_in_edition(ref: Reference) -> str | None:
    """The edition field's value when it names a publisher ("Oxford University Press"),
    not an edition ("2nd", "Revised")."""
    edition = ref.field("edition")
    words = set(fold_words(edition).split())
    return edition if words & folded_set("entries", "publisher_words") else None


def check_footnotes(extraction: Extraction) -> list[Finding]:
    findings = []
    for index, marker in enumerate(extraction.markers):
        if index in extraction.note_pairs:
            continue
        shown = f"[^{marker.label}]" if marker.style == "markdown" else marker.label
        findings.append(Finding(
            "footnote-missing", Severity.WARNING, marker.span,
            f"footnote {shown} is called here but its text is nowhere in the document",
            shown, "restore the footnote's text (it often holds the source)",
            {"label": marker.label, "style": marker.style},
        ))
    for index in extraction.unused_notes:
        note = extraction.notes[index]
        findings.append(Finding(
            "footnote-unused", Severity.WARNING, note.span,
            f"footnote {note.label} is never called in the text",
            note.text[:80], "add the call where the note belongs, or remove the note",
            {"label": note.label},
        ))
    return findings


def check_identifiers(extraction: Extraction) -> list[Finding]:
    findings = []
    for item in extraction.malformed:
        if item.kind == "entry":
            findings.append(Finding(
                "reference-incomplete", Severity.WARNING, item.span,
                f"BibTeX cannot read this entry ({item.reason}): it is left out, and a "
                "citation of it prints as ???", item.raw[:120],
                "close the brace or quote, or add the comma, where the entry breaks",
                {"reason": item.reason}))
        elif item.kind == "doi":
            findings.append(Finding(
                "doi-malformed", Severity.ERROR, item.span,
                f"« {item.raw} » is not a valid DOI: {item.reason}", item.raw,
                "copy the DOI from the publisher's page (10.xxxx/…)", {"reason": item.reason},
            ))
        else:
            fixed = re.sub(r"^(?:h?t?tp?s?|hhtps?|htpps?)[:;]?/*", "https://", item.raw, flags=re.I)
            findings.append(Finding(
                "url-malformed", Severity.WARNING, item.span,
                f"« {item.raw} » is not a usable URL: {item.reason}", item.raw,
                fixed if fixed != item.raw and "misspelt" in item.reason else (
                    "keep one address in the url field (a DOI goes in the doi field)"
                    if "url field" in item.reason else "correct the URL"),
                {"reason": item.reason},
            ))
    return findings
