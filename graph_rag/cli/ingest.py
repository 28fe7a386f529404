"""graph-rag ingest | status | remove."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from graph_rag.cli.common import (
    FAILURE,
    DepsOpt,
    JsonOpt,
    State,
    VenvDepsOpt,
    WorkersOpt,
    app,
    emit_json,
    err,
    guarded,
    notice,
    out,
)
from graph_rag.cli.schema import embedding_settings
from graph_rag.config import Settings
from graph_rag.errors import GraphRagError
from graph_rag.model import Origin
from graph_rag.services.connection import open_store
from graph_rag.sources.discovery import SkipReason

if TYPE_CHECKING:
    from graph_rag.services.embedding import EmbedStage
    from graph_rag.store import GraphStore


# Parsing forks its worker processes only while this process runs no other thread
# (graph_rag.parse.workers.start_method); otherwise it spawns them, ~0.7 s each, and parses
# a repository under 200 files in this process. So through these stages the bar draws on
# each step, without rich's refresh thread: graph-rag's 133 files parse in 2.4-2.6 s
# forked against 3.6-3.8 s in this process.
_STAGES_THAT_FORK = frozenset({"parse"})
_REDRAW_S = 0.1  # the bar's own thread draws 10 times a second too


class RichProgress:
    """Draws one transient bar per ingest stage on stderr (a spinner when the size is unknown),
    only where stderr is a terminal: elsewhere rich would draw nothing and leave a blank line
    in the log at each stop."""

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
            disable=not (enabled and err.is_interactive),
        )
        self._tasks: dict[str, Any] = {}
        self._drawn = 0.0

    def __enter__(self) -> RichProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def stage(self, name: str, total: int | None = None) -> None:
        if name in _STAGES_THAT_FORK:
            self._refresh_thread(False)
        self._tasks[name] = self._bar.add_task(name, total=total)
        self._draw()

    def advance(self, name: str, amount: int = 1) -> None:
        self._bar.advance(self._tasks[name], amount)
        if time.monotonic() - self._drawn >= _REDRAW_S:
            self._draw()

    def done(self, name: str) -> None:
        self._bar.remove_task(self._tasks.pop(name))
        if name in _STAGES_THAT_FORK:
            self._refresh_thread(True)

    def _draw(self) -> None:
        if not self._bar.live.auto_refresh:
            self._bar.refresh()
            self._drawn = time.monotonic()

    def _refresh_thread(self, running: bool) -> None:
        """Start or stop the thread that redraws the bar (a Live starts one only when it
        refreshes by itself): restarted, the transient bar is drawn again."""
        live = self._bar.live
        if self._bar.disable or live.auto_refresh == running:
            return
        thread = getattr(live, "_refresh_thread", None)
        self._bar.stop()
        if thread is not None:  # told to stop, not waited for: a fork now would see it
            thread.join()
        live.auto_refresh = running
        self._bar.start()


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "es" if noun.endswith("s") else "s")


def _report_summary(report: Any) -> None:
    write = report.write
    out.print(
        f"[bold]{escape(report.repository)}[/bold] @ {report.commit[:12] or '(not git)'}"
        f"{' with uncommitted changes' if report.dirty else ''}: "
        f"{_count(report.files_discovered, 'file')} ({report.files_parsed:,} parsed, "
        f"{report.files_unchanged:,} unchanged, {report.files_deleted:,} deleted)"
        + (" [yellow]resumed an interrupted ingest[/yellow]" if report.resumed else "")
    )
    out.print(
        f"  graph: {_count(report.modules, 'module')}, {_count(report.classes, 'class')}, "
        f"{_count(report.functions, 'function')}; written {_count(write.nodes, 'node')} "
        f"and {_count(write.relationships, 'relationship')} "
        f"({', '.join(f'{k} {v:,}' for k, v in sorted(write.by_type.items()) if v) or 'none'})"
    )
    if report.derived.added or report.derived.removed:
        out.print(
            f"  across repositories: {_count(report.derived.added, 'edge')} derived,"
            f" {report.derived.removed} withdrawn"
            " (a class's __init__, an override)"
        )
    if report.embedded or report.embed_cached:
        out.print(f"  embeddings: {report.embedded} computed, {report.embed_cached} from cache")
    timing = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in report.seconds.items())
    out.print(f"  time: {timing}")
    if report.dependencies:
        out.print("  dependencies read: " + ", ".join(escape(d) for d in report.dependencies))
    # A checkout's .git folder is skipped every time: not news (--json still counts it).
    skipped = {k: v for k, v in report.skipped.items() if k != SkipReason.VCS}
    if skipped:
        out.print("  skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(skipped.items())))
    for error in report.parse_errors:
        again = "" if error.lasting else " (tried again on the next ingest)"
        err.print(f"  [yellow]parse error[/yellow] {escape(str(error))}{again}")
    for path in report.still_failing:
        err.print(f"  [yellow]still fails to parse[/yellow] {escape(path)} (unchanged since it failed)")
    for warning in report.warnings:
        err.print(f"  [yellow]{escape(warning)}[/yellow]")


@app.command("ingest")
@guarded
def ingest_command(
    sources: Annotated[list[str], typer.Argument(help="Local paths or git URLs.")],
    name: Annotated[str | None, typer.Option(help="Repository name (one source only).")] = None,
    origin: Annotated[Origin, typer.Option(help="curated or inhouse.")] = Origin.INHOUSE,
    role: Annotated[str, typer.Option(help="Role in the stack, e.g. orm, testing.")] = "",
    ref: Annotated[str | None, typer.Option(help="Branch, tag or commit (git URLs).")] = None,
    workers: WorkersOpt = None,
    embed: Annotated[bool, typer.Option("--embed/--no-embed", help="Compute embeddings.")] = True,
    deps: DepsOpt = None,
    venv_deps: VenvDepsOpt = True,
    replace: Annotated[
        bool, typer.Option(help="Take over a repository of the same name that came from elsewhere.")
    ] = False,
    include: Annotated[
        list[str] | None,
        typer.Option(help="Only paths matching this .gitignore-style pattern (repeatable), e.g. 'src/'."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            help="Leave out paths matching this .gitignore-style pattern (repeatable), e.g. 'tests/assets/'."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Parse repositories into the graph; re-runs only touch what changed (a file a new
    --include or --exclude leaves out is removed from the graph, as a deleted one is).

    A source that fails is reported and the others are still ingested; the exit
    status is then 1, so a script sees that one was left out."""
    from graph_rag.services.ingest import ingest

    if name and len(sources) > 1:
        raise typer.BadParameter("--name applies to a single source")
    settings = Settings.from_env()
    reports, failures = [], []
    with (
        open_store(settings, announce=notice) as store,
        embed_stage_for(settings, embed) as embed_stage,
        _resumable_when_interrupted(),
    ):
        ensure_schema(store, settings)
        for spec in sources:
            try:
                with RichProgress(enabled=not as_json) as progress:
                    report = ingest(
                        spec,
                        store=store,
                        cache_dir=settings.repos_dir,
                        name=name,
                        origin=origin,
                        role=role,
                        ref=ref,
                        workers=workers,
                        embed=embed_stage,
                        progress=progress,
                        chunk_rows=settings.write_chunk_rows,
                        dependencies=deps or (),
                        venv_dependencies=venv_deps,
                        replace=replace,
                        include=include or (),
                        exclude=exclude or (),
                    )
            except GraphRagError as e:
                if State.debug:
                    raise
                failures.append({"source": spec, "error": str(e)})
                said = str(e) if repr(spec) in str(e) else f"{spec}: {e}"  # named once
                err.print(f"[red]{escape(said)}[/red]")
                continue
            reports.append(report)
            if not as_json:
                _report_summary(report)
    if as_json:
        emit_json({"repositories": reports, "failures": failures})
    if failures or not any(r.ingested_anything for r in reports):
        raise typer.Exit(FAILURE)


