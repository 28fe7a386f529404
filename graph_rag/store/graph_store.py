"""A thin adapter over the official ``neo4j`` driver: named queries, managed transactions.

Reads run in READ sessions through ``execute_read`` and writes through
``execute_write``, so the driver retries transient failures. Every query comes
from the registry of ``cypher/*.cypher`` files by name; values travel as
parameters, never inside the text. Driver errors become StoreError (keeping the
server's message) or DatabaseUnavailable (saying what was tried).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors

from graph_rag.errors import DatabaseUnavailable, InvalidArgument, NotFound, QueryTimedOut, StoreError, shown
from graph_rag.store.dialect import Dialect, detect
from graph_rag.store.queries import Query, QueryRegistry

log = logging.getLogger(__name__)

Row = dict[str, Any]
QueryObserver = Callable[[str, Mapping[str, object]], None]

# Neo4j's codes for a transaction stopped at its timeout (ArcadeDB sends the first one
# when its statement timeout, arcadedb.command.timeout, fires).
TIMED_OUT = "Neo.ClientError.Transaction.TransactionTimedOut"

LOCAL_HINT = (
    "Start the local server with `graph-rag db start`, or set NEO4J_URI, NEO4J_USER "
    "and NEO4J_PASSWORD to reach another server."
)
REMOTE_HINT = (
    "Check that the server NEO4J_URI names is running and reachable, and NEO4J_USER and "
    "NEO4J_PASSWORD; unset NEO4J_URI to use the local server."
)


@dataclass(frozen=True, slots=True)
class ConnectionSpec:
    uri: str
    user: str
    password: str
    database: str | None = None
    http_url: str | None = None  # ArcadeDB only: its HTTP API for index DDL
    local: bool = False  # the server graph-rag runs itself (what a failure's hint says)

    @property
    def hint(self) -> str:
        return LOCAL_HINT if self.local else REMOTE_HINT


@contextmanager
def _translated(
    name: str | Callable[[], str], spec: ConnectionSpec, answers: Callable[[], bool] | None = None
) -> Iterator[None]:
    """Turn driver exceptions into graph-rag errors a user can act on. ``name`` is the
    query's (or a function giving the one running when it failed); ``answers`` says
    whether the server still answers a new connection: the local server, stopped in the
    middle of a query, fails it with an error of its own rather than a lost connection."""
    try:
        yield
    except neo4j_errors.AuthError as e:
        if spec.local and "no longer valid" in (e.message or ""):
            # What ArcadeDB tells its clients while it shuts down, not a wrong password.
            raise DatabaseUnavailable(
                spec.uri, "the local server closed the connection (stopped?)", spec.hint
            ) from e
        raise DatabaseUnavailable(spec.uri, f"authentication failed ({e.message})", spec.hint) from e
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as e:
        raise DatabaseUnavailable(spec.uri, _first_line(e), spec.hint) from e
    except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as e:
        if isinstance(e, neo4j_errors.Neo4jError) and e.code and e.code.startswith(TIMED_OUT):
            raise QueryTimedOut(_named(name), e.message or str(e)) from e
        if spec.local and answers is not None and not answers():
            raise DatabaseUnavailable(spec.uri, "the local server stopped during the query", spec.hint) from e
        message = e.message if isinstance(e, neo4j_errors.Neo4jError) else None
        raise StoreError(_named(name), message or _first_line(e)) from e
    except UnicodeEncodeError as e:
        # The driver packs strings as UTF-8: a lone surrogate ("\ud800", which JSON
        # allows) fails there, before anything is sent; the connection stays usable.
        raise InvalidArgument(f"{shown(e.object)} is not valid Unicode ({e.reason}).") from e


def _named(name: str | Callable[[], str]) -> str:
    return name if isinstance(name, str) else name()


def _first_line(error: BaseException) -> str:
    lines = (str(error).strip() or type(error).__name__).splitlines()
    # The driver's "Couldn't connect to h:p (resolved to (...)):" says why on a later line.
    for line in lines:
        if reason := re.search(r"\(reason (.*)\)\s*$", line):
            return reason.group(1)
    return lines[-1].strip() if lines[0].rstrip().endswith(":") else lines[0]


class GraphStore:
    """Runs named queries against one database of one Bolt server."""

    def __init__(
        self,
        driver: neo4j.Driver,
        dialect: Dialect,
        spec: ConnectionSpec,
        *,
        queries: QueryRegistry | None = None,
        server_agent: str = "",
    ) -> None:
        self._driver = driver
        self.dialect = dialect
        self.spec = spec
        self.database = spec.database or dialect.default_database
        self.queries = queries or QueryRegistry.load()
        self.server_agent = server_agent
        self.observers: list[QueryObserver] = []
        # Every session of this store shares bookmarks, so a read sees the writes made
        # before it even where it lands on another cluster member (Aura, a cluster).
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()

    @classmethod
    def connect(
        cls, spec: ConnectionSpec, *, queries: QueryRegistry | None = None, retry_s: float = 15.0
    ) -> GraphStore:
        """Open a driver, check the server answers, and pick the dialect from its agent.

        ``retry_s`` bounds how long a transaction is retried on transient failures:
        long for ingest (ride out a restart), short for the API (fail fast, clearly).
        """
        with _translated("connect", spec):
            try:
                driver = neo4j.GraphDatabase.driver(
                    spec.uri,
                    auth=(spec.user, spec.password),
                    connection_timeout=5.0,
                    max_transaction_retry_time=retry_s,
                )
            except (ValueError, neo4j_errors.ConfigurationError) as e:  # a malformed URI
                raise DatabaseUnavailable(spec.uri, str(e), spec.hint) from e
            try:
                driver.verify_connectivity()
                agent = driver.get_server_info().agent
            except BaseException:
                driver.close()
                raise
        return cls(driver, detect(agent), spec, queries=queries, server_agent=agent)

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- running named queries ------------------------------------------------

    def _prepare(self, name: str, params: Mapping[str, object]) -> tuple[Query, dict[str, object]]:
        query = self.queries[name]
        bound = query.bind(params)
        log.debug("query %s %s", name, {k: v for k, v in bound.items() if k != "rows"})
        for observe in self.observers:
            observe(name, bound)
        return query, bound

    def read(self, name: str, /, *, timeout_s: float | None = None, **params: object) -> list[Row]:
        """Run a named read query in a READ session and return its rows as dicts.

        A query with a write clause is refused here: the local server (ArcadeDB's Bolt
        plugin) does not enforce READ access mode, so a READ session alone is no guard."""
        query, bound = self._prepare(name, params)
        if query.writes:
            raise StoreError(name, "refused: a query that writes cannot run through the read path")

        # The timeout travels to the server as the transaction's own timeout.
        @neo4j.unit_of_work(timeout=timeout_s)
        def work(tx: neo4j.ManagedTransaction) -> list[Row]:
            return [record.data() for record in tx.run(query.text, bound)]

        with _translated(name, self.spec, self._answers), self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(work)

    def write(self, name: str, /, **params: object) -> dict[str, int]:
        """Run a named write query in its own transaction; returns the update counters."""
        return self.write_many([(name, params)])

    def write_many(self, steps: Sequence[tuple[str, Mapping[str, object]]]) -> dict[str, int]:
        """Run several named write queries in ONE transaction: all of them or none."""
        prepared = [self._prepare(name, params) for name, params in steps]
        running = [prepared[0][0].name if prepared else ""]  # the query a failure names

        def work(tx: neo4j.ManagedTransaction) -> dict[str, int]:
            totals: dict[str, int] = {}
            for query, bound in prepared:
                running[0] = query.name
                counters = tx.run(query.text, bound).consume().counters
                for key, value in vars(counters).items():
                    if isinstance(value, int) and not isinstance(value, bool) and value:
                        totals[key.lstrip("_")] = totals.get(key.lstrip("_"), 0) + value
            return totals

        with (
            _translated(lambda: running[0], self.spec, self._answers),
            self._session(neo4j.WRITE_ACCESS) as session,
        ):
            return session.execute_write(work)

    def write_batches(
        self,
        name: str,
        rows: Iterable[Mapping[str, object]],
        *,
        batch_size: int = 1000,
        **params: object,
    ) -> int:
        """UNWIND rows through a named query in fixed-size batches; returns rows written."""
        batch: list[Mapping[str, object]] = []
        written = 0
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                self.write(name, rows=batch, **params)
                written += len(batch)
                batch = []
        if batch:
            self.write(name, rows=batch, **params)
            written += len(batch)
        return written

    def run_ddl(self, name: str, statement: str) -> None:
        """Run one schema statement that is not a named query (from schema/)."""
        with _translated(name, self.spec, self._answers), self._session(neo4j.WRITE_ACCESS) as session:
            session.run(statement).consume()

    @contextmanager
    def _session(self, access: str) -> Iterator[neo4j.Session]:
        with self._driver.session(
            database=self.database, default_access_mode=access, bookmark_manager=self._bookmarks
        ) as s:
            yield s

    def _answers(self) -> bool:
        """Whether the database still runs a trivial query (asked after a query failed:
        a connection from the pool may still open while the server shuts down)."""
        ping = self.queries["ping"]
        try:
            with self._session(neo4j.READ_ACCESS) as session:
                session.run(ping.text).consume()
        except Exception:  # any failure means: not answering
            return False
        return True

    # -- small conveniences -------------------------------------------------------

    def ping(self) -> float:
        """Round-trip time of a trivial query, in milliseconds.

        Tried once, outside a managed transaction: the driver's retries of an unreachable
        server would outlast a health check's wait, which then told "no answer" where a
        query got the driver's reason ("Connection refused")."""
        ping = self.queries["ping"]
        start = time.perf_counter()
        with _translated("ping", self.spec), self._session(neo4j.READ_ACCESS) as session:
            session.run(ping.text).consume()
        return (time.perf_counter() - start) * 1000

    def require_repositories(self, ids: Sequence[str]) -> None:
        """Raise NotFound naming every id in ``ids`` that is no ingested repository."""
        unknown = [row["id"] for row in self.read("unknown_repositories", ids=list(ids))] if ids else []
        if unknown:
            names = ", ".join(map(repr, unknown))
            raise NotFound(f"No repository named {names}; {self._held_repositories()}.")

    def _held_repositories(self) -> str:
        """What an unknown name's error offers instead, read the same by API clients and CLI users."""
        shown = 20
        held = [row["id"] for row in self.read("repository_ids", limit=shown + 1)]
        if not held:
            return "the graph holds none yet"
        more = " and more" if len(held) > shown else ""
        return f"the graph holds {', '.join(held[:shown])}{more}"

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {row["label"]: row["nodes"] for row in self.read("node_counts")}
        rels = {row["type"]: row["relationships"] for row in self.read("relationship_counts")}
        return {"nodes": nodes, "relationships": rels}
