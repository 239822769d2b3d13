"""What the network phases show while they run: on a terminal, one rich display on
stderr with a line per phase (done/total; for the Wayback lookups, which archive.org's
limit paces, the time left at that pace); elsewhere (a CI log), one summary line at the
end; with ``--quiet``, nothing."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from citecheck.progress import PHASES, Progress, Silent


class Summary:
    """Counts each phase, and says in one line what was done and how long it took."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.done: dict[str, int] = {}
        self.total: dict[str, int] = {}

    def add(self, phase: str, total: int, pace: float = 0.0) -> None:
        self.total[phase] = self.total.get(phase, 0) + total

    def advance(self, phase: str, done: int = 1) -> None:
        self.done[phase] = self.done.get(phase, 0) + done

    def close(self) -> None:
        parts = [_count(self.done.get(phase, 0), self.total[phase]) + f" {done}"
                 for phase, done in PHASES.items() if self.total.get(phase)]
        if parts:
            seconds = time.monotonic() - self.started
            print(f"citecheck: {', '.join(parts)} ({seconds:.1f} s)", file=self.stream)


def _count(done: int, total: int) -> str:
    return str(total) if done >= total else f"{done} of {total}"


class Display:
    """A rich progress display on a terminal's stderr: a line per phase as it starts."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console  # only on a terminal: rich is slow to import
        from rich.progress import BarColumn, Progress, TextColumn

        self._bar = Progress(TextColumn("{task.description:22}"), BarColumn(),
                             TextColumn("{task.completed}/{task.total}"),
                             TextColumn("{task.fields[left]}"),
                             transient=True, console=Console(file=stream), refresh_per_second=8)
        self._tasks: dict[str, Any] = {}
        self._pace: dict[str, float] = {}
        self._bar.start()

    def add(self, phase: str, total: int, pace: float = 0.0) -> None:
        if phase not in self._tasks:
            self._tasks[phase] = self._bar.add_task(phase, total=0, left="")
        self._pace[phase] = pace or self._pace.get(phase, 0.0)
        task = self._tasks[phase]
        self._bar.update(task, total=(self._bar.tasks[task].total or 0) + total)
        self._left(phase)

    def advance(self, phase: str, done: int = 1) -> None:
        if phase in self._tasks:
            self._bar.advance(self._tasks[phase], done)
            self._left(phase)

    def _left(self, phase: str) -> None:
        task = self._bar.tasks[self._tasks[phase]]
        remaining = (task.total or 0) - task.completed
        pace = self._pace.get(phase, 0.0)
        left = f"about {remaining * pace:.0f} s left" if pace and remaining > 0 else ""
        self._bar.update(self._tasks[phase], left=left)

    def close(self) -> None:
        self._bar.stop()


@contextmanager
def shown(quiet: bool, stream: TextIO | None = None) -> Iterator[Progress]:
    """The progress of a run, shown as ``stream`` (stderr) allows, for its duration."""
    stream = stream or sys.stderr
    if quiet:
        yield Silent()
        return
    display: Display | Summary = Display(stream) if stream.isatty() else Summary(stream)
    try:
        yield display
    finally:
        display.close()


