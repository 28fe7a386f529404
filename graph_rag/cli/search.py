"""graph-rag search | embed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graph_rag.cli.common import JsonOpt, app, emit_json, err, guarded, notice, out
from graph_rag.cli.ingest import RichProgress
from graph_rag.config import Settings
from graph_rag.embed import comparable_models
from graph_rag.model import FunctionKind, Origin
from graph_rag.search import (
    MAX_K,
    Searcher,
    SearchFilter,
    SearchHit,
    SearchMode,
    check_request,
    configured_weights,
)
from graph_rag.search.path_glob import PATH_GLOB_DOC
from graph_rag.services.connection import open_store

NOTHING_INGESTED = "Nothing ingested yet: `graph-rag ingest PATH_OR_URL` first."
NOTHING_TO_EMBED = "Nothing to embed: every function has a vector of its current code from this model."


def _hit_json(hit: SearchHit) -> dict[str, object]:
    return {
        "rank": hit.rank,
        "score": hit.score,
        "mode": hit.mode.value,
        "id": hit.id,
        "qualname": hit.qualname,
        "location": hit.location,
        "repo_id": hit.repo_id,
        "path": hit.path,
        "lineno": hit.lineno,
        "end_lineno": hit.end_lineno,
        "signature": hit.signature,
        "snippet": hit.snippet,
    }


@app.command("search")
@guarded
def search_command(
    text: Annotated[str, typer.Argument(help="What the code does, in words or identifiers.")],
    k: Annotated[int, typer.Option("-k", min=1, max=MAX_K, help="How many results.")] = 10,
    mode: Annotated[SearchMode, typer.Option(help="vector, fulltext or hybrid.")] = SearchMode.HYBRID,
    repo: Annotated[
        list[str] | None, typer.Option("--repo", help="Only this repository (repeatable).")
    ] = None,
    origin: Annotated[Origin | None, typer.Option(help="Only curated or inhouse code.")] = None,
    kind: Annotated[list[FunctionKind] | None, typer.Option("--kind", help="Only these kinds.")] = None,
    path: Annotated[
        str | None, typer.Option("--path", help="Only paths matching this glob: " + PATH_GLOB_DOC + ".")
    ] = None,
    exclude_tests: Annotated[bool, typer.Option("--exclude-tests", help="Skip test code.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Functions ranked for a text, with their location and a one-line snippet."""
    settings = Settings.from_env()
    # A bad weights file is told before the database and the model are waited for.
    weights = configured_weights(settings.fulltext_weight, settings.rrf_c, settings.fusion_weights)
    flt = SearchFilter(
        repositories=tuple(repo or ()),
        origin=origin,
        kinds=tuple(kind or ()),
        path_glob=path,
        exclude_tests=exclude_tests,
    )
    check_request(text, k, flt)  # a bad argument is told even where nothing is ingested
    with open_store(settings, announce=notice) as store:
        if not store.read("search_any_function"):
            if as_json:
                emit_json({"query": text, "mode": mode.value, "results": []})
            err.print(NOTHING_INGESTED)
            return
        embedder = None
        coverage = None
        if mode is not SearchMode.FULLTEXT:
            from graph_rag.services.embedding import load_query_embedder

            with err.status("Loading the embedding model..."):
                embedder = load_query_embedder(settings)
            models = list(comparable_models(embedder.model_name))
            repositories = list(flt.repositories)
            origin = flt.origin.value if flt.origin is not None else None
            (row,) = store.read(
                "search_embedding_coverage", repositories=repositories, origin=origin, models=models
            )
            coverage = _Coverage(
                row["embedded"] or 0, row["other_model"] or 0, row["missing"] or 0, row["outdated"] or 0
            )
        hits = Searcher(store, embedder, weights=weights).search(text, k=k, mode=mode, filter=flt)
        if coverage is not None and (coverage.other_model or coverage.missing):
            err.print(escape(_lacking_embeddings(coverage, embedder.model_name, flt.repositories, mode)))
        if coverage is not None and coverage.outdated:
            where = f" in {', '.join(flt.repositories)}" if flt.repositories else ""
            older = (
                "1 function has a vector made from an older version of its code"
                if coverage.outdated == 1
                else f"{coverage.outdated:,} functions have vectors made from older versions of their code"
            )
            err.print(escape(f"{older}{where} (re-ingested with --no-embed): run `graph-rag embed`."))
    if as_json:
        emit_json({"query": text, "mode": mode.value, "results": [_hit_json(h) for h in hits]})
        return
    if not hits:
        err.print("No matching functions.")
        return
    table = Table("#", "score", "function", "location", "snippet", show_lines=False)
    for hit in hits:
        table.add_row(
            str(hit.rank),
            f"{hit.score:.3f}",
            escape(hit.qualname),
            escape(hit.location),
            escape(hit.snippet[:120]),
        )
    out.print(table)


