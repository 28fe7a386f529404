"""The ``graph-rag`` command line: parse arguments, call one use case, render.

stdout carries data (tables, or exactly one JSON document under ``--json``);
stderr carries progress, notices and errors. A GraphRagError is shown as one red
line and exit code 1; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph_rag.config import DEFAULT_EMBED_DIMENSIONS, DEFAULT_EMBED_MODEL, Settings
from graph_rag.db import LocalServer
from graph_rag.errors import GraphRagError
from graph_rag.services.connection import open_store

OK, FAILURE, USAGE = 0, 1, 2

app = typer.Typer(
    name="graph-rag",
    help="A code knowledge graph for LLM agents: ingest Python repos, search and walk them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Start, stop and inspect the local database server.", no_args_is_help=True)
cypher_app = typer.Typer(help="List, show and run the named Cypher queries.", no_args_is_help=True)
export_app = typer.Typer(help="Export call graphs and training pairs.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(cypher_app, name="cypher")
app.add_typer(export_app, name="export")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class _State:
    debug = False


F = TypeVar("F", bound=Callable[..., Any])


def guarded(fn: F) -> F:
    """Show a GraphRagError as one red line on stderr and exit 1 (unless --debug)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except GraphRagError as e:
            if _State.debug:
                raise
            err.print(f"[red]{escape(str(e))}[/red]")
            raise typer.Exit(FAILURE) from None

    return wrapper  # type: ignore[return-value]


def _jsonable(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def emit_json(document: object) -> None:
    sys.stdout.write(json.dumps(document, indent=2, default=_jsonable) + "\n")


def notice(text: str) -> None:
    err.print(f"[dim]{escape(text)}[/dim]")


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    _State.debug = debug


def _settings(data_dir: Path | None = None, port: int | None = None) -> Settings:
    settings = Settings.from_env()
    if data_dir is not None:
        settings = settings.with_overrides(home=data_dir.absolute().parent)
    return settings.with_overrides(bolt_port=port)


def _server(data_dir: Path | None, port: int | None, http_port: int | None) -> LocalServer:
    settings = _settings(port=port).with_overrides(http_port=http_port)
    return LocalServer(
        data_dir or settings.db_dir, bolt_port=settings.bolt_port, http_port=settings.http_port
    )


DataDirOpt = Annotated[
    Path | None, typer.Option("--data-dir", help="Server data directory [default: .graph-rag/db].")
]
PortOpt = Annotated[int | None, typer.Option("--bolt-port", help="Bolt port [default: 7687].")]
HttpPortOpt = Annotated[int | None, typer.Option("--http-port", help="HTTP port [default: 2480].")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]


# -- graph-rag db ------------------------------------------------------------------


@db_app.command("start")
@guarded
def db_start(
    data_dir: DataDirOpt = None, port: PortOpt = None, http_port: HttpPortOpt = None
) -> None:
    """Start the local server in the background; prints its Bolt URI."""
    server = _server(data_dir, port, http_port)
    began = time.perf_counter()
    info = server.start()
    notice(f"Local server started in {time.perf_counter() - began:.1f} s (pid {info.pid}).")
    out.print(info.uri)


@db_app.command("stop")
@guarded
def db_stop(data_dir: DataDirOpt = None) -> None:
    """Stop the local server cleanly."""
    server = _server(data_dir, None, None)
    if server.stop():
        out.print(f"Stopped the local server (data in {server.data_dir}).")
    else:
        out.print(f"The local server is not running (data in {server.data_dir}).")


@db_app.command("status")
@guarded
def db_status(data_dir: DataDirOpt = None, as_json: JsonOpt = False) -> None:
    """Say whether the local server runs, with its pid, port, data dir and version."""
    server = _server(data_dir, None, None)
    info = server.describe()
    if as_json:
        emit_json(info)
        return
    state = "[green]running[/green]" if info["running"] else "[yellow]stopped[/yellow]"
    out.print(f"Local server: {state}")
    for key in ("pid", "uri", "http_port", "data_dir", "version"):
        if info.get(key):
            out.print(f"  {key:<9} {escape(str(info[key]))}")
    if not info["running"]:
        raise typer.Exit(FAILURE if info.get("pid") else OK)


# -- graph-rag init ----------------------------------------------------------------


def _embedding_settings(settings: Settings) -> tuple[str, int]:
    """The configured model's name and dimension; only a non-default model gets loaded."""
    if settings.embed_model is None:
        return DEFAULT_EMBED_MODEL, DEFAULT_EMBED_DIMENSIONS
    from graph_rag.embed import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder(settings.embed_model)
    return embedder.model_name, embedder.dimensions


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
    model, dimensions = _embedding_settings(settings)
    with open_store(settings, announce=notice) as store:
        if reset_embeddings:
            drop_vectors(store)
            notice("Dropped the vector index and every stored embedding.")
        report = apply_schema(store, embedding_model=model, dimensions=dimensions)
    if as_json:
        emit_json(report)
        return
    out.print(f"Schema applied on {report.server} ({store.spec.uri}, database {store.database}).")
    table = Table("kind", "name", "on", "state")
    for name in report.constraints:
        table.add_row("constraint", escape(name), "", "")
    for index in report.indexes:
        on = f"{','.join(index.labels)}({','.join(index.properties)})"
        table.add_row(f"{index.type.lower()} index", escape(index.name), escape(on), index.state)
    out.print(table)
    out.print(f"Vector index: {report.dimensions} dimensions for {report.embedding_model}.")


# -- graph-rag cypher ----------------------------------------------------------------


def _parse_param(raw: str) -> tuple[str, object]:
    key, sep, value = raw.partition("=")
    if not sep or not key:
        raise typer.BadParameter(f"expected key=value, got {raw!r}")
    try:
        return key, json.loads(value)
    except ValueError:
        return key, value  # a bare word is a string


@cypher_app.command("list")
@guarded
def cypher_list(as_json: JsonOpt = False) -> None:
    """Every named query with its parameters and the first line of its doc."""
    from graph_rag.store import QueryRegistry

    registry = QueryRegistry.load()
    rows = [
        {
            "name": q.name,
            "params": sorted(q.params),
            "doc": q.doc.splitlines()[0] if q.doc else "",
        }
        for q in registry.values()
    ]
    if as_json:
        emit_json(rows)
        return
    table = Table("name", "params", "doc")
    for row in rows:
        table.add_row(row["name"], ", ".join(row["params"]), row["doc"])
    out.print(table)


@cypher_app.command("show")
@guarded
def cypher_show(name: str) -> None:
    """Print one query's doc and Cypher, ready to paste into Neo4j Browser."""
    from graph_rag.store import QueryRegistry

    query = QueryRegistry.load()[name]
    out.print(f"[dim]// {escape(query.file)}:{query.line}[/dim]")
    for line in query.doc.splitlines():
        out.print(f"[dim]// {escape(line)}[/dim]")
    print(query.text)


@cypher_app.command("run")
@guarded
def cypher_run(
    name: str,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="key=value (JSON or a bare string)")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Run a named read query with parameters; prints its rows."""
    params = dict(_parse_param(raw) for raw in param or [])
    with open_store(Settings.from_env(), announce=notice) as store:
        rows = store.read(name, **params)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        out.print("(no rows)")
        return
    table = Table(*rows[0].keys())
    for row in rows:
        table.add_row(*(escape(str(v)) for v in row.values()))
    out.print(table)


def run() -> None:
    app()
