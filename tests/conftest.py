"""Shared fixtures: one real database server for the whole session.

With ``NEO4J_URI`` set the suite runs against that server (Neo4j 5.26 in the
users' CI workflow); otherwise it starts the local ArcadeDB server once, in a
temporary data directory on free ports, and stops it at the end. Each test that
asks for ``store`` gets an empty graph (constraints and indexes are kept).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_rag.config import DEFAULT_EMBED_DIMENSIONS, DEFAULT_EMBED_MODEL
from graph_rag.db import LocalServer, free_port
from graph_rag.services.connection import local_spec
from graph_rag.store import ConnectionSpec, GraphStore, QueryRegistry, apply_schema
from graph_rag.store.queries import CYPHER_DIR
from graph_rag.store.schema import record_embedding_model

# Queries only tests run (namespace "test."), beside the shipped ones.
TEST_QUERIES = Path(__file__).parent / "cypher"


def _spec_from_env() -> ConnectionSpec:
    uri = os.environ["NEO4J_URI"]
    return ConnectionSpec(
        uri=uri,
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD", ""),
        database=os.environ.get("NEO4J_DATABASE") or None,
    )


@pytest.fixture(scope="session")
def local_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer | None]:
    """The session's local server, or None when the suite runs against NEO4J_URI."""
    if os.environ.get("NEO4J_URI"):
        yield None
        return
    server = LocalServer(
        tmp_path_factory.mktemp("server") / "db", bolt_port=free_port(), http_port=free_port()
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def connection_spec(local_server: LocalServer | None) -> ConnectionSpec:
    if local_server is None:
        return _spec_from_env()
    return local_spec(local_server)


@pytest.fixture(scope="session")
def session_store(connection_spec: ConnectionSpec) -> Iterator[GraphStore]:
    queries = QueryRegistry.load(CYPHER_DIR, TEST_QUERIES)
    with GraphStore.connect(connection_spec, queries=queries) as store:
        apply_schema(store, embedding_model=DEFAULT_EMBED_MODEL, dimensions=DEFAULT_EMBED_DIMENSIONS)
        yield store


@pytest.fixture
def store(session_store: GraphStore) -> Iterator[GraphStore]:
    """The session's store, emptied before the test, its vectors' model the default again
    (`embed` records the model it embedded with)."""
    session_store.write("clear_all")
    record_embedding_model(
        session_store, embedding_model=DEFAULT_EMBED_MODEL, dimensions=DEFAULT_EMBED_DIMENSIONS
    )
    session_store.observers.clear()
    yield session_store
    session_store.observers.clear()


@pytest.fixture
def settings_env(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    store: GraphStore,
    local_server: LocalServer | None,
) -> Path:
    """Point the CLI's settings at the session's (emptied) server; returns GRAPH_RAG_HOME."""
    home = tmp_path / "home"
    monkeypatch.setenv("GRAPH_RAG_HOME", str(home))
    if local_server is not None:
        # The CLI finds the local server through its data directory: share the session's.
        home.mkdir()
        (home / "db").symlink_to(local_server.data_dir)
        monkeypatch.setenv("GRAPH_RAG_BOLT_PORT", str(local_server.bolt_port))
        monkeypatch.setenv("GRAPH_RAG_HTTP_PORT", str(local_server.http_port))
    return home
