"""Constraints and indexes from ``schema/``, applied idempotently (``graph-rag init``).

The constraints are the same Cypher on both servers; the vector and fulltext
indexes come from the dialect's own file. The embedding model and dimension the
vector index was built for are recorded in a ``:GraphRagMeta`` node, so a change
of model is caught on both servers before any vector of the wrong size is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graph_rag.errors import SchemaMismatch, StoreError
from graph_rag.resources import SCHEMA_DIR
from graph_rag.store.arcadedb_http import run_sql
from graph_rag.store.dialect import NEO4J, Server
from graph_rag.store.graph_store import GraphStore
from graph_rag.store.queries import parse_query_file

META_KEY = "schema"
SQL_HEADER = re.compile(r"^--\s*name:\s*(\w+)\s*$")
OUR_CONSTRAINTS = frozenset(
    {"repository_id", "module_id", "class_id", "function_id", "external_id", "meta_key"}
)


@dataclass(frozen=True, slots=True)
class IndexInfo:
    name: str
    type: str
    labels: tuple[str, ...]
    properties: tuple[str, ...]
    state: str


@dataclass(frozen=True, slots=True)
class SchemaReport:
    server: str
    constraints: tuple[str, ...]
    indexes: tuple[IndexInfo, ...]
    embedding_model: str | None
    dimensions: int | None

    @property
    def vector_indexes(self) -> tuple[IndexInfo, ...]:
        return tuple(i for i in self.indexes if i.type.upper() == "VECTOR")

    @property
    def fulltext_indexes(self) -> tuple[IndexInfo, ...]:
        return tuple(i for i in self.indexes if i.type.upper() == "FULLTEXT")

    @property
    def missing_constraints(self) -> frozenset[str]:
        return OUR_CONSTRAINTS - set(self.constraints)


def _sql_statements(path: Path) -> list[tuple[str, str]]:
    """(name, statement) pairs from an ArcadeDB .sql file with '-- name:' headers."""
    named: list[tuple[str, list[str]]] = []
    for line in path.read_text().splitlines():
        if m := SQL_HEADER.match(line):
            named.append((m.group(1), []))
        elif named and not line.lstrip().startswith("--"):
            named[-1][1].append(line)
    return [
        (name, stmt.strip()) for name, body in named for stmt in "\n".join(body).split(";") if stmt.strip()
    ]


# Neo4j 5.26's vector index takes 1..4096 dimensions; the same bound holds on the
# local server, so a model that would fail in production fails here first.
MAX_DIMENSIONS = 4096


def _with_dimensions(statement: str, dimensions: int) -> str:
    return statement.replace("<dimensions>", str(dimensions))  # checked by apply_schema


def _common_schema(schema_dir: Path) -> list[tuple[str, str]]:
    """The constraints and lookup indexes both servers take in Cypher."""
    return [
        (q.name, q.text)
        for f in ("constraints.cypher", "indexes.cypher")
        for q in parse_query_file(schema_dir / f)
    ]


def neo4j_schema(dimensions: int, schema_dir: Path = SCHEMA_DIR) -> list[tuple[str, str]]:
    """(name, statement) of every DDL statement ``apply_schema`` sends Neo4j, in order,
    with the vector index at ``dimensions``."""
    search = [
        (q.name, _with_dimensions(q.text, dimensions))
        for q in parse_query_file(schema_dir / NEO4J.schema_file)
    ]
    return _common_schema(schema_dir) + search


def record_embedding_model(store: GraphStore, *, embedding_model: str, dimensions: int) -> None:
    """Note the model whose vectors the graph now holds (what a mismatch's message names)."""
    store.write("meta_set", key=META_KEY, embedding_model=embedding_model, dimensions=dimensions)


def check_embedding_settings(store: GraphStore, *, embedding_model: str, dimensions: int) -> None:
    """Raise SchemaMismatch when the database's vectors were made for another dimension."""
    rows = store.read("meta_get", key=META_KEY)
    if not rows or rows[0]["dimensions"] is None:
        return
    stored_dims, stored_model = int(rows[0]["dimensions"]), rows[0]["embedding_model"]
    if stored_dims != dimensions:
        raise SchemaMismatch(
            "init",
            f"the vector index holds {stored_dims}-dimensional embeddings ({stored_model}) "
            f"but the configured model {embedding_model} makes {dimensions}-dimensional ones. "
            "Run `graph-rag init --reset-embeddings` to drop the old vectors and index, then "
            f"`graph-rag embed` to re-embed, or configure {stored_model} again "
            "(GRAPH_RAG_EMBED_MODEL).",
        )


def apply_schema(
    store: GraphStore, *, embedding_model: str, dimensions: int, schema_dir: Path = SCHEMA_DIR
) -> SchemaReport:
    """Create what is missing (twice in a row is fine) and report what exists."""
    if isinstance(dimensions, bool) or not isinstance(dimensions, int) or dimensions < 1:
        raise ValueError(f"vector dimensions must be a positive int, got {dimensions!r}")  # DDL text
    if dimensions > MAX_DIMENSIONS:
        raise SchemaMismatch(
            "init",
            f"the embedding model {embedding_model} makes {dimensions}-dimensional vectors; "
            f"Neo4j's vector index takes at most {MAX_DIMENSIONS}. Configure a smaller model "
            "(GRAPH_RAG_EMBED_MODEL).",
        )
    check_embedding_settings(store, embedding_model=embedding_model, dimensions=dimensions)
    if store.dialect.server is Server.NEO4J:
        for name, statement in neo4j_schema(dimensions, schema_dir):
            store.run_ddl(name, statement)
    else:
        for name, statement in _common_schema(schema_dir):
            store.run_ddl(name, statement)
        dialect_file = schema_dir / store.dialect.schema_file
        spec = store.spec
        if not spec.http_url:
            raise StoreError("init", "ArcadeDB's HTTP URL is needed to create its search indexes")
        for name, statement in _sql_statements(dialect_file):
            run_sql(
                spec.http_url,
                store.database or "graph",
                spec.user,
                spec.password,
                _with_dimensions(statement, dimensions),
                name=name,
            )
    record_embedding_model(store, embedding_model=embedding_model, dimensions=dimensions)
    return schema_report(store)


def reset_embeddings(store: GraphStore) -> None:
    """Drop the vector index and every stored embedding (before switching models)."""
    if store.dialect.server is Server.NEO4J:
        store.run_ddl("drop_vector_index", "DROP INDEX function_embedding IF EXISTS")
    else:
        spec = store.spec
        run_sql(
            spec.http_url or "",
            store.database or "graph",
            spec.user,
            spec.password,
            f"DROP INDEX `{store.dialect.vector_index}` IF EXISTS",
            name="drop_vector_index",
        )
    store.write("remove_embeddings")
    store.write("meta_set", key=META_KEY, embedding_model=None, dimensions=None)


def schema_report(store: GraphStore) -> SchemaReport:
    constraints = tuple(sorted(str(row["name"]) for row in store.read("show_constraints")))
    indexes = tuple(
        sorted(
            (
                IndexInfo(
                    name=str(row.get("name")),
                    type=str(row.get("type")),
                    labels=tuple(row.get("labelsOrTypes") or ()),
                    properties=tuple(row.get("properties") or ()),
                    state=str(row.get("state")),
                )
                for row in store.read("show_indexes")
            ),
            key=lambda index: index.name,
        )
    )
    meta = store.read("meta_get", key=META_KEY)
    return SchemaReport(
        server=store.dialect.server.value,
        constraints=constraints,
        indexes=indexes,
        embedding_model=meta[0]["embedding_model"] if meta else None,
        dimensions=int(meta[0]["dimensions"]) if meta and meta[0]["dimensions"] else None,
    )
