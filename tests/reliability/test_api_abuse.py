"""Abuse of the API, and a slow query under the per-request timeout: every case is
answered with a clear error, in bounded time, and nothing in the graph changes.

Fixture (module scope, on the session's server): package ``big`` (conftest.big_package:
6 modules of 3 functions and a class, each calling into the previous module)
ingested as repository ``big``, served over real HTTP (uvicorn on a free port in a
thread) with a fulltext-capable Searcher over a hash embedder. tests/api already
covers single-limit errors (first 500, depth 9, k 101, a 2,001-character text,
31 aliases, depth 12, 2,100 tokens): these go further (bombs, huge values, bodies,
transports) and check time and the graph.

Read-only: the API has no mutation type, every API path reads through
``GraphStore.read``, and ``GraphStore.read`` refuses a query with a write clause,
because the local server (ArcadeDB's Bolt plugin) commits writes sent in READ
sessions (``test_the_local_server_does_not_enforce_read_access_mode`` shows it).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import math
import os
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import neo4j
import pytest
import uvicorn

from graph_rag.api.app import create_app
from graph_rag.api.context import Backend
from graph_rag.db import free_port
from graph_rag.errors import StoreError
from graph_rag.services.ingest import ingest
from graph_rag.store import ConnectionSpec, GraphStore, QueryRegistry
from graph_rag.store.queries import CYPHER_DIR, Query

from .conftest import Snapshot, big_package, snapshot, write_tree

QUERIES = Path(__file__).parent / "cypher"
BOUND_S = 15.0  # every abusive request is answered within this (the request timeout is 10 s)


class HashEmbedder:
    model_name = "hash"
    dimensions = 384

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return [self.embed_query(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        vector = [0.0] * self.dimensions
        for word in text.split():
            vector[int(hashlib.sha256(word.encode()).hexdigest(), 16) % self.dimensions] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]


class Served:
    """uvicorn in a thread; raw HTTP so bodies and headers can be anything."""

    def __init__(self, backend: Backend) -> None:
        self.port = free_port()
        config = uvicorn.Config(
            create_app(backend, mcp=False), host="127.0.0.1", port=self.port, log_level="critical"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "uvicorn did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def raw(
        self,
        body: bytes,
        content_type: str = "application/json",
        method: str = "POST",
        path: str = "/graphql",
        timeout: float = 60,
    ) -> tuple[int, str, float]:
        """(status, body text, seconds) of one request."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        began = time.perf_counter()
        conn.request(method, path, body, {"Content-Type": content_type} if content_type else {})
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        conn.close()
        return response.status, text, time.perf_counter() - began

    def post(self, query: str, **variables: Any) -> tuple[dict[str, Any], float]:
        _, text, seconds = self.raw(json.dumps({"query": query, "variables": variables}).encode())
        return json.loads(text), seconds


