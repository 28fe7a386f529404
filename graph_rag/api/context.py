"""What one request carries: the store, the searcher, its DataLoaders and its deadline.

A ``Context`` is made per request (``get_context``), so DataLoader caches never
outlive a request. Store calls are blocking (the driver's sync API) and run in
worker threads; every read gets the time left of the request as its
transaction timeout.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from graph_rag.api.limits import REQUEST_TIMEOUT_S, RequestTimeout
from graph_rag.api.loaders import Loaders
from graph_rag.store import GraphStore

Row = dict[str, Any]


class SearchPort(Protocol):
    """What the API needs of graph_rag.search.Searcher."""

    def search(
        self, text: str, *, k: int = 10, mode: Any = ..., filter: Any = None,
        timeout_s: float | None = None,
    ) -> Sequence[Any]: ...


@dataclass(frozen=True, slots=True)
class Backend:
    """The adapters an app serves from, wired once by the app factory."""

    store: GraphStore
    searcher: SearchPort | None = None
    timeout_s: float = REQUEST_TIMEOUT_S


@dataclass
class Context:
    backend: Backend
    deadline: float = 0.0
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + self.backend.timeout_s
        dialect = self.backend.store.dialect
        self.loaders = Loaders(
            self.read, vector_index=dialect.vector_index, overfetch=dialect.vector_overfetch
        )

    @property
    def store(self) -> GraphStore:
        return self.backend.store

    def time_left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise RequestTimeout(self.backend.timeout_s)
        return left

    async def read(self, name: str, /, **params: object) -> list[Row]:
        """Run a named read query in a worker thread, within the request's time."""
        timeout_s = self.time_left()
        return await asyncio.to_thread(self.store.read, name, timeout_s=timeout_s, **params)

    async def run(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Run a blocking call (a search) in a worker thread."""
        self.time_left()
        return await asyncio.to_thread(fn, *args, **kwargs)