@dataclass(frozen=True, slots=True)
class _Coverage:
    """Functions with a vector the query's model can be compared with, with another
    model's vector only, and with none."""

    embedded: int
    other_model: int
    missing: int
    outdated: int = 0  # of the embedded: made from an older version of their code


def _functions(count: int) -> str:
    return "1 function has" if count == 1 else f"{count:,} functions have"


def _lacking_embeddings(
    coverage: _Coverage, model: str, repositories: tuple[str, ...], mode: SearchMode
) -> str:
    """What a search cannot rank by meaning, and the fix: functions without a vector the
    configured model's query can be compared with (none yet, or another model's)."""
    where = f" in {', '.join(repositories)}" if repositories else ""
    why = []
    if coverage.missing:
        why.append(f"{_functions(coverage.missing)} no embedding yet")
    if coverage.other_model:
        why.append(f"{_functions(coverage.other_model)} vectors of another model than {model}")
    if coverage.embedded:
        return f"{'; '.join(why)}{where}, so vector search leaves them out: run `graph-rag embed`."
    fix = ", or search with --mode fulltext." if mode is SearchMode.VECTOR else "; ranked by text only."
    if not coverage.other_model:
        return (
            f"No function{where} has an embedding yet (ingested with --no-embed?): run `graph-rag embed`{fix}"
        )
    return f"No function{where} has a vector of {model} ({'; '.join(why)}): run `graph-rag embed`{fix}"


@app.command("embed")
@guarded
def embed_command(
    repo: Annotated[
        list[str] | None, typer.Option("--repo", help="Only this repository (repeatable).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Compute the embeddings that are missing or out of date (after --no-embed, or a model change)."""
    from graph_rag.embed import EmbeddingCache
    from graph_rag.services.embedding import (
        cache_path,
        current_without_loading,
        embed_missing,
        embed_targets,
        load_embedder,
    )

    settings = Settings.from_env()
    with open_store(settings, announce=notice) as store:
        if not store.read("search_any_function"):
            if as_json:
                emit_json({"repositories": {}})
            err.print(NOTHING_INGESTED)
            return
        repos = embed_targets(store, tuple(repo or ()))
        if current_without_loading(store, settings, repos):  # no model to load (seconds)
            if as_json:
                emit_json({"repositories": {r: {"embedded": 0, "cached": 0} for r in repos}})
            else:
                out.print(NOTHING_TO_EMBED)
            return
        with err.status("Loading the embedding model..."):
            embedder = load_embedder(settings)
        with EmbeddingCache(cache_path(settings)) as cache, RichProgress(enabled=not as_json) as progress:
            done = embed_missing(store, embedder=embedder, cache=cache, repositories=repos, progress=progress)
    if as_json:
        emit_json({"repositories": {r: {"embedded": e, "cached": c} for r, (e, c) in done.items()}})
        return
    for name, (embedded, cached) in done.items():
        out.print(f"{escape(name)}: {embedded} embedded, {cached} from cache")
