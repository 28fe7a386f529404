"""Time bounds on astroid inference, which can run away on pathological code.

The bounds count CPU time, not wall-clock time: on a loaded machine a wall-clock
bound cut short inferences that finish on a quiet one, so the graph depended on
what else was running (SQLAlchemy beside three busy loops: one call cut short, five
sites unresolved). Each inference runs under a SIGPROF timer (the process's CPU
time) in the worker's main thread; when no timer can be set (another thread,
another OS) it runs unbounded but still counts against the file's budget (the
thread's CPU time), after which only name resolution is used. A worker stuck off
the CPU is the parent's hard wall-clock timeout's job.
"""

from __future__ import annotations

import gc
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


_NOT_SET = object()


# SIGPROF and ITIMER_PROF: user and system CPU time, as ``time.thread_time`` counts it.
_SIGNAL = getattr(signal, "SIGPROF", None)
_TIMER = getattr(signal, "ITIMER_PROF", None)


class InferenceTimeout(Exception):
    """An inference ran past its bound."""


def _on_alarm(signum: int, frame: object) -> None:
    raise InferenceTimeout


_running: Budget | None = None  # the budget whose bounded call is running, if any


@contextmanager
def unbounded() -> Iterator[None]:
    """Run the block outside the running bounded call's time: building a module that an
    inference reaches (its first use in this worker) costs the same whenever it happens,
    so counting it made a call's fate depend on which files the worker had parsed before
    (this repository with its .venv: 1 to 3 inferences cut short, run to run). What the
    block spends is added back to the call's timer and to the file's budget."""
    budget = _running
    if budget is None or not budget._can_alarm:
        yield
        return
    remaining, _ = signal.setitimer(_TIMER, 0)
    started = time.thread_time()
    try:
        yield
    finally:
        budget.deadline += time.thread_time() - started
        if remaining > 0 and _running is budget:
            signal.setitimer(_TIMER, remaining)


class Budget:
    """A per-file budget of CPU time, spent by bounded calls."""

    def __init__(self, *, per_call_s: float, per_file_s: float) -> None:
        self.per_call_s = per_call_s
        self.deadline = time.thread_time() + per_file_s
        self.cut_short = 0
        self._can_alarm = (
            _SIGNAL is not None
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        self._previous: object = _NOT_SET

    @property
    def exhausted(self) -> bool:
        return time.thread_time() > self.deadline

    def __enter__(self) -> Budget:
        """Keep the alarm handler installed for the whole file, not once per inference
        (two ``signal.signal`` calls per inference cost ~3% of a parse)."""
        if self._can_alarm:
            self._previous = signal.signal(_SIGNAL, _on_alarm)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._can_alarm and self._previous is not _NOT_SET:
            signal.signal(_SIGNAL, self._previous)
            self._previous = _NOT_SET

    def run(self, work: Callable[[], T]) -> T | None:
        """``work()``, or None when it hits the bound (counted in ``cut_short``)."""
        if self.exhausted:
            self.cut_short += 1
            return None
        if not self._can_alarm:
            return work()
        installed = self._previous is not _NOT_SET
        previous = None if installed else signal.signal(_SIGNAL, _on_alarm)
        # No cyclic garbage collection while the timer runs: the alarm would otherwise
        # land in some collected object's __del__ (a driver session's, seen in the suite),
        # where Python ignores the exception, and the inference ran on unbounded.
        collecting = gc.isenabled()
        gc.disable()
        global _running
        outer, _running = _running, self
        signal.setitimer(_TIMER, self.per_call_s)
        try:
            return work()
        except (InferenceTimeout, RecursionError):
            self.cut_short += 1
            return None
        finally:
            signal.setitimer(_TIMER, 0)
            _running = outer
            if collecting:
                gc.enable()
            if not installed:
                signal.signal(_SIGNAL, previous)
