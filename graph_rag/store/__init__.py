"""The graph store: the only package that talks to the database driver."""

from graph_rag.store.dialect import Dialect, Server
from graph_rag.store.graph_store import ConnectionSpec, GraphStore
from graph_rag.store.queries import Query, QueryRegistry
from graph_rag.store.schema import SchemaReport, apply_schema, reset_embeddings, schema_report

__all__ = [
    "ConnectionSpec",
    "Dialect",
    "GraphStore",
    "Query",
    "QueryRegistry",
    "SchemaReport",
    "Server",
    "apply_schema",
    "reset_embeddings",
    "schema_report",
]
