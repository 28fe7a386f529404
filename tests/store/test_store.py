"""The graph store against a real server (the local one, or Neo4j when NEO4J_URI is set).

Covers: the schema applied twice, what `init` reports, the vector-dimension check,
a vector and a fulltext query through the named-query path, atomic multi-query
writes, and the error a user sees for an unreachable server.
"""

from __future__ import annotations

import pytest

from graph_rag.config import DEFAULT_EMBED_DIMENSIONS, DEFAULT_EMBED_MODEL
from graph_rag.db import free_port
from graph_rag.errors import DatabaseUnavailable, SchemaMismatch, StoreError
from graph_rag.store import ConnectionSpec, GraphStore, Server, apply_schema, schema_report
from graph_rag.store.schema import META_KEY


def test_schema_applies_twice_and_reports_constraints_and_search_indexes(store: GraphStore) -> None:
    first = apply_schema(store, embedding_model=DEFAULT_EMBED_MODEL, dimensions=DEFAULT_EMBED_DIMENSIONS)
    second = apply_schema(store, embedding_model=DEFAULT_EMBED_MODEL, dimensions=DEFAULT_EMBED_DIMENSIONS)
    assert first == second
    assert second.missing_constraints == frozenset()
    assert [(i.labels, i.properties) for i in second.vector_indexes] == [(("Function",), ("embedding",))]
    assert [(i.labels, i.properties) for i in second.fulltext_indexes] == [(("Function",), ("search_text",))]
    assert (second.embedding_model, second.dimensions) == (DEFAULT_EMBED_MODEL, DEFAULT_EMBED_DIMENSIONS)


def test_a_model_of_another_dimension_is_refused_with_the_fix(store: GraphStore) -> None:
    with pytest.raises(SchemaMismatch) as raised:
        apply_schema(store, embedding_model="big-model", dimensions=768)
    assert str(raised.value) == (
        "The vector index holds 384-dimensional embeddings "
        "(sentence-transformers/all-MiniLM-L6-v2) but the configured model big-model "
        "makes 768-dimensional ones. "
        "Run `graph-rag init --reset-embeddings` to drop the old vectors and index, then "
        "`graph-rag embed` to re-embed, or configure sentence-transformers/all-MiniLM-L6-v2 again "
        "(GRAPH_RAG_EMBED_MODEL)."
    )
    assert schema_report(store).dimensions == DEFAULT_EMBED_DIMENSIONS


def test_a_model_with_more_dimensions_than_neo4j_indexes_is_refused_on_every_server(
    store: GraphStore,
) -> None:
    """Neo4j 5.26's vector index takes 1..4096 dimensions: the local server refuses more
    too, so a model that would fail in production fails in development first."""
    with pytest.raises(
        SchemaMismatch, match="makes 5000-dimensional vectors; Neo4j's vector index takes at most 4096"
    ):
        apply_schema(store, embedding_model="huge-model", dimensions=5000)
    assert schema_report(store).dimensions == DEFAULT_EMBED_DIMENSIONS


