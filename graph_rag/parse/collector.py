"""Python's cyclic garbage collector, set for building astroid trees.

A parse allocates millions of small, long-lived objects (every astroid node points
at its parent, so all of them sit in cycles) and little garbage. At the default
young-generation threshold (700 allocations) the collector runs every few hundred
nodes built and scans objects that will outlive it anyway: a quarter of a parse's
time on pytest's sources. A threshold of 10,000 keeps what it collects (inference
contexts, temporary lists) in check without that cost.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 10_000


@contextmanager
def collecting_less() -> Iterator[None]:
    """Raise the young generation's threshold for the block (never lower it), then put
    the caller's thresholds back."""
    saved = gc.get_threshold()
    gc.set_threshold(max(saved[0], YOUNG_THRESHOLD), *saved[1:])
    try:
        yield
    finally:
        gc.set_threshold(*saved)
