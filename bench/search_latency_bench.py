"""Search latency through the Python API over requests + flask + django, before / after.

Corpus: requests 2.32.3, flask 3.1.0 and django 5.1.4 (the packages, not their
tests; pinned sdists extracted in ``~/.cache/graph-rag/sdists``, see
retrieval_bench.py), each copied to a folder under ``--work`` and ingested as
curated code with embeddings from the default model (vectors cached in
``~/.cache/graph-rag/bench/latency_embeddings.sqlite``), into a separate local
server. The ingest reports embedding throughput (functions/s, cold cache only).

Queries: the first line of an evenly spread sample of the corpus's docstrings
(their functions keep them: this measures speed, not quality).

Cases, timed in alternation per query (the machine is shared: each query meets
the same load in every case):

- ``Searcher.search`` per mode, k=10, ONNX query embedder loaded (what
  ``graph-rag search`` and the API run);
- the baseline: the same hybrid search with the search queries of ``--baseline``
  (a git revision) and that revision's candidate counts (vector over-fetch on
  the whole fusion depth, Lucene streaming every match) and no query stemming;
- the parts of a hybrid search: query embedding, vector query, fulltext query.

Run: ``HF_HUB_OFFLINE=1 .venv/bin/python bench/search_latency_bench.py --work /tmp/lat``
(the first run ingests and embeds django: ~15 min on 2 busy cores; later runs
reuse the graph in ``--work``). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from graph_rag.config import DEFAULT_EMBED_DIMENSIONS, DEFAULT_EMBED_MODEL, Settings
from graph_rag.db import LocalServer, free_port
from graph_rag.embed import EmbeddingCache, SentenceTransformerEmbedder
from graph_rag.model import Origin
from graph_rag.search import DEFAULT_WEIGHTS, Searcher, SearchFilter, SearchMode
from graph_rag.services.connection import local_spec
from graph_rag.services.embedding import embed_stage, load_query_embedder
from graph_rag.services.ingest import ingest
from graph_rag.store import GraphStore, QueryRegistry, apply_schema
from graph_rag.store.queries import CYPHER_DIR

SDISTS = Path.home() / ".cache" / "graph-rag" / "sdists"
CACHE = Path.home() / ".cache" / "graph-rag" / "bench" / "latency_embeddings.sqlite"
BENCH_QUERIES = Path(__file__).parent / "cypher"
CORPUS = {
    "requests": SDISTS / "requests-2.32.3" / "src" / "requests",
    "flask": SDISTS / "flask-3.1.0" / "src" / "flask",
    "django": SDISTS / "Django-5.1.4" / "django",
}
K = 10
DEPTH = DEFAULT_WEIGHTS.depth
console = Console()


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def baseline_registry(revision: str, folder: Path) -> QueryRegistry:
    """The shipped queries with cypher/search.cypher as it was at ``revision``."""
    shutil.copytree(CYPHER_DIR, folder)
    old = subprocess.run(
        ["git", "show", f"{revision}:cypher/search.cypher"],
        check=True, capture_output=True, text=True, cwd=Path(__file__).parent,
    ).stdout  # fmt: skip
    (folder / "search.cypher").write_text(old)
    return QueryRegistry.load(folder, BENCH_QUERIES)


def ensure_graph(store: GraphStore, work: Path) -> None:
    present = {r["id"] for r in store.read("embed_repositories")}
    embedder = None
    with EmbeddingCache(CACHE) as cache:
        for name, source in CORPUS.items():
            if name in present:
                continue
            if embedder is None:
                embedder = SentenceTransformerEmbedder()
            target = work / "corpus" / name / source.name
            if not target.exists():
                shutil.copytree(source, target)
            began = time.perf_counter()
            report = ingest(
                str(target.parent), store=store, cache_dir=work / "repos", name=name,
                origin=Origin.CURATED, workers=2,
                embed=embed_stage(Settings(home=work), embedder=embedder, cache=cache),
            )  # fmt: skip
            embed_s = report.seconds.get("embed", 0.0)
            rate = f"{report.embedded / embed_s:.1f} functions/s" if report.embedded and embed_s else "cached"
            console.print(
                f"{name}: {report.functions} functions in {time.perf_counter() - began:.0f} s; "
                f"{report.embedded} embedded ({rate}, stage {embed_s:.0f} s), "
                f"{report.embed_cached} from cache; load {os.getloadavg()[0]:.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="keep the server and graph here for the next run")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--baseline", default="1c8324c", help="git revision of the baseline search")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    work = args.work or Path(tempfile.mkdtemp(prefix="graph-rag-latency-"))
    work.mkdir(parents=True, exist_ok=True)
    server = LocalServer(work / "db", bolt_port=free_port(), http_port=free_port())
    server.start()
    try:
        spec = local_spec(server)
        store = GraphStore.connect(spec, queries=QueryRegistry.load(CYPHER_DIR, BENCH_QUERIES))
        apply_schema(store, embedding_model=DEFAULT_EMBED_MODEL, dimensions=DEFAULT_EMBED_DIMENSIONS)
        ensure_graph(store, work)
        with tempfile.TemporaryDirectory() as tmp:
            old_store = GraphStore.connect(
                spec, queries=baseline_registry(args.baseline, Path(tmp) / "cypher")
            )
        functions = store.read("bench.functions")
        docs = [f["docstring"].strip().splitlines()[0] for f in functions if (f["docstring"] or "").strip()]
        texts = docs[:: max(1, len(docs) // args.queries)][: args.queries]
        embedder = load_query_embedder(Settings(home=work))
        searcher = Searcher(store, embedder)
        baseline = Searcher(old_store, embedder, stems=False)  # the baseline's queries, no stemming
        everything = SearchFilter()
        cases = {
            **{
                f"search {mode.value}": (lambda t, m=mode: searcher.search(t, k=K, mode=m))
                for mode in SearchMode
            },
            f"baseline hybrid ({args.baseline})": lambda t: baseline.search(t, k=K),
            "part: embed query": lambda t: embedder.embed_query(t),
            f"part: vector query (depth {DEPTH})": lambda t: searcher.vector_rows_for(
                vectors[t], DEPTH, everything, candidates=searcher._vector_candidates(DEPTH)
            ),
            f"part: fulltext query (depth {DEPTH})": lambda t: searcher.fulltext_rows(t, DEPTH, everything),
        }
        vectors = {t: embedder.embed_query(t) for t in texts}
        for case in cases.values():
            case(texts[0])  # warm
        times: dict[str, list[float]] = {name: [] for name in cases}
        load_before = os.getloadavg()[0]
        for text in texts:
            for name, case in cases.items():
                began = time.perf_counter()
                case(text)
                times[name].append((time.perf_counter() - began) * 1000)
        load_after = os.getloadavg()[0]
        counts = {r["id"]: 0 for r in store.read("embed_repositories")}
        searcher.close()
        baseline.close()
        old_store.close()
        store.close()
    finally:
        server.stop()
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)

    table = Table(
        title=f"search latency, {len(texts)} queries over {len(functions)} functions "
        f"({', '.join(counts)}); load average {load_before:.1f} -> {load_after:.1f}"
    )
    for col in ("case", "p50 ms", "p95 ms", "target"):
        table.add_column(col, justify="left" if col == "case" else "right")
    for name, values in times.items():
        target = "p50 < 30, p95 < 80" if name.startswith("search hybrid") else ""
        table.add_row(name, f"{pct(values, 50):.1f}", f"{pct(values, 95):.1f}", target)
    console.print(table)
    console.print(f"query embedder: {embedder!r}")


if __name__ == "__main__":
    main()
