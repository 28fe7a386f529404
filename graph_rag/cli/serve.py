"""graph-rag serve | mcp | export schema: the GraphQL API and the MCP tools.

The CLI and the API are sibling layers that must not import each other, so the
API is reached by module name at run time (as uvicorn reaches an app by its
import string); the API's own factory wires the database and the embedder.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated, Any

import typer

from graph_rag.cli.common import FAILURE, app, err, export_app, guarded, notice
from graph_rag.config import Settings

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


def _api(module: str) -> Any:
    return importlib.import_module(f"graph_rag.api.{module}")


@app.command("serve")
@guarded
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql), /health, and MCP at /mcp."""
    _api("app").serve(Settings.from_env(), host=host, port=port, announce=notice)


@app.command("mcp")
@guarded
def mcp() -> None:
    """Serve the MCP tools over stdio (for an agent that spawns graph-rag mcp)."""
    backend = _api("app").backend_from_settings(Settings.from_env(), announce=notice)
    try:
        _api("mcp").run_stdio(backend)
    finally:
        backend.store.close()


@export_app.command("schema")
@guarded
def export_schema(
    output: Annotated[Path, typer.Argument(help="Where to write the SDL.")] = SCHEMA_FILE,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if the file differs from the schema.")
    ] = False,
) -> None:
    """Write the GraphQL schema (SDL) to schema/schema.graphql, or --check it is current."""
    text = _api("schema").sdl()
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            err.print(f"[red]{output} is stale: run `graph-rag export schema`.[/red]")
            raise typer.Exit(FAILURE)
        notice(f"{output} is up to date.")
        return
    output.write_text(text, encoding="utf-8")
    notice(f"Wrote {output} ({len(text)} characters).")
