"""A progress bar on stderr while the registries are asked, only on a terminal."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def progress(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for the network phase, only on a terminal."""
    if total == 0 or not sys.stderr.isatty():
        yield lambda _n: None
        return
    from rich.console import Console  # only on a terminal: rich is slow to import
    from rich.progress import BarColumn, Progress, TextColumn

    columns = (TextColumn("verifying references"), BarColumn(),
               TextColumn("{task.completed}/{task.total}"))
    with Progress(*columns, transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("registries", total=total)
        yield lambda n: bar.advance(task, n)
