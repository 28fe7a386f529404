"""The embedding use case: one vector per function, each distinct text embedded once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from graph_rag.embed.base import Embedder, Vector
from graph_rag.embed.cache import EmbeddingCache
from graph_rag.embed.text import function_text
from graph_rag.model import Function, content_hash

Progress = Callable[[int, int], None]

# Texts per call to the embedder: big enough for a few full batches, small enough
# that progress moves and an interrupted run keeps most of its work in the cache.
DEFAULT_CHUNK_SIZE = 128


@dataclass(frozen=True, slots=True)
class EmbedStats:
    """How many distinct texts were embedded now, and how many came from the cache."""

    embedded: int = 0
    cached: int = 0

    @property
    def total(self) -> int:
        return self.embedded + self.cached

    def __str__(self) -> str:
        return f"{self.embedded} embedded, {self.cached} from cache"


def embed_functions(
    functions: Iterable[Function],
    embedder: Embedder,
    cache: EmbeddingCache | None = None,
    *,
    text: Callable[[Function], str] = function_text,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    on_progress: Progress | None = None,
) -> tuple[dict[str, Vector], EmbedStats]:
    """Vectors by function id, and what it took to get them.

    Functions whose ``text`` is the same (duplicated code, or a re-ingest with a
    cache) share one embedding. ``on_progress(done, total)`` counts distinct
    texts: it is called once with what the cache already had, then after each
    chunk embedded. New vectors go to the cache chunk by chunk, so an
    interrupted run resumes where it stopped.
    """
    hash_by_id: dict[str, str] = {}
    text_by_hash: dict[str, str] = {}
    for fn in functions:
        body = text(fn)
        key = content_hash(body)
        hash_by_id[fn.id] = key
        text_by_hash.setdefault(key, body)

    model = embedder.model_name
    vectors = cache.get_many(model, text_by_hash) if cache is not None else {}
    cached = len(vectors)
    missing = sorted((k for k in text_by_hash if k not in vectors), key=lambda k: len(text_by_hash[k]))
    total = len(text_by_hash)
    if on_progress:
        on_progress(cached, total)
    for start in range(0, len(missing), chunk_size):
        keys = missing[start : start + chunk_size]
        fresh = dict(zip(keys, embedder.embed_documents([text_by_hash[k] for k in keys]), strict=True))
        if cache is not None:
            cache.put_many(model, fresh)
        vectors.update(fresh)
        if on_progress:
            on_progress(cached + start + len(keys), total)
    by_id = {fn_id: vectors[key] for fn_id, key in hash_by_id.items()}
    return by_id, EmbedStats(embedded=len(missing), cached=cached)
