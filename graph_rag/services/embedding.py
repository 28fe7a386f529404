"""The embed stage: give every function an up-to-date vector, embedding only what is new.

A function's stored vector is up to date when it was made from the function's
current ``content_hash`` (kept beside it as ``embedded_hash``) by the configured
model (``embedded_model``). The stage asks the store for the functions that are
not, reads what their text is made of back from the store (name, kind,
signature, docstring, source: the ingest use case hands over only a repository
id, and the store already holds these), builds ``function_text`` for each,
takes what the ``EmbeddingCache`` already has and embeds the rest, then writes
the vectors in batches (``UNWIND $rows ... SET f.embedding = row.vector``).

So a second ingest of an unchanged repository embeds nothing (no stale
function), a file whose functions were rewritten re-embeds only those, and a
function deleted and written back unchanged gets its vector from the cache.

Before anything is written, the model's dimension is checked against the one the
vector index was made for (``SchemaMismatch`` says how to fix it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from graph_rag.config import Settings
from graph_rag.embed import (
    Backend,
    Embedder,
    EmbeddingCache,
    comparable_models,
    embed_functions,
    function_text,
)
from graph_rag.model import Function, FunctionKind, Span
from graph_rag.services.ingest import Progress
from graph_rag.store import GraphStore
from graph_rag.store.schema import check_embedding_settings, record_embedding_model

STAGE = "embed"
BATCH_FUNCTIONS = 256  # functions read, embedded and written per step

EmbedStage = Callable[[GraphStore, str, Progress], tuple[int, int]]
TextOf = Callable[[Function], str]


def cache_path(settings: Settings) -> Path:
    """The vector cache beside the local server's data (``.graph-rag/embeddings.sqlite``)."""
    return settings.home / "embeddings.sqlite"


def _function(row: dict[str, Any]) -> Function:
    qualname = row["qualname"] or ""
    try:
        kind = FunctionKind(row["kind"])
    except ValueError:
        kind = FunctionKind.FUNCTION
    return Function(
        repo_id=row["repo_id"] or "",
        qualname=qualname,
        module=qualname.rpartition(".")[0],
        kind=kind,
        span=Span(row["path"] or "", int(row["lineno"] or 0), int(row["end_lineno"] or 0)),
        signature=row["signature"] or "",
        source=row["source"] or "",
        docstring=row["docstring"] or "",
    )


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def stale_functions(store: GraphStore, repo_id: str, model: str) -> list[str]:
    """Ids of the repository's functions whose vector is missing or out of date: not made
    from their content by ``model`` or a model its queries compare alike (its int8 twin)."""
    models = list(comparable_models(model))
    return [row["id"] for row in store.read("embed_stale_functions", repo_id=repo_id, models=models)]


def embed_repository(
    store: GraphStore,
    repo_id: str,
    *,
    embedder: Embedder,
    cache: EmbeddingCache | None,
    progress: Progress | None = None,
    text: TextOf = function_text,
    batch_functions: int = BATCH_FUNCTIONS,
) -> tuple[int, int]:
    """Embed what is missing in one repository: (texts embedded now, texts from the cache)."""
    progress = progress or Progress()
    model = embedder.model_name
    check_embedding_settings(store, embedding_model=model, dimensions=embedder.dimensions)
    ids = stale_functions(store, repo_id, model)
    progress.stage(STAGE, len(ids))
    embedded = cached = 0
    for chunk in _chunks(ids, batch_functions):
        rows = store.read("embed_function_fields", ids=list(chunk))
        functions = [_function(row) for row in rows]
        vectors, stats = embed_functions(functions, embedder, cache, text=text)
        store.write(
            "embed_set_vectors",
            model=model,
            rows=[
                {"id": row["id"], "vector": vectors[row["id"]], "content_hash": row["content_hash"]}
                for row in rows
            ],
        )
        embedded += stats.embedded
        cached += stats.cached
        progress.advance(STAGE, len(chunk))
    progress.done(STAGE)
    if ids:  # the graph holds this model's vectors now (`embed` after a change of model)
        record_embedding_model(store, embedding_model=model, dimensions=embedder.dimensions)
    return embedded, cached


def embed_missing(
    store: GraphStore,
    *,
    embedder: Embedder,
    cache: EmbeddingCache | None,
    repositories: Sequence[str] = (),
    progress: Progress | None = None,
) -> dict[str, tuple[int, int]]:
    """``graph-rag embed``: fill in missing vectors, per repository (default: all of them)."""
    return {
        repo: embed_repository(store, repo, embedder=embedder, cache=cache, progress=progress)
        for repo in embed_targets(store, repositories)
    }


