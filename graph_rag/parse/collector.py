"""Python's cyclic garbage collector, set for building astroid trees.

A parse allocates millions of small, long-lived objects (every astroid node points
at its parent, so all of them sit in cycles) and little garbage. At the default
young-generation threshold (700 allocations) the collector runs every few hundred
nodes built and scans objects that will outlive it anyway: a quarter of a parse's
time on pytest's sources. A threshold of 10,000 keeps what it collects (inference
contexts, temporary lists) in check without that cost.

The older generations still filled with built trees, and each of their collections
walked all of them again: 30 ms apiece, a tenth of flask's parse with its
dependencies' trees loaded. So a module, once built, is set aside (``gc.freeze``)
for the rest of the block: it lives as long as the session's astroid cache does,
and the block's end hands it back to the collector (``gc.unfreeze``), so a process
that parses again (the test suite, a server) frees what it no longer uses.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 10_000

_depth = 0  # collecting_less() blocks open in this process


@contextmanager
def collecting_less() -> Iterator[None]:
    """Raise the young generation's threshold for the block (never lower it), then put
    the caller's thresholds back; what set_aside() froze in the block is unfrozen when
    the outermost block ends."""
    global _depth
    saved = gc.get_threshold()
    gc.set_threshold(max(saved[0], YOUNG_THRESHOLD), *saved[1:])
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        gc.set_threshold(*saved)
        if _depth == 0:
            gc.unfreeze()


@contextmanager
def not_collecting() -> Iterator[None]:
    """No collection inside (an unpickling: what it makes is all alive, and a collection
    would only walk it), the collector as it was after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def set_aside() -> None:
    """Take everything alive now out of the collector's sight until the outermost
    collecting_less() block ends (called after a module is built: O(1)). Outside such
    a block it does nothing, so nothing is frozen for good."""
    if _depth:
        gc.freeze()
