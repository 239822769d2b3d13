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
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(coroutine)
