"""graph-rag serve | mcp | export schema: the GraphQL API and the MCP tools.

The CLI sits above the API (the import-linter contract): it imports the API's
modules inside the commands, so other commands never pay for loading Strawberry.
The API's own factory wires the database and the embedder.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from graph_rag import resources
from graph_rag.cli.common import FAILURE, app, err, export_app, guarded, notice
from graph_rag.config import Settings
from graph_rag.resources import SCHEMA_DIR

SCHEMA_FILE = SCHEMA_DIR / "schema.graphql"


@app.command("serve")
@guarded
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql), /health, and MCP at /mcp."""
    from graph_rag.api.app import serve as serve_api

    serve_api(Settings.from_env(), host=host, port=port, announce=notice)


@app.command("mcp")
@guarded
def mcp() -> None:
    """Serve the MCP tools over stdio (for an agent that spawns graph-rag mcp)."""
    from graph_rag.api.app import backend_from_settings
    from graph_rag.api.mcp import run_stdio

    backend = backend_from_settings(Settings.from_env(), announce=notice)
    try:
        run_stdio(backend)
    finally:
        backend.store.close()


@export_app.command("schema")
@guarded
def export_schema(
    output: Annotated[
        Path | None,
        typer.Argument(
            help="Where to write the SDL ('-': stdout). Default: schema/schema.graphql in a "
            "checkout; stdout for an installed package, whose copy is not to be written."
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if the file differs from the schema.")
    ] = False,
) -> None:
    """Write the GraphQL schema (SDL) to schema/schema.graphql, or --check it is current."""
    from graph_rag.api.schema import sdl

    text = sdl()
    if output is None:
        output = SCHEMA_FILE if check or resources.in_checkout() else Path("-")
    if str(output) == "-":  # as `export pairs -o -`; it wrote a file named '-'
        if check:
            raise typer.BadParameter("--check compares a file with the schema, not stdout.")
        sys.stdout.write(text)
        return
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            err.print(f"[red]{escape(str(output))} is stale: run `graph-rag export schema`.[/red]")
            raise typer.Exit(FAILURE)
        notice(f"{output} is up to date.")
        return
    output.write_text(text, encoding="utf-8")
    notice(f"Wrote {output} ({len(text)} characters).")
