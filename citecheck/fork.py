"""Work for the second core: a function run in a forked child while the parent goes on.

Reading a large document has two halves that do not need each other until the end:
the extraction (bibliography, footnotes, citations, identifiers) and the reading of
figures and attributions.  On a 10 MB document each takes about as long as the other,
so with two cores the second runs in a child process.  ``os.fork`` shares the
document with the child instead of copying or pickling it; only the (small) result
comes back, pickled through a pipe.

Where fork is missing (Windows), unsafe (other threads are running: a forked child
only has the calling thread, and a lock another one held stays held) or not worth
it (a small document, one core), and whenever the child fails, the work simply runs
in the calling process: the result is the same, only later.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")


def process_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` processes, forked where fork exists (the parent's modules and
    data are shared, not imported again), spawned elsewhere."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method))


def can_fork() -> bool:
    """Fork is available, there is a second core, and no other thread is running."""
    return (hasattr(os, "fork") and (os.cpu_count() or 1) > 1
            and threading.active_count() == 1)


class Deferred(Generic[T]):
    """``work()``, started now in a child process when ``fork`` is asked and possible,
    collected with ``result()``.  Use as a context manager, so that a child whose
    result is never asked for (the parent failed) is stopped and reaped."""

    def __init__(self, work: Callable[[], T], *, fork: bool) -> None:
        self._work = work
        self._done = False
        self._value: T
        self._pid: int | None = None
        self._read: int | None = None
        if fork and can_fork():
            self._start()

    def _start(self) -> None:
        try:
            read, write = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, send, leave without running the parent's exit code
            status = 1
            try:
                os.close(read)
                payload = pickle.dumps(self._work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._read = pid, read

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def result(self) -> T:
        """The child's result; the work done here if there is no child or it failed.
        Asked again, the same value (the work is never done twice)."""
        if self._pid is not None and self._read is not None:
            with os.fdopen(self._read, "rb") as pipe:
                payload = pipe.read()
            self._read = None
            _, status = os.waitpid(self._pid, 0)
            self._pid = None
            if status == 0 and payload:
                with contextlib.suppress(Exception):
                    self._value = pickle.loads(payload)
                    self._done = True
        if not self._done:
            self._value = self._work()
            self._done = True
        return self._value

    def __enter__(self) -> Deferred[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._read is not None:
            os.close(self._read)
            self._read = None
        if self._pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            self._pid = None
