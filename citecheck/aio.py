"""Running the network phase: on uvloop where it is installed (Linux, macOS).

Bulk link checking spends a good part of its time in the event loop itself;
uvloop's loop cuts that (bench/links_vs_lychee.py).  Without it, asyncio's own
loop gives the same results, a little slower.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    try:
        import uvloop
    except ImportError:  # Windows, or not installed: asyncio's loop
        return None
    return uvloop.new_event_loop


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.Runner(...).run(coroutine)``, with the result handed back beside the
    main task rather than as its result.

    On the main thread the runner ends by asking ``signal.getsignal(SIGINT)``, which on
    Python 3.11 formats the handler it installed, ``partial(on_sigint, main_task=…)``,
    and with it the finished task's result, through ``repr``: for a large audit, tens
    of thousands of dataclasses formatted into one string for nothing (0.4 s and 110 MB
    on a 10 MB document).  A task whose result is ``None`` formats in microseconds.
    """
    box: list[T] = []

    async def boxed() -> None:
        box.append(await coroutine)

    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        runner.run(boxed())
    return box[0]
