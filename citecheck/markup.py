"""The records of what a structured format (JATS, TEI) marks up outright: its entries
and its calls.  Frozen, like every record of ``model.py``, which re-exports them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GivenEntry:
    """A bibliography entry an XML format marks as one (JATS ``<ref>``, TEI ``<bibl>``):
    where its text stands in ``Document.text``, its id, and the fields it tags.  With no
    tagged fields (TEI's free-text ``<bibl>``), its text is parsed as any entry's."""

    id: str
    start: int
    end: int
    fields: tuple[tuple[str, str], ...] = ()
    """``title``, ``container``, ``year``, ``volume``, ``issue``, ``pages``,
    ``publisher``, ``doi``, ``url``, ``type``, as tagged."""
    authors: tuple[str, ...] = ()
    """Family names (or a collaboration's name), in order."""
    et_al: bool = False
    label: str | None = None

    def field(self, name: str) -> str | None:
        return next((value for key, value in self.fields if key == name), None)


@dataclass(frozen=True, slots=True)
class GivenCall:
    """A call an XML format links to its target (JATS ``<xref rid>``, TEI ``<ref
    target="#id">``): the text a reader sees and the id it points to."""

    start: int
    end: int
    target: str


@dataclass(frozen=True, slots=True)
class Markup:
    """What a structured format says outright, used as given rather than guessed."""

    entries: tuple[GivenEntry, ...] = ()
    calls: tuple[GivenCall, ...] = ()
    bibliography: tuple[int, int] | None = None
    """Text offsets of the reference list."""
    own_data: tuple[tuple[int, int], ...] = ()
    """Text offsets of the sections the markup says hold the work's own data (JATS's
    ``sec-type="methods"``, ``"results"``, appendices)."""