def ensure_schema(store: GraphStore, settings: Settings) -> None:
    """Apply the schema for the configured embedding model before any write."""
    from graph_rag.store import apply_schema

    model, dimensions = embedding_settings(settings)
    apply_schema(store, embedding_model=model, dimensions=dimensions)


@contextmanager
def embed_stage_for(settings: Settings, enabled: bool = True) -> Iterator[EmbedStage | None]:
    """The embedding stage ingest runs after its writes (the model loads on first use),
    with the embedding cache open until the block ends; None when embedding is off."""
    if not enabled:
        yield None
        return
    from graph_rag.embed import EmbeddingCache
    from graph_rag.services.embedding import cache_path, embed_stage

    with EmbeddingCache(cache_path(settings)) as cache:
        yield embed_stage(settings, cache=cache)


INTERRUPTED = 130  # what a shell reports for a command ended by Ctrl-C


@contextmanager
def _resumable_when_interrupted() -> Iterator[None]:
    """Ctrl-C during an ingest says what became of the work, instead of ending silently."""
    try:
        yield
    except KeyboardInterrupt:
        err.print(
            "[yellow]Interrupted. What was written is kept; run the same command again to "
            "finish (it resumes, and the graph ends as a clean run would leave it).[/yellow]"
        )
        raise typer.Exit(INTERRUPTED) from None


