"""What one request carries: the store, the searcher, its DataLoaders and its deadline.

A ``Context`` is made per request (``get_context``), so DataLoader caches never
outlive a request. Store calls are blocking (the driver's sync API) and run in
the backend's worker threads; every read gets the time left of the request as its
transaction timeout, and the request stops waiting at its deadline even when a
server does not honour that timeout (the local server cuts such a statement at its
own, longer statement timeout).
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from graph_rag.api.limits import REQUEST_TIMEOUT_S, RequestTimeout
from graph_rag.api.loaders import Loaders
from graph_rag.errors import QueryTimedOut
from graph_rag.store import GraphStore

Row = dict[str, Any]

# Store calls block a thread each. asyncio's default pool has min(32, cores + 4)
# threads (6 here), so 32 clients queued for a thread and spent their deadline
# waiting; the driver's connection pool (100) is not the limit, so match the clients.
STORE_THREADS = 32


class SearchPort(Protocol):
    """What the API needs of graph_rag.search.Searcher."""

    def search(
        self,
        text: str,
        *,
        k: int = 10,
        mode: Any = ...,
        filter: Any = None,
        timeout_s: float | None = None,
    ) -> Sequence[Any]: ...


@dataclass(frozen=True, slots=True)
class Backend:
    """The adapters an app serves from, wired once by the app factory."""

    store: GraphStore
    searcher: SearchPort | None = None
    timeout_s: float = REQUEST_TIMEOUT_S
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(STORE_THREADS, thread_name_prefix="graph-rag-api")
    )


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
        return await self.run(self.store.read, name, timeout_s=timeout_s, **params)

    async def run(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """Run a blocking call in a worker thread; give up on it at the deadline."""
        left = self.time_left()  # before submitting: no work starts once the time is up
        call = functools.partial(fn, *args, **kwargs)
        future = asyncio.get_running_loop().run_in_executor(self.backend.executor, call)
        try:
            return await asyncio.wait_for(future, left)
        except (TimeoutError, QueryTimedOut):
            raise RequestTimeout(self.backend.timeout_s) from None