@pytest.fixture(scope="module")
def rstore(
    connection_spec: ConnectionSpec, session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    queries = QueryRegistry.load(CYPHER_DIR, QUERIES)
    with GraphStore.connect(connection_spec, queries=queries) as store:
        store.write("clear_all")
        tmp = tmp_path_factory.mktemp("abuse")
        ingest(
            str(write_tree(tmp / "big", big_package(6, 3))), store=store, cache_dir=tmp / "cache", workers=1
        )
        yield store


@pytest.fixture(scope="module")
def api(rstore: GraphStore) -> Iterator[Served]:
    from graph_rag.search import Searcher

    with Served(Backend(store=rstore, searcher=Searcher(rstore, HashEmbedder()))) as served:
        yield served


@pytest.fixture(scope="module")
def before(rstore: GraphStore, api: Served) -> Snapshot:
    return snapshot(rstore)


def _message(result: dict[str, Any]) -> str:
    assert result.get("errors"), result
    return str(result["errors"][0]["message"])


FN = '"big:big.m3.f1"'
SELECTION = "name qualifiedName"


def _fragment_bomb(levels: int) -> str:
    """Each fragment spreads the next one twice (from callers and callees): 2**levels fields."""
    frags = [f"fragment F{levels} on Function {{ name }}"]
    for i in range(levels - 1, -1, -1):
        frags.append(f"fragment F{i} on Function {{ callers {{ ...F{i + 1} }} callees {{ ...F{i + 1} }} }}")
    return f"{{ function(id: {FN}) {{ ...F0 }} }} " + " ".join(frags)


def _nested_callers(levels: int) -> str:
    """Callers of callers, ``levels`` deep: 20 (the default `first`) to the power of levels."""
    inner = "qualifiedName"
    for _ in range(levels):
        inner = f"qualifiedName callers {{ {inner} }}"
    return inner


NESTED = _nested_callers(10)

ABUSE = [
    ("depth bomb (60 levels)",
     "{ function(id: " + FN + ") { " + "callers { " * 60 + "name" + " }" * 60 + " } }",
     "exceeds maximum operation depth"),
    ("alias bomb (300 aliases)",
     "{ " + " ".join(f"a{i}: repositories {{ name }}" for i in range(300)) + " }", "aliases"),
    ("token bomb (1,000 aliased lookups)",
     "{ " + " ".join(f"a{i}: function(id: {FN}) {{ name }}" for i in range(1000)) + " }",
     "Document contains more than 2000 tokens"),
    ("fragment bomb (2**20 fields)", _fragment_bomb(20), "Too many validation errors"),
    ("cost bomb (two aliased lists of callers nested ten deep)",
     f"{{ function(id: {FN}) {{ a: callers {{ {NESTED} }} b: callers {{ {NESTED} }} }} }}",
     "over the limit of 20,000"),
    ("fragment cycle", f"{{ function(id: {FN}) {{ ...A }} }} fragment A on Function {{ callers {{ ...B }} }} "
     "fragment B on Function { callees { ...A } }", "Cannot spread fragment"),
    ("first 2**31-1", f"{{ function(id: {FN}) {{ callers(first: 2147483647) {{ name }} }} }}",
     "first must be at most 100, got 2147483647."),
    ("first past Int", f"{{ function(id: {FN}) {{ callers(first: 99999999999) {{ name }} }} }}",
     "Int cannot represent non 32-bit signed integer value: 99999999999"),
    ("depth 2**31-1", f"{{ impact(id: {FN}, depth: 2147483647) {{ depth }} }}",
     "depth must be at most 5, got 2147483647."),
    ("negative depth", f"{{ function(id: {FN}) {{ callees(depth: -5) {{ name }} }} }}",
     "depth must be at least 1, got -5."),
    ("k 10**9", '{ search(text: "f", k: 1000000000) { score } }', "k must be at most 100, got 1000000000."),
    ("maxHops 2**31-1", f"{{ callPath(from: {FN}, to: {FN}, maxHops: 2147483647) {{ hops }} }}",
     "maxHops must be at most 10, got 2147483647."),
    ("mutation", "mutation { clear }", "The mutation operation is not supported by the schema."),
    ("subscription", "subscription { tick }", "The subscription operation is not supported by the schema."),
    ("introspection bomb", "{ __schema { types { " + "fields { type { " * 8 + "name" + " } }" * 8 + " } } }",
     "Maximum introspection depth exceeded"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "query", "message"), ABUSE, ids=[a[0] for a in ABUSE])
def test_abusive_documents_get_a_clear_error_in_bounded_time(
    api: Served, before: Snapshot, rstore: GraphStore, case: str, query: str, message: str
) -> None:
    result, seconds = api.post(query)
    assert message in _message(result)
    assert seconds < BOUND_S, f"{case}: {seconds:.1f} s"


LONG_TEXT = "x" * 1_000_000  # just under the 1 MiB body limit, with the JSON around it


@pytest.mark.parametrize(
    ("case", "query", "variables", "message"),
    [
        (
            "1 MB search text",
            "query($t: String!) { search(text: $t) { score } }",
            {"t": LONG_TEXT},
            "text length must be at most 2000, got 1000000.",
        ),
        # a name or an id is refused by its length before any lookup (api.limits.MAX_NAME_CHARS)
        (
            "1 MB id",
            "query($t: ID!) { function(id: $t) { name } }",
            {"t": LONG_TEXT},
            "id length must be at most 500, got 1000000.",
        ),
        (
            "1 MB qualified name",
            "query($t: String!) { function(qualifiedName: $t) { name } }",
            {"t": LONG_TEXT},
            "qualifiedName length must be at most 500, got 1000000.",
        ),
        (
            "1 MB usages symbol",
            "query($t: String!) { usages(symbol: $t) { target } }",
            {"t": LONG_TEXT},
            "symbol length must be at most 500, got 1000000.",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "",
)
def test_huge_values_are_bounded(
    api: Served, case: str, query: str, variables: dict[str, str], message: str
) -> None:
    result, seconds = api.post(query, **variables)
    assert message in _message(result)[:200]
    assert len(_message(result)) < 2_000, "the error echoes the whole value"
    assert seconds < BOUND_S, f"{case}: {seconds:.1f} s"


@pytest.mark.parametrize(
    ("case", "body", "content_type", "status", "says"),
    [
        (
            "malformed JSON",
            b'{"query": "{ repositories { name } ',
            "application/json",
            400,
            "Unable to parse",
        ),
        (
            "JSON that is not an object",
            b'"{ repositories { name } }"',
            "application/json",
            400,
            "Expected a JSON object",
        ),
        (
            "batched requests",
            json.dumps([{"query": "{ repositories { name } }"}] * 50).encode(),
            "application/json",
            400,
            "batch",
        ),
        ("no query", b"{}", "application/json", 400, "No GraphQL query found"),
        ("query not a string", b'{"query": 42}', "application/json", 400, ""),
        ("text/plain", b"{ repositories { name } }", "text/plain", 415, "not 'text/plain'"),
        (
            "no content type",
            b'{"query": "{ repositories { name } }"}',
            "",
            415,
            "it had no Content-Type header",
        ),
        ("binary garbage", bytes(range(256)) * 100, "application/json", 400, ""),
        ("invalid UTF-8", b'{"query": "\xff\xfe"}', "application/json", 400, "not UTF-8"),
        (
            "deeply nested JSON",
            b'{"query": "{ repositories { name } }", "variables": '
            + b'{"a": ' * 5000
            + b"1"
            + b"}" * 5000
            + b"}",
            "application/json",
            200,
            "",
        ),
        (
            "nesting past the JSON parser's recursion limit",
            b'{"query": "{ repositories { name } }", '
            + b'"variables": '
            + b'{"a": ' * 100_000
            + b"1"
            + b"}" * 100_001,
            "application/json",
            400,
            "nests too deeply",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "",
)
def test_malformed_bodies_and_content_types(
    api: Served, case: str, body: bytes, content_type: str, status: int, says: str
) -> None:
    got, text, seconds = api.raw(body, content_type)
    assert got == status, (case, got, text[:300])
    assert says.lower() in text.lower(), text[:300]
    assert "Traceback" not in text and 'File "' not in text
    assert seconds < BOUND_S


def test_a_body_over_the_limit_is_refused_before_it_is_read(api: Served) -> None:
    """Starlette would read a body whole into memory: the app refuses one over 1 MiB
    (graph_rag/api/body_limit.py) with a 413 instead of holding 50 MB."""
    body = json.dumps(
        {"query": "query($t: String!) { search(text: $t) { score } }", "variables": {"t": "y" * 50_000_000}}
    ).encode()
    status, text, seconds = api.raw(body)
    assert status == 413, (status, text[:300])
    assert "larger than 1,048,576 bytes" in text
    assert seconds < BOUND_S


def test_a_chunked_body_is_cut_at_the_limit_too(api: Served) -> None:
    """Without a Content-Length the body is counted as it streams in."""
    chunks = [b'{"query": "{ repositories { name } }", "pad": "'] + [b"z" * 65_536] * 32 + [b'"}']
    conn = http.client.HTTPConnection("127.0.0.1", api.port, timeout=60)
    conn.request("POST", "/graphql", iter(chunks), {"Content-Type": "application/json"}, encode_chunked=True)
    response = conn.getresponse()
    text = response.read().decode()
    conn.close()
    assert response.status == 413, text[:300]
    assert "larger than 1,048,576 bytes" in text


INJECTIONS = [
    "'}) DETACH DELETE n //",
    '"}) MATCH (n) DETACH DELETE n //',
    "x` DETACH DELETE n //",
    "`Function`",
    "$x",
    "$id",
    "big:big.m3.f1' OR 1=1 //",
    "*/ MATCH (n) DETACH DELETE n /*",
    "\\'; CALL db.clearQueryCaches(); //",
    "\u0000\u202e\ufeff\U0001f4a5 ünïcödé",
    "big:" + "\\" * 50,
    "[a-z]+.*",
    "lone surrogate \ud800",  # valid JSON, but no UTF-8 text: the driver cannot send it
    "*?*?*?*?*?*?*?Z",  # as a path glob, 0.87 s per path before globs ran in atomic groups
    "[z-a]",
]

FIELDS = [
    "query($v: String!) { search(text: $v, mode: FULLTEXT) { score } }",
    "query($v: String!) { search(text: $v, mode: VECTOR) { score } }",
    "query($v: String!) { search(text: $v, mode: HYBRID) { score } }",
    'query($v: String!) { search(text: "f", filter: {repositories: [$v]}) { score } }',
    'query($v: String!) { search(text: "f", mode: FULLTEXT, filter: {pathGlob: $v}) { score } }',
    "query($v: ID!) { function(id: $v) { name } }",
    "query($v: String!) { function(qualifiedName: $v) { name } }",
    'query($v: String!) { function(qualifiedName: "big.m3.f1", repo: $v) { name } }',
    "query($v: ID!) { class(id: $v) { name } }",
    "query($v: String!) { class(qualifiedName: $v) { name } }",
    "query($v: ID!) { module(id: $v) { name } }",
    "query($v: String!) { module(qualifiedName: $v) { name } }",
    "query($v: String!) { repository(name: $v) { name } }",
    'query($v: String!) { callPath(from: $v, to: "big:big.m0.f1") { hops } }',
    'query($v: String!) { callPath(from: "big:big.m3.f1", to: $v) { hops } }',
    "query($v: String!) { impact(id: $v) { depth } }",
    "query($v: String!) { usages(symbol: $v) { target } }",
]


def test_injection_strings_through_every_user_field_change_nothing(
    api: Served, rstore: GraphStore, before: Snapshot
) -> None:
    sent: list[str] = []
    rstore.observers.append(lambda name, params: sent.append(name))
    try:
        for field in FIELDS:
            for value in INJECTIONS:
                result, seconds = api.post(field, v=value)
                errors = result.get("errors") or []
                assert not any(e["message"] == "Unexpected error." for e in errors), (field, value, errors)
                assert seconds < BOUND_S
    finally:
        rstore.observers.clear()
    assert sent, "no query reached the store"
    assert not [n for n in sent if rstore.queries[n].writes]
    assert snapshot(rstore) == before


def test_a_write_through_the_read_path_is_refused(rstore: GraphStore, before: Snapshot) -> None:
    with pytest.raises(StoreError, match="a query that writes cannot run through the read path"):
        rstore.read("reliability.write_probe", id="via-read")
    assert rstore.read("reliability.count_probes") == [{"probes": 0}]
    assert snapshot(rstore) == before


def test_every_api_path_reads_only(api: Served, rstore: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """No request, valid or not, opens a write transaction or runs DDL."""
    writes: list[str] = []
    monkeypatch.setattr(GraphStore, "write_many", lambda self, steps: writes.append("write_many"))
    monkeypatch.setattr(GraphStore, "run_ddl", lambda self, name, s: writes.append(name))
    for query in [*(f for f, _, _ in [(q, 0, 0) for q in FIELDS]), *(a[1] for a in ABUSE)]:
        api.post(query, v="big:big.m3.f1")
    full = (
        "{ function(id: " + FN + ") { name signature docstring location { path startLine } "
        "callers(depth: 3) { name } callees(depth: 3) { ... on Function { name } } "
        "module { name imports { ... on Module { name } } repository { name } } } "
        "repositories { name modules { name } } }"
    )
    assert "errors" not in api.post(full)[0]
    assert writes == []


@pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="Neo4j enforces READ access mode")
def test_the_local_server_does_not_enforce_read_access_mode(rstore: GraphStore) -> None:
    """The reason for the guard in GraphStore.read: ArcadeDB commits a CREATE sent in a READ
    session (neo4j.READ_ACCESS through execute_read). If this starts failing, the server
    began enforcing it and the guard is belt and braces."""
    query = rstore.queries["reliability.write_probe"]
    try:
        with rstore._driver.session(database=rstore.database, default_access_mode=neo4j.READ_ACCESS) as s:
            s.execute_read(lambda tx: tx.run(query.text, {"id": "raw-read-session"}).consume())
        assert rstore.read("reliability.count_probes") == [{"probes": 1}]
    finally:
        rstore.write("reliability.delete_probes")


class _SlowCallPath(Mapping[str, Query]):
    """The store's registry, with ``api.call_path`` swapped for a query that streams 2.7e8 rows:
    the API path (resolver, deadline, READ transaction with its timeout) is the real one,
    only the Cypher is slow by construction."""

    def __init__(self, real: QueryRegistry) -> None:
        self.real = real
        base = real["api.call_path"]
        text = (
            "WITH $source AS s, $target AS t UNWIND range(1, 3000) AS i UNWIND range(1, 3000) AS j "
            "UNWIND range(1, 30) AS k WITH i + j + k AS x WHERE x = -1 RETURN [] AS ids, 0 AS hops"
        )
        self.slow = Query("api.call_path", base.doc, text, base.file, base.line, base.params)

    def __getitem__(self, name: str) -> Query:
        return self.slow if name == "api.call_path" else self.real[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.real.keys())

    def __len__(self) -> int:
        return len(list(self.real.keys()))


def test_a_slow_query_hits_the_request_timeout_and_frees_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a server of its own, whose statement timeout is 3 s: the request is answered at its
    0.5 s deadline with a clear error (the API stops waiting), and the server cuts the runaway
    statement itself, so it answers the next request normally.

    ArcadeDB ignores the transaction timeout the driver sends; Neo4j honours it, and there
    the query ends at 0.5 s."""
    from .conftest import connect, own_server

    monkeypatch.setenv("GRAPH_RAG_DB_STATEMENT_TIMEOUT_S", "3")
    with own_server(tmp_path / "db") as server, connect(server) as plain:
        ingest(
            str(write_tree(tmp_path / "a", {"x.py": "def f():\n    g()\n\n\ndef g():\n    pass\n"})),
            store=plain,
            name="a",
            cache_dir=tmp_path / "cache",
            workers=1,
        )
        slow_queries: Any = _SlowCallPath(plain.queries)
        store = GraphStore(plain._driver, plain.dialect, plain.spec, queries=slow_queries)
        with Served(Backend(store=store, timeout_s=0.5)) as hasty:
            call_path = json.dumps({"query": '{ callPath(from: "a:x.f", to: "a:x.g") { hops } }'})
            began = time.perf_counter()
            _, text, _ = hasty.raw(call_path.encode(), timeout=10)
            seconds = time.perf_counter() - began
            assert seconds < 0.5 + 2.0, f"answered after {seconds:.1f} s: {text[:200]}"
            assert "took longer than 0.5 s" in text, text[:300]

            time.sleep(3.5)  # the server's statement timeout has cut the slow query by now
            began = time.perf_counter()
            _, text, _ = hasty.raw(b'{"query": "{ function(id: \\"a:x.g\\") { name } }"}', timeout=10)
            assert json.loads(text) == {"data": {"function": {"name": "g"}}}
            assert time.perf_counter() - began < 2.0
