"""What one API request may ask for, in one place (documented in the SDL too).

- ``first`` (list sizes): 1..100, default 20;
- ``depth`` (callers, callees, subclasses, impact): 1..5;
- ``maxHops`` (callPath): 1..10;
- ``k`` (search): 1..100; ``similar(k)``: 1..50; search text: 2,000 characters;
- a name or id (qualified names, ids, symbols, repositories): 500 characters;
- the document: depth 12, 2,000 tokens, 30 aliases, and a cost of 20,000
  (graph_rag.api.cost: each list multiplies its fields by its ``first`` or ``k``);
- time: 10 s per request by default, passed to the database as each
  transaction's timeout (the time left when the query starts).
"""

from __future__ import annotations

from graph_rag.errors import GraphRagError, InvalidArgument, LimitExceeded
from graph_rag.search.query_text import MAX_NAME_CHARS  # the names search looks up too

MAX_FIRST = 100
DEFAULT_FIRST = 20
MAX_DEPTH = 5
MAX_HOPS = 10  # also the literal bound of api.call_path and api.call_cycle
DEFAULT_HOPS = 6
MAX_K = 100
MAX_SIMILAR = 50
MAX_TEXT_CHARS = 2000

MAX_QUERY_DEPTH = 12
MAX_TOKENS = 2000
MAX_ALIASES = 30
# Under 0.5 s of resolving here (an answer of 16,842 fields from loaded nodes took
# 0.23-0.43 s), with room for search(k: 100) and 100 callers of each hit (10,201).
MAX_COST = 20_000
UNSIZED_LIST = DEFAULT_FIRST  # the size counted for a list field with no `first` or `k`
REQUEST_TIMEOUT_S = 10.0


class RequestTimeout(GraphRagError):
    """The request ran out of its time budget before it was answered."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds

    def __str__(self) -> str:
        return f"The request took longer than {self.seconds:g} s; ask for less (smaller first, depth or k)."


def names_bounded(names: dict[str, str | None]) -> None:
    """Refuse, by argument name, a name or id longer than MAX_NAME_CHARS."""
    for what, value in names.items():
        if value is not None and len(value) > MAX_NAME_CHARS:
            raise LimitExceeded(f"{what} length", len(value), MAX_NAME_CHARS)


def bounded(what: str, value: int, maximum: int) -> int:
    """``value`` if it lies in 1..maximum; otherwise a clear error naming the argument."""
    if value < 1:
        raise InvalidArgument(f"{what} must be at least 1, got {value}.")
    if value > maximum:
        raise LimitExceeded(what, value, maximum)
    return value