@app.command("status")
@guarded
def status_command(as_json: JsonOpt = False) -> None:
    """Ingested repositories with their counts, commit and state."""
    with open_store(Settings.from_env(), announce=notice) as store:
        rows = store.read("list_repositories")
        # An interrupted ingest stored no figures yet: what the graph holds of it now.
        rows = [
            row if row["complete"] else {**row, **store.read("repository_counts", id=row["id"])[0]}
            for row in rows
        ]
        counts = store.counts()
    if as_json:  # no commit (a folder that is not a git checkout) is null, as in GraphQL
        emit_json({"repositories": [{**row, "commit": row["commit"] or None} for row in rows], **counts})
        return
    if not rows:
        out.print("No repositories ingested yet: `graph-rag ingest PATH_OR_URL`.")
        return
    table = Table("repository", "origin", "commit", "modules", "classes", "functions", "indexed", "state")
    for row in rows:
        state = "[green]complete[/green]" if row["complete"] else "[yellow]incomplete[/yellow]"
        table.add_row(
            escape(row["id"]),
            row["origin"] or "",
            (row["commit"] or "")[:12],
            str(row["modules"] or 0),
            str(row["classes"] or 0),
            str(row["functions"] or 0),
            row["indexed_at"] or "",
            state,
        )
    out.print(table)
    nodes = ", ".join(f"{k} {v}" for k, v in counts["nodes"].items())
    rels = ", ".join(f"{k} {v}" for k, v in counts["relationships"].items())
    out.print(f"nodes: {nodes}\nrelationships: {rels}")


@app.command("remove")
@guarded
def remove_command(repository: str) -> None:
    """Delete one repository's subgraph and nothing else."""
    from graph_rag.locks import links_lock
    from graph_rag.sources import repository_lock
    from graph_rag.store.writer import GraphWriter

    settings = Settings.from_env()
    with (
        open_store(settings, announce=notice) as store,
        repository_lock(settings.repos_dir, repository),
    ):
        removed = GraphWriter(store, links_lock=lambda: links_lock(settings.repos_dir)).remove_repository(
            repository
        )
    if not removed:
        err.print(
            f"[red]No repository named {escape(repr(repository))}; `graph-rag status` lists them.[/red]"
        )
        raise typer.Exit(FAILURE)
    out.print(f"Removed {escape(repository)}.")