def test_reads_and_writes_share_one_bookmark_chain(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Aura or a cluster a read may land on another member than the write before it:
    sessions sharing one bookmark manager make that member catch up first."""
    managers = []
    open_session = store._driver.session

    def session(**config: object) -> object:
        managers.append(config.get("bookmark_manager"))
        return open_session(**config)

    monkeypatch.setattr(store._driver, "session", session)
    store.write("meta_set", key="probe", embedding_model="m", dimensions=3)
    assert store.read("meta_get", key="probe")[0]["dimensions"] == 3
    assert len(managers) == 2 and managers[0] is not None and managers[1] is managers[0]


def _unit(i: int) -> list[float]:
    vector = [0.0] * DEFAULT_EMBED_DIMENSIONS
    vector[i] = 1.0
    return vector


def test_vector_and_fulltext_queries_run_through_the_named_query_path(store: GraphStore) -> None:
    store.write(
        "test.create_functions",
        rows=[
            {"id": "r:m.parse_date", "text": "parse http date header", "vector": _unit(0)},
            {"id": "r:m.copy_file", "text": "copy a file to a directory", "vector": _unit(1)},
            {"id": "r:m.parse_json", "text": "parse json body", "vector": _unit(2)},
        ],
    )
    query_vector = [0.9, 0.1] + [0.0] * (DEFAULT_EMBED_DIMENSIONS - 2)
    hits = store.read(
        "vector_functions",
        index=store.dialect.vector_index,
        k=2 * store.dialect.vector_overfetch,
        vector=query_vector,
    )
    assert [h["id"] for h in hits[:2]] == ["r:m.parse_date", "r:m.copy_file"]
    # Both servers score cosine as (1 + cos) / 2.
    cos = 0.9 / (0.9**2 + 0.1**2) ** 0.5
    assert hits[0]["score"] == pytest.approx((1 + cos) / 2, abs=1e-3)

    found = store.read("fulltext_functions", index=store.dialect.fulltext_index, text="copy", k=5)
    assert [h["id"] for h in found] == ["r:m.copy_file"]


def test_write_many_is_one_transaction_all_or_nothing(store: GraphStore) -> None:
    ok = {"key": "a", "embedding_model": "m", "dimensions": 1}
    with pytest.raises(StoreError) as raised:
        store.write_many([("meta_set", ok), ("test.fail", {})])
    assert str(raised.value).startswith("Query 'test.fail' failed")  # the one that failed, alone
    assert store.read("meta_get", key="a") == []
    store.write_many([("meta_set", ok)])
    assert store.read("meta_get", key="a") == [{"embedding_model": "m", "dimensions": 1}]
    store.write("meta_set", key="a", embedding_model=None, dimensions=None)


def test_the_dialect_is_detected_from_the_server_agent(store: GraphStore) -> None:
    agent = store.server_agent.lower()
    expected = Server.ARCADEDB if "arcadedb" in agent else Server.NEO4J
    assert store.dialect.server is expected
    assert store.ping() > 0
    assert META_KEY == "schema"


def test_the_query_files_name_neo4j_s_indexes_and_each_server_reads_its_own(store: GraphStore) -> None:
    """A difference between the servers: ArcadeDB names an index by type and property."""
    expected = {
        Server.NEO4J: ("function_embedding", "function_text"),
        Server.ARCADEDB: ("Function[embedding]", "Function[search_text]"),
    }[store.dialect.server]
    named = store.dialect.index_named
    assert (named("function_embedding"), named("function_text")) == expected
    assert named(expected[0]) == expected[0] and named("other") == "other"


def test_an_unreachable_server_gives_one_line_saying_what_was_tried_and_how_to_fix() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(DatabaseUnavailable) as raised:
        GraphStore.connect(ConnectionSpec(uri, "neo4j", "secret", local=True))
    message = str(raised.value)
    assert message.startswith(f"Cannot reach the database at {uri}: [Errno 111] Connection refused. ")
    assert message.endswith(
        "Start the local server with `graph-rag db start`, or set NEO4J_URI, NEO4J_USER "
        "and NEO4J_PASSWORD to reach another server."
    )
    assert "\n" not in message


def test_a_server_named_by_neo4j_uri_is_not_told_to_start_the_local_one() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(DatabaseUnavailable) as raised:
        GraphStore.connect(ConnectionSpec(uri, "neo4j", "secret"))
    assert str(raised.value).endswith(
        "Check that the server NEO4J_URI names is running and reachable, and NEO4J_USER and "
        "NEO4J_PASSWORD; unset NEO4J_URI to use the local server."
    )


def test_a_malformed_uri_is_reported_as_unreachable_not_a_traceback() -> None:
    with pytest.raises(DatabaseUnavailable, match="Cannot reach the database at nope://x"):
        GraphStore.connect(ConnectionSpec("nope://x", "neo4j", "secret"))


@pytest.mark.parametrize(
    ("driver_says", "we_say"),
    [
        ("Couldn't connect to h:1 (resolved to ('h:1',)):\nFailed to establish connection to h:1 "
         "(reason [Errno 111] Connection refused)", "[Errno 111] Connection refused"),
        ("Couldn't connect to h:1 (resolved to ('h:1',)):\nTimed out trying to establish connection to h:1",
         "Timed out trying to establish connection to h:1"),
        ("Failed to read (reason certificate verify failed (_ssl.c:1006))",
         "certificate verify failed (_ssl.c:1006)"),
        ("Unauthorized", "Unauthorized"),
    ],
)  # fmt: skip
def test_a_connection_failure_says_why_in_one_line(driver_says: str, we_say: str) -> None:
    from graph_rag.store.graph_store import _first_line

    assert _first_line(OSError(driver_says)) == we_say


@pytest.mark.parametrize(("answers", "raised"), [(False, DatabaseUnavailable), (True, StoreError)])
def test_a_query_the_local_server_fails_while_stopping_says_the_server_stopped(
    answers: bool, raised: type[Exception]
) -> None:
    """ArcadeDB, stopped mid-query, fails it with an error of its own ("graph"); the store
    asks whether the server still answers before calling it a failed query."""
    from neo4j.exceptions import DatabaseError

    from graph_rag.store.graph_store import _translated

    spec = ConnectionSpec("bolt://127.0.0.1:7687", "neo4j", "secret", local=True)
    error = DatabaseError("graph")  # Neo.DatabaseError.General.UnknownError, as ArcadeDB sends it
    with pytest.raises(raised) as caught, _translated("quality_function_inputs", spec, lambda: answers):
        raise error
    said = "'quality_function_inputs' failed" if answers else "the local server stopped during the query"
    assert said in str(caught.value)
