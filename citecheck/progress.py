"""How the network phases say how far they are: a small interface the resolvers call
(links tried, Wayback lookups made, references verified), and that the reports'
display implements (``report/progress.py``).  Shared by the stages, so that ``resolve``
reports progress without knowing how it is shown."""

from __future__ import annotations

from typing import Protocol

LINKS = "checking links"
ARCHIVE = "Wayback lookups"
REGISTRIES = "looking up DOIs"
PHASES = {LINKS: "links tried", ARCHIVE: "Wayback lookups", REGISTRIES: "DOIs looked up"}
"""Each phase, and what its summary line calls the work it did."""


class Progress(Protocol):
    """``total`` grows as work is found (a link found dead adds a Wayback lookup);
    ``advance`` counts work done; ``pace`` is the seconds each item takes at the
    service's own limit, for an estimate of the time left where it is what sets it."""

    def add(self, phase: str, total: int, pace: float = 0.0) -> None: ...

    def advance(self, phase: str, done: int = 1) -> None: ...


class Silent:
    """No display: for embedders, tests and ``--quiet``."""

    def add(self, phase: str, total: int, pace: float = 0.0) -> None:
        return None

    def advance(self, phase: str, done: int = 1) -> None:
        return None
