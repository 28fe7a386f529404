"""The graph the API and load benchmarks query: requests + flask + Django, kept between runs.

Building it costs minutes (Django alone is ~2,800 files), so it lives in a data
directory of its own under ``~/.cache/graph-rag/bench/graph`` and is reused: each
run starts a local server on that directory (free ports) and re-ingests every
package, which is a no-op for unchanged files. ``--fresh`` in the benches deletes
the directory first (do that after changing what the parser or the writer store).

Corpus: requests 2.32.3 and flask 3.1.0 with embeddings from the default model
(cached in ``~/.cache/graph-rag/bench/api_embeddings.sqlite``), Django 5.1.4
without (``--no-embed``: embedding its ~30k functions takes longer than a bench
run here), all as curated code. The pinned sdists are extracted in
``~/.cache/graph-rag/sdists`` (``pip download --no-binary :all: --no-deps
requests==2.32.3 flask==3.1.0 Django==5.1.4 -d ~/.cache/graph-rag/sdists``, untar).
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SDISTS = Path.home() / ".cache" / "graph-rag" / "sdists"
BENCH_HOME = Path.home() / ".cache" / "graph-rag" / "bench"
EMBEDDINGS = BENCH_HOME / "api_embeddings.sqlite"
GRAPH_DIR = BENCH_HOME / "graph"
# name -> (package folder, embed it?)
CORPUS = {
    "requests": (SDISTS / "requests-2.32.3" / "src" / "requests", True),
    "flask": (SDISTS / "flask-3.1.0" / "src" / "flask", True),
    "django": (SDISTS / "Django-5.1.4" / "django", False),
}


@contextmanager
def bench_graph(*, fresh: bool = False, announce: Any = print) -> Iterator[Any]:
    """A started LocalServer holding the corpus (built or brought up to date); stopped after."""
    missing = [str(p) for p, _ in CORPUS.values() if not p.is_dir()]
    if missing:
        sys.exit(f"missing corpus: {', '.join(missing)} (see bench/bench_graph.py)")

    from graph_rag.config import DEFAULT_EMBED_DIMENSIONS, DEFAULT_EMBED_MODEL, Settings
    from graph_rag.db import LocalServer, free_port
    from graph_rag.embed import EmbeddingCache, SentenceTransformerEmbedder
    from graph_rag.model import Origin
    from graph_rag.services.connection import local_spec
    from graph_rag.services.embedding import embed_stage
    from graph_rag.services.ingest import ingest
    from graph_rag.store import GraphStore, apply_schema

    if fresh:
        shutil.rmtree(GRAPH_DIR, ignore_errors=True)
    server = LocalServer(GRAPH_DIR / "home" / "db", bolt_port=free_port(), http_port=free_port())
    server.start()
    try:
        spec = local_spec(server)
        with GraphStore.connect(spec) as store:
            apply_schema(store, embedding_model=DEFAULT_EMBED_MODEL, dimensions=DEFAULT_EMBED_DIMENSIONS)
            EMBEDDINGS.parent.mkdir(parents=True, exist_ok=True)
            stage = embed_stage(
                Settings(home=GRAPH_DIR / "home"),
                embedder=SentenceTransformerEmbedder(),
                cache=EmbeddingCache(EMBEDDINGS),
            )
            for name, (package, embed) in CORPUS.items():
                began = time.perf_counter()
                source = GRAPH_DIR / "src" / name
                if not (source / package.name).is_dir():
                    shutil.copytree(package, source / package.name)
                report = ingest(
                    str(source),
                    store=store,
                    cache_dir=GRAPH_DIR / "cache",
                    name=name,
                    origin=Origin.CURATED,
                    embed=stage if embed else None,
                )
                announce(
                    f"{name}: {report.modules} modules, {report.functions} functions, "
                    f"{report.embedded + report.embed_cached} embedded; "
                    f"up to date in {time.perf_counter() - began:.0f} s"
                )
        yield server
    finally:
        server.stop()


def source_of(name: str) -> Path:
    """The folder a corpus package is ingested from (its copy inside the bench graph)."""
    return GRAPH_DIR / "src" / name
