"""graph-rag init: constraints and indexes."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graph_rag.cli.common import (
    JsonOpt,
    app,
    emit_json,
    guarded,
    notice,
    out,
)
from graph_rag.config import DEFAULT_EMBED_DIMENSIONS, DEFAULT_EMBED_MODEL, Settings
from graph_rag.services.connection import open_store


def embedding_settings(settings: Settings) -> tuple[str, int]:
    """The configured model's name (a value GRAPH_RAG_EMBED_MODEL accepts) and its
    dimension, as the model's files declare it; only a model whose files do not tell
    (a hub name) gets loaded to ask."""
    if settings.embed_model is None:
        return DEFAULT_EMBED_MODEL, DEFAULT_EMBED_DIMENSIONS
    from graph_rag.embed import SentenceTransformerEmbedder, declared_dimensions, resolve_model

    source = resolve_model(settings.embed_model)
    dimensions = declared_dimensions(source)
    if dimensions is None:
        dimensions = SentenceTransformerEmbedder(settings.embed_model).dimensions
    return source.name, dimensions


@app.command("init")
@guarded
def init(
    reset_embeddings: Annotated[
        bool, typer.Option(help="Drop stored vectors and the vector index (model change).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Apply constraints and indexes (idempotent) and report what exists."""
    from graph_rag.store import apply_schema
    from graph_rag.store import reset_embeddings as drop_vectors

    settings = Settings.from_env()
    model, dimensions = embedding_settings(settings)
    with open_store(settings, announce=notice) as store:
        if reset_embeddings:
            drop_vectors(store)
            notice("Dropped the vector index and every stored embedding.")
        report = apply_schema(store, embedding_model=model, dimensions=dimensions)
    if as_json:
        emit_json(report)
        return
    out.print(escape(f"Schema applied on {report.server} ({store.spec.uri}, database {store.database})."))
    table = Table("kind", "name", "on", "state")
    for name in report.constraints:
        table.add_row("constraint", escape(name), "", "")
    for index in report.indexes:
        on = f"{','.join(index.labels)}({','.join(index.properties)})"
        table.add_row(f"{index.type.lower()} index", escape(index.name), escape(on), index.state)
    out.print(table)
    out.print(escape(f"Vector index: {report.dimensions} dimensions for {report.embedding_model}."))