def embed_targets(store: GraphStore, repositories: Sequence[str] = ()) -> list[str]:
    """The repositories ``graph-rag embed`` walks: those named (each must exist), else all."""
    store.require_repositories(repositories)
    return list(repositories) or [row["id"] for row in store.read("embed_repositories")]


def current_without_loading(store: GraphStore, settings: Settings, repositories: Sequence[str]) -> bool:
    """Whether every function of ``repositories`` has a current vector of the configured
    model, told by the name its vectors carry where that is known without loading it
    (``known_model_name``: loading the default model takes seconds). False where only
    loading the model tells (a hub name)."""
    from graph_rag.embed import known_model_name

    model = known_model_name(settings.embed_model)
    return model is not None and not any(stale_functions(store, repo, model) for repo in repositories)


def ingest_backend(model: str | None = None) -> Backend:
    """The backend that embeds functions at ingest: ``onnx-int8`` for the default model on a CPU.

    Measured on 2 busy cores (bench/embed_bench.py, django sample): 79 functions/s
    against torch's 58 at the same 128-token window (41 at the old 256), and
    bench/retrieval_bench.py found its vectors as good for retrieval (vector MRR@10
    0.426 against 0.421, hybrid 0.491 against 0.488 on 1,180 queries; fp32 query
    vectors against int8 documents 0.422). A GPU runs torch; so does any other
    model (its quantization is unmeasured) and a machine without onnxruntime and onnx.
    """
    from graph_rag.embed import DEFAULT_MODEL, resolve_model
    from graph_rag.embed.sentence_transformer import default_device

    if resolve_model(model).name != DEFAULT_MODEL:
        return "torch"
    if not (_importable("onnxruntime") and _importable("onnx")):
        return "torch"
    return "torch" if default_device() == "cuda" else "onnx-int8"


def _importable(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def load_embedder(settings: Settings) -> Embedder:
    """The configured model on ``ingest_backend`` (a few seconds to load; the first
    ONNX use exports the model once, under ``~/.cache/graph-rag/onnx``)."""
    from graph_rag.embed import EmbeddingModelUnavailable, MissingDependency, SentenceTransformerEmbedder

    backend = ingest_backend(settings.embed_model)
    try:
        return SentenceTransformerEmbedder(settings.embed_model, backend=backend)
    except (MissingDependency, EmbeddingModelUnavailable):
        if backend == "torch":
            raise
        return SentenceTransformerEmbedder(settings.embed_model)  # the export failed: torch still runs


def load_query_embedder(settings: Settings) -> Embedder:
    """The configured model for embedding search queries: ONNX when onnxruntime is installed.

    fp32 whatever made the stored vectors: a short query costs little, and fp32
    queries ranked int8 documents as well as int8 queries did (see ``ingest_backend``).
    Same weights and vectors as the torch backend (cosine 1.0000, bench/embed_bench.py),
    but one short query took 12.5 ms p50 on ONNX against 139 ms on torch's two
    threads on this busy 2-core machine (bench/retrieval_bench.py measures it).
    Without onnxruntime, or for a model the ONNX export cannot run, the torch backend.
    """
    from graph_rag.embed import EmbeddingModelUnavailable, MissingDependency, SentenceTransformerEmbedder

    try:
        return SentenceTransformerEmbedder(settings.embed_model, backend="onnx")
    except (MissingDependency, EmbeddingModelUnavailable):
        return SentenceTransformerEmbedder(settings.embed_model)


def embed_stage(
    settings: Settings, *, embedder: Embedder | None = None, cache: EmbeddingCache | None = None
) -> EmbedStage:
    """The ingest use case's embed step: ``(store, repo_id, progress) -> (embedded, cached)``.

    The model is loaded on first use and kept for the next repositories; the
    cache is ``cache_path(settings)`` unless one is given.
    """
    loaded: dict[str, Any] = {"embedder": embedder, "cache": cache}

    def stage(store: GraphStore, repo_id: str, progress: Progress) -> tuple[int, int]:
        if loaded["embedder"] is None:
            if current_without_loading(store, settings, [repo_id]):
                return 0, 0  # an unchanged repository: loading the model took 2 of its 2.9 s
            loaded["embedder"] = load_embedder(settings)
        if loaded["cache"] is None:
            loaded["cache"] = EmbeddingCache(cache_path(settings))
        return embed_repository(
            store, repo_id, embedder=loaded["embedder"], cache=loaded["cache"], progress=progress
        )

    return stage
