"""Time bounds on astroid inference, which can run away on pathological code.

Each inference runs under a SIGALRM timer in the worker's main thread; when
no timer can be set (another thread, another OS) it runs unbounded but still
counts against the file's budget, after which only name resolution is used.
"""

from __future__ import annotations

import gc
import signal
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


_NOT_SET = object()


class InferenceTimeout(Exception):
    """An inference ran past its bound."""


def _on_alarm(signum: int, frame: object) -> None:
    raise InferenceTimeout


class Budget:
    """A per-file time budget, spent by bounded calls."""

    def __init__(self, *, per_call_s: float, per_file_s: float) -> None:
        self.per_call_s = per_call_s
        self.deadline = time.perf_counter() + per_file_s
        self.cut_short = 0
        self._can_alarm = (
            hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        )
        self._previous: object = _NOT_SET

    @property
    def exhausted(self) -> bool:
        return time.perf_counter() > self.deadline

    def __enter__(self) -> Budget:
        """Keep the alarm handler installed for the whole file, not once per inference
        (two ``signal.signal`` calls per inference cost ~3% of a parse)."""
        if self._can_alarm:
            self._previous = signal.signal(signal.SIGALRM, _on_alarm)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._can_alarm and self._previous is not _NOT_SET:
            signal.signal(signal.SIGALRM, self._previous)
            self._previous = _NOT_SET

    def run(self, work: Callable[[], T]) -> T | None:
        """``work()``, or None when it hits the bound (counted in ``cut_short``)."""
        if self.exhausted:
            self.cut_short += 1
            return None
        if not self._can_alarm:
            return work()
        installed = self._previous is not _NOT_SET
        previous = None if installed else signal.signal(signal.SIGALRM, _on_alarm)
        # No cyclic garbage collection while the timer runs: the alarm would otherwise
        # land in some collected object's __del__ (a driver session's, seen in the suite),
        # where Python ignores the exception, and the inference ran on unbounded.
        collecting = gc.isenabled()
        gc.disable()
        signal.setitimer(signal.ITIMER_REAL, self.per_call_s)
        try:
            return work()
        except (InferenceTimeout, RecursionError):
            self.cut_short += 1
            return None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if collecting:
                gc.enable()
            if not installed:
                signal.signal(signal.SIGALRM, previous)
