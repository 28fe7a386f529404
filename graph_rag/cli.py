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
from graph_rag.model import Origin
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


# -- graph-rag ingest / status / remove ---------------------------------------------


class RichProgress:
    """Draws one transient bar per ingest stage on stderr (a spinner when the size is unknown)."""

    def __init__(self, enabled: bool) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description:<9}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not enabled,
        )
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> RichProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def stage(self, name: str, total: int | None = None) -> None:
        self._tasks[name] = self._bar.add_task(name, total=total)

    def advance(self, name: str, amount: int = 1) -> None:
        self._bar.advance(self._tasks[name], amount)

    def done(self, name: str) -> None:
        self._bar.remove_task(self._tasks.pop(name))


def _report_summary(report: Any) -> None:
    write = report.write
    out.print(
        f"[bold]{escape(report.repository)}[/bold] @ {report.commit[:12] or '(not git)'}: "
        f"{report.files_discovered} files ({report.files_parsed} parsed, "
        f"{report.files_unchanged} unchanged, {report.files_deleted} deleted)"
        + (" [yellow]resumed an interrupted ingest[/yellow]" if report.resumed else "")
    )
    out.print(
        f"  graph: {report.modules} modules, {report.classes} classes, {report.functions} functions; "
        f"written {write.nodes} nodes and {write.relationships} relationships "
        f"({', '.join(f'{k} {v}' for k, v in sorted(write.by_type.items())) or 'none'})"
    )
    if report.embedded or report.embed_cached:
        out.print(f"  embeddings: {report.embedded} computed, {report.embed_cached} from cache")
    timing = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in report.seconds.items())
    out.print(f"  time: {timing}")
    if report.skipped:
        out.print("  skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(report.skipped.items())))
    for error in report.parse_errors:
        err.print(f"  [yellow]parse error[/yellow] {escape(str(error))}")


@app.command("ingest")
@guarded
def ingest_command(
    sources: Annotated[list[str], typer.Argument(help="Local paths or git URLs.")],
    name: Annotated[str | None, typer.Option(help="Repository name (one source only).")] = None,
    origin: Annotated[Origin, typer.Option(help="curated or inhouse.")] = Origin.INHOUSE,
    role: Annotated[str, typer.Option(help="Role in the stack, e.g. orm, testing.")] = "",
    ref: Annotated[str | None, typer.Option(help="Branch, tag or commit (git URLs).")] = None,
    workers: Annotated[int | None, typer.Option(help="Parser processes [default: cores].")] = None,
    embed: Annotated[bool, typer.Option("--embed/--no-embed", help="Compute embeddings.")] = True,
    as_json: JsonOpt = False,
) -> None:
    """Parse repositories into the graph; re-runs only touch what changed."""
    from graph_rag.services.ingest import ingest

    if name and len(sources) > 1:
        raise typer.BadParameter("--name applies to a single source")
    settings = Settings.from_env()
    embed_stage = _embed_stage(settings) if embed else None
    reports, failures = [], []
    with open_store(settings, announce=notice) as store:
        _ensure_schema(store, settings)
        for spec in sources:
            try:
                with RichProgress(enabled=not as_json) as progress:
                    report = ingest(
                        spec, store=store, cache_dir=settings.cache_dir / "repos", name=name,
                        origin=origin, role=role, ref=ref, workers=workers,
                        embed=embed_stage, progress=progress, chunk_rows=settings.write_chunk_rows,
                    )
            except GraphRagError as e:
                if _State.debug:
                    raise
                failures.append({"source": spec, "error": str(e)})
                err.print(f"[red]{escape(spec)}: {escape(str(e))}[/red]")
                continue
            reports.append(report)
            if not as_json:
                _report_summary(report)
    if as_json:
        emit_json({"repositories": reports, "failures": failures})
    if not any(r.ingested_anything for r in reports):
        raise typer.Exit(FAILURE)


def _ensure_schema(store: Any, settings: Settings) -> None:
    from graph_rag.store import apply_schema

    model, dimensions = _embedding_settings(settings)
    apply_schema(store, embedding_model=model, dimensions=dimensions)


def _embed_stage(settings: Settings) -> Any:
    """The embedding stage for ingest, or None while graph_rag.embed is not wired."""
    try:
        from graph_rag.services.embedding import embed_stage
    except ImportError:
        return None
    return embed_stage(settings)


@app.command("status")
@guarded
def status_command(as_json: JsonOpt = False) -> None:
    """Ingested repositories with their counts, commit and state."""
    with open_store(Settings.from_env(), announce=notice) as store:
        rows = store.read("list_repositories")
        counts = store.counts()
    if as_json:
        emit_json({"repositories": rows, **counts})
        return
    if not rows:
        out.print("No repositories ingested yet: `graph-rag ingest PATH_OR_URL`.")
        return
    table = Table("repository", "origin", "commit", "modules", "classes", "functions", "indexed", "state")
    for row in rows:
        state = "[green]complete[/green]" if row["complete"] else "[yellow]incomplete[/yellow]"
        table.add_row(
            escape(row["id"]), row["origin"] or "", (row["commit"] or "")[:12],
            str(row["modules"] or 0), str(row["classes"] or 0), str(row["functions"] or 0),
            row["indexed_at"] or "", state,
        )
    out.print(table)
    nodes = ", ".join(f"{k} {v}" for k, v in counts["nodes"].items())
    rels = ", ".join(f"{k} {v}" for k, v in counts["relationships"].items())
    out.print(f"nodes: {nodes}\nrelationships: {rels}")


@app.command("remove")
@guarded
def remove_command(repository: str) -> None:
    """Delete one repository's subgraph and nothing else."""
    from graph_rag.store.writer import GraphWriter

    with open_store(Settings.from_env(), announce=notice) as store:
        removed = GraphWriter(store).remove_repository(repository)
    if not removed:
        err.print(f"[red]No repository named {escape(repository)!r}; `graph-rag status` lists them.[/red]")
        raise typer.Exit(FAILURE)
    out.print(f"Removed {repository}.")


def run() -> None:
    app()
