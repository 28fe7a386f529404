"""Retrieval quality and speed on real code, CodeSearchNet style.

Corpus: the packages of pinned sdists that no unit-test fixture uses (requests
2.32.3, flask 3.1.0, click 8.1.7, attrs 24.2.0, werkzeug 3.1.3, jinja2 3.1.4,
httpx 0.27.2), downloaded once with
``pip download --no-binary :all: --no-deps NAME==X -d ~/.cache/graph-rag/sdists``
and extracted there. Each package is copied to a temporary folder and ingested
by the real ingest use case into a separate local server (temporary data
directory, free ports), never the user's.

Queries: every non-test function whose docstring opens with a full sentence
(capitalized, >= 3 words, ends with . ! or ?); the query is that first sentence,
the target is the function. Sentences shared by several functions are dropped
(no single right answer). Every other function of the corpus is a distractor.
The docstring is removed from what is indexed for the evaluation: the embedded
text is ``function_text(include_docstring=False)`` (kind and name words,
signature, body without the docstring) and ``search_text`` is the qualified name
and its words only.

Reported:
- MRR@10, Recall@1, Recall@10 for vector, fulltext and hybrid. Hybrid uses the
  weights shipped in graph_rag.search.fusion, fitted by bench/fusion_fit.py on other
  libraries (``--corpus train --save-lists FILE`` makes its data), so its figure is
  measured on code the weights never saw. For comparison: rank fusion alone with its
  weights (fulltext weight, RRF constant, CALLS in-degree prior) chosen by 2-fold
  cross-validation on these queries (each half scored with the weights that did best
  on the other half), and the weights best on all of them;
- what moved MRR: fulltext with / without stopwords in the query, hybrid
  without the prior, without the name evidence, equal weights;
- recall@10 of the vector index against exact cosine over every stored vector,
  for several over-fetch factors (the dialect's ``vector_overfetch``);
- embedding throughput (functions/s, cold: no cache) on a fixed sample, and the
  re-ingest of an unchanged package (embeds 0);
- query latency p50/p95 of ``Searcher.search`` (model loaded, k=10) per mode.

Options ``--backend`` and ``--max-seq-length`` embed with another configuration
(vectors are cached per configuration); ``--queries N --quick`` compares them
fast on a sample, MRR only, without saving. ``--model DIR`` scores another model,
such as one made by bench/tune_bench.py (``graph-rag tune-embedder``); its run is
saved as ``bench/results/retrieval-<DIR name>.json``.

Run: ``.venv/bin/python bench/retrieval_bench.py [--sample-latency 200] [--throughput 200]``
(a few minutes the first time; vectors are cached in
``~/.cache/graph-rag/bench/embeddings.sqlite`` for the next runs). Writes
``bench/results/retrieval.json``. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import pickle
import shutil
import tarfile
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from graph_rag.config import DEFAULT_EMBED_DIMENSIONS, DEFAULT_EMBED_MODEL, Settings
from graph_rag.db import LocalServer, free_port
from graph_rag.embed import EmbeddingCache, SentenceTransformerEmbedder, function_text
from graph_rag.embed.sentence_transformer import BACKENDS
from graph_rag.model import Origin
from graph_rag.search import DEFAULT_WEIGHTS, FusionWeights, Searcher, SearchFilter, SearchMode
from graph_rag.services.connection import local_spec
from graph_rag.services.embedding import _function, embed_repository, ingest_backend, load_query_embedder
from graph_rag.services.ingest import ingest
from graph_rag.services.training_pairs import query_sentence
from graph_rag.store import GraphStore, QueryRegistry, apply_schema
from graph_rag.store.queries import CYPHER_DIR
from graph_rag.store.rows import search_text

SDISTS = Path.home() / ".cache" / "graph-rag" / "sdists"
BENCH_CACHE = Path.home() / ".cache" / "graph-rag" / "bench" / "embeddings.sqlite"
RESULTS = Path(__file__).parent / "results" / "retrieval.json"
BENCH_QUERIES = Path(__file__).parent / "cypher"

# name: (sdist folder, package folder inside it)
CORPUS = {
    "requests": ("requests-2.32.3", "src"),
    "flask": ("flask-3.1.0", "src"),
    "click": ("click-8.1.7", "src"),
    "attrs": ("attrs-24.2.0", "src"),
    "werkzeug": ("werkzeug-3.1.3", "src"),
    "jinja2": ("jinja2-3.1.4", "src"),
    "httpx": ("httpx-0.27.2", "httpx"),
}
# Libraries the fusion's name-evidence weights are fitted on (bench/fusion_fit.py), from
# bench/tune_bench.py's training sdists (~/.cache/graph-rag/train-sdists/src): none is
# scored here, so the weights shipped are measured on code they never saw.
TRAIN_SDISTS = Path.home() / ".cache" / "graph-rag" / "train-sdists" / "src"
TRAIN_CORPUS = {
    "boltons": ("boltons-24.1.0", "boltons"),
    "more_itertools": ("more_itertools-11.2.1", "more_itertools"),
    "toolz": ("toolz-1.0.0", "toolz"),
    "marshmallow": ("marshmallow-4.4.0", "src"),
    "paramiko": ("paramiko-3.5.0", "paramiko"),
    "babel": ("babel-2.16.0", "babel"),
    "tornado": ("tornado-6.4.2", "tornado"),
    "urllib3": ("urllib3-2.8.0", "src"),
    "dateutil": ("python_dateutil-4.0.0", "src"),
    "rich": ("rich-15.0.0", "rich"),
}
DEPTH = DEFAULT_WEIGHTS.depth  # candidates per list for hybrid, as shipped
K = 10
EVAL_TEXT = functools.partial(function_text, include_docstring=False)

console = Console()


def corpus_folder(work: Path, corpus: dict[str, tuple[str, str]], sdists: Path) -> dict[str, Path]:
    """Each package copied (extracted first if needed) to work/<name>."""
    roots = {}
    for name, (sdist, inner) in corpus.items():
        folder = sdists / sdist
        if not folder.exists():
            if sdists == TRAIN_SDISTS:
                raise SystemExit(f"missing {folder}: run bench/tune_bench.py once (it fetches them)")
            archive = SDISTS / f"{sdist}.tar.gz"
            if not archive.exists():
                raise SystemExit(
                    f"missing {archive}: pip download --no-binary :all: --no-deps "
                    f"{name}=={sdist.rsplit('-', 1)[1]} -d {SDISTS}"
                )
            with tarfile.open(archive) as tar:
                tar.extractall(SDISTS, filter="data")
        target = work / name
        source = folder / inner
        if inner == "src":
            shutil.copytree(source, target)
        else:
            target.mkdir(parents=True)
            shutil.copytree(source, target / inner)
        roots[name] = target
    return roots


def code_search_text(row: dict) -> str:
    """search_text as ingest builds it (graph_rag.store.rows), minus the docstring."""
    fn = _function(row)
    return search_text(fn.qualname, "", function_text(fn, include_docstring=False, max_chars=100_000))


@dataclass
class Query:
    text: str
    target: str


def metrics(ranked: list[list[str]], queries: list[Query]) -> dict[str, float]:
    rr, r1, r10 = [], [], []
    for ids, q in zip(ranked, queries, strict=True):
        top = ids[:K]
        rank = top.index(q.target) + 1 if q.target in top else 0
        rr.append(1 / rank if rank else 0.0)
        r1.append(1.0 if rank == 1 else 0.0)
        r10.append(1.0 if rank else 0.0)
    n = len(queries)
    return {"mrr@10": sum(rr) / n, "recall@1": sum(r1) / n, "recall@10": sum(r10) / n}


def fused_ids(
    searcher: Searcher, lists: list[dict[str, list[dict]]], weights: FusionWeights, queries: list[Query]
) -> list[list[str]]:
    searcher.weights = weights
    return [[h.id for h in searcher.fuse_rows(ls, K, q.text)] for ls, q in zip(lists, queries, strict=True)]


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample-latency", type=int, default=200, help="queries timed per mode")
    parser.add_argument("--throughput", type=int, default=200, help="functions embedded cold")
    parser.add_argument("--recall-sample", type=int, default=300, help="queries for index recall")
    parser.add_argument(
        "--work", type=Path, help="keep the server and corpus here; a second run reuses the ingested graph"
    )
    parser.add_argument(
        "--backend", choices=BACKENDS, help="embeds corpus and queries (default: what ingest uses here)"
    )
    parser.add_argument("--max-seq-length", type=int, help="token window (default: the model's)")
    parser.add_argument(
        "--model", help="sentence-transformers model or folder (e.g. from `graph-rag tune-embedder`)"
    )
    parser.add_argument("--queries", type=int, help="evaluate an evenly spread sample of this many")
    parser.add_argument(
        "--quick", action="store_true", help="MRR only (no ablations, recall, latency); saves nothing"
    )
    parser.add_argument(
        "--corpus",
        choices=("bench", "train"),
        default="bench",
        help="train: the libraries bench/fusion_fit.py fits the fusion on (use with --save-lists)",
    )
    parser.add_argument(
        "--save-lists", type=Path, help="pickle the queries and both ranked lists here, then stop"
    )
    args = parser.parse_args()
    if args.corpus == "train" and not args.save_lists:
        parser.error("--corpus train only makes bench/fusion_fit.py's data: give --save-lists FILE")
    corpus, sdists = (TRAIN_CORPUS, TRAIN_SDISTS) if args.corpus == "train" else (CORPUS, SDISTS)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    work = args.work or Path(tempfile.mkdtemp(prefix="graph-rag-bench-"))
    reuse = (work / "corpus").exists()
    if reuse and {p.name for p in (work / "corpus").iterdir()} != set(corpus):
        parser.error(f"{work} holds another corpus than --corpus {args.corpus}'s: give another --work")
    server = LocalServer(work / "db", bolt_port=free_port(), http_port=free_port())
    console.print(f"[dim]local server in {work} ...[/dim]")
    server.start()
    result: dict[str, object] = {}
    try:
        spec = local_spec(server)
        store = GraphStore.connect(spec, queries=QueryRegistry.load(CYPHER_DIR, BENCH_QUERIES))
        apply_schema(store, embedding_model=DEFAULT_EMBED_MODEL, dimensions=DEFAULT_EMBED_DIMENSIONS)
        roots = (
            {n: work / "corpus" / n for n in corpus}
            if reuse
            else corpus_folder(work / "corpus", corpus, sdists)
        )

        began = time.perf_counter()
        for name, root in roots.items():
            if reuse:
                break
            ingest(
                str(root), store=store, cache_dir=work / "repos", name=name, origin=Origin.CURATED, workers=2
            )
        parse_s = time.perf_counter() - began
        functions = store.read("bench.functions")
        console.print(f"ingested {len(functions)} functions from {len(roots)} packages in {parse_s:.0f} s")

        # The docstring is what is searched for: remove it from what is indexed.
        fields = {r["id"]: r for r in store.read("embed_function_fields", ids=[f["id"] for f in functions])}
        production_text = {i: code_search_text(r) for i, r in fields.items()}
        names_text = {f["id"]: search_text(f["qualname"], "") for f in functions}

        def index_text(texts: dict[str, str]) -> None:
            store.write_batches(
                "bench.set_search_text", ({"id": i, "search_text": t} for i, t in texts.items())
            )

        index_text(production_text)

        embedder = SentenceTransformerEmbedder(
            args.model,
            backend=args.backend or ingest_backend(args.model),
            max_seq_length=args.max_seq_length,
        )
        console.print(f"embedder: {embedder!r}; load average {os.getloadavg()[0]:.1f}")
        # Throughput, cold: a fixed sample embedded with no cache.
        sample_rows = store.read(
            "embed_function_fields",
            ids=[f["id"] for f in functions[:: max(1, len(functions) // args.throughput)]][: args.throughput],
        )
        texts = [EVAL_TEXT(_function(r)) for r in sample_rows]
        began = time.perf_counter()
        embedder.embed_documents(texts)
        cold_s = time.perf_counter() - began
        throughput = len(texts) / cold_s

        BENCH_CACHE.parent.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        embedded = cached = 0
        with EmbeddingCache(BENCH_CACHE) as cache:
            for name in roots:
                e, c = embed_repository(store, name, embedder=embedder, cache=cache, text=EVAL_TEXT)
                embedded, cached = embedded + e, cached + c
            embed_s = time.perf_counter() - began
            # A re-ingest of an unchanged package embeds nothing.
            first = next(iter(roots))
            again = ingest(
                str(roots[first]),
                store=store,
                cache_dir=work / "repos",
                name=first,
                origin=Origin.CURATED,
                embed=lambda s, r, p: embed_repository(s, r, embedder=embedder, cache=cache, text=EVAL_TEXT),
            )
        console.print(
            f"embedded {embedded} texts, {cached} from cache, in {embed_s:.0f} s; "
            f"cold throughput {throughput:.1f} functions/s; re-ingest of {first} embedded {again.embedded}"
        )

        # Queries.
        by_sentence: dict[str, list[str]] = {}
        for f in functions:
            if f["is_test"] or not f["docstring"]:
                continue
            sentence = query_sentence(f["docstring"])
            if sentence:
                by_sentence.setdefault(sentence, []).append(f["id"])
        queries = [Query(s, ids[0]) for s, ids in sorted(by_sentence.items()) if len(ids) == 1]
        if args.queries:
            queries = queries[:: max(1, len(queries) // args.queries)][: args.queries]
        console.print(
            f"{len(queries)} queries ({sum(len(v) > 1 for v in by_sentence.values())} ambiguous dropped)"
        )

        searcher = Searcher(store, embedder)
        everything = SearchFilter()
        began = time.perf_counter()
        vectors = embedder.embed_documents([q.text for q in queries])
        vec_lists = [searcher.vector_rows_for(v, DEPTH, everything) for v in vectors]
        ft_lists = [searcher.fulltext_rows(q.text, DEPTH, everything) for q in queries]
        if not (args.quick or args.save_lists):
            searcher.drop_stopwords = False
            ft_stop_lists = [searcher.fulltext_rows(q.text, DEPTH, everything) for q in queries]
            searcher.drop_stopwords = True
            # Ablation: the index without the code's identifier words (names only).
            index_text(names_text)
            ft_names_lists = [searcher.fulltext_rows(q.text, DEPTH, everything) for q in queries]
            index_text(production_text)
        console.print(f"[dim]ranked lists in {time.perf_counter() - began:.0f} s[/dim]")

        ids = lambda rows: [[r["id"] for r in rs] for rs in rows]  # noqa: E731
        lists = [{"vector": v, "fulltext": f} for v, f in zip(vec_lists, ft_lists, strict=True)]
        if args.save_lists:
            saved = {
                "queries": [(q.text, q.target) for q in queries],
                "lists": lists,
                "embedder": repr(embedder),
            }
            args.save_lists.write_bytes(pickle.dumps(saved))
            console.print(f"saved the ranked lists of {len(queries)} queries to {args.save_lists}")
            return
        grid = [
            FusionWeights(vector=1.0, fulltext=wf, prior=wp, c=c, depth=DEPTH).ranks_only()
            for wf, wp, c in itertools.product(
                (0.3, 0.5, 0.7, 1.0, 1.5), (0.0, 0.1, 0.2, 0.4), (5, 10, 20, 60)
            )
        ]
        halves = [list(range(0, len(queries), 2)), list(range(1, len(queries), 2))]

        def best_on(idx: list[int]) -> FusionWeights:
            sub_q = [queries[i] for i in idx]
            sub_l = [lists[i] for i in idx]
            return max(grid, key=lambda w: metrics(fused_ids(searcher, sub_l, w, sub_q), sub_q)["mrr@10"])

        cv_ranked: list[list[str]] = [[] for _ in queries]
        chosen = []
        for tune, test in ((halves[0], halves[1]), (halves[1], halves[0])):
            w = best_on(tune)
            chosen.append(w)
            for i, r in zip(
                test,
                fused_ids(searcher, [lists[i] for i in test], w, [queries[i] for i in test]),
                strict=True,
            ):
                cv_ranked[i] = r
        best_all = best_on(list(range(len(queries))))

        rank_only = DEFAULT_WEIGHTS.ranks_only()
        equal = FusionWeights(1.0, 1.0, 0.0, 60, DEPTH).ranks_only()
        table_rows = {
            "vector": metrics(ids(vec_lists), queries),
            "fulltext": metrics(ids(ft_lists), queries),
            "hybrid": metrics(fused_ids(searcher, lists, DEFAULT_WEIGHTS, queries), queries),
        }
        rank_fusion_cv = metrics(cv_ranked, queries)
        if args.quick:
            for case, m in [
                *table_rows.items(),
                ("hybrid, rank fusion only, cross-validated", rank_fusion_cv),
            ]:
                console.print(f"{case}: " + ", ".join(f"{k} {v:.3f}" for k, v in m.items()))
            console.print(f"cross-validated weights {chosen}; best on all {best_all}")
            console.print(f"load average {os.getloadavg()[0]:.1f}")
            return
        names_lists = [{"vector": v, "fulltext": f} for v, f in zip(vec_lists, ft_names_lists, strict=True)]
        ablations = {
            "fulltext, stopwords kept in the query": metrics(ids(ft_stop_lists), queries),
            "fulltext, index without code identifier words": metrics(ids(ft_names_lists), queries),
            "hybrid, index without code identifier words (shipped weights)": metrics(
                fused_ids(searcher, names_lists, DEFAULT_WEIGHTS, queries), queries
            ),
            "hybrid, rank fusion only, weights 2-fold cross-validated on these queries": rank_fusion_cv,
            f"hybrid, shipped rank weights without name evidence {rank_only}": metrics(
                fused_ids(searcher, lists, rank_only, queries), queries
            ),
            "hybrid, equal weights c=60, no prior": metrics(
                fused_ids(searcher, lists, equal, queries), queries
            ),
            "hybrid, shipped weights without the prior": metrics(
                fused_ids(searcher, lists, replace(DEFAULT_WEIGHTS, prior=0.0), queries), queries
            ),
            f"hybrid, rank fusion only, best weights on all queries {best_all}": metrics(
                fused_ids(searcher, lists, best_all, queries), queries
            ),
        }

        # Recall@10 of the vector index against exact cosine.
        rows = store.read("bench.embeddings")
        matrix = np.array([r["embedding"] for r in rows], dtype=np.float32)
        all_ids = [r["id"] for r in rows]
        sample = vectors[:: max(1, len(vectors) // args.recall_sample)][: args.recall_sample]
        exact = [
            {all_ids[i] for i in np.argsort(-(matrix @ np.array(v, dtype=np.float32)))[:K]} for v in sample
        ]
        recall: dict[str, float] = {}
        for factor in (1, 2, 4, 8):
            found = [
                {
                    r["id"]
                    for r in store.read(
                        "search_vector",
                        index=store.dialect.vector_index,
                        candidates=K * factor,
                        vector=v,
                        k=K,
                        repositories=[],
                        origin=None,
                        kinds=[],
                        path_regex=None,
                        exclude_tests=False,
                        min_quality=None,
                        models=[],  # the index against exact cosine: every stored vector
                    )
                }
                for v in sample
            ]
            recall[str(factor)] = sum(len(f & e) for f, e in zip(found, exact, strict=True)) / (
                K * len(sample)
            )

        # Latency through the Python API, model loaded (as `graph-rag search` loads it), default weights.
        query_embedder = load_query_embedder(Settings(home=work, embed_model=args.model))
        searcher = Searcher(store, query_embedder)
        torch_searcher = Searcher(store, embedder)
        latency: dict[str, dict[str, float]] = {}
        timed = queries[:: max(1, len(queries) // args.sample_latency)][: args.sample_latency]
        for mode in SearchMode:
            searcher.search(timed[0].text, k=K, mode=mode)  # warm
            times = []
            for q in timed:
                began = time.perf_counter()
                searcher.search(q.text, k=K, mode=mode)
                times.append((time.perf_counter() - began) * 1000)
            latency[mode.value] = {"p50_ms": pct(times, 50), "p95_ms": pct(times, 95)}
        torch_times = []
        for q in timed:
            began = time.perf_counter()
            torch_searcher.search(q.text, k=K, mode=SearchMode.HYBRID)
            torch_times.append((time.perf_counter() - began) * 1000)
        latency["hybrid, torch query embedder"] = {
            "p50_ms": pct(torch_times, 50),
            "p95_ms": pct(torch_times, 95),
        }
        parts: dict[str, list[float]] = {"embed_query": [], "vector_index_query": []}
        for q in timed:
            began = time.perf_counter()
            vector = query_embedder.embed_query(q.text)
            middle = time.perf_counter()
            searcher.vector_rows_for(vector, K, everything)
            parts["embed_query"].append((middle - began) * 1000)
            parts["vector_index_query"].append((time.perf_counter() - middle) * 1000)
        for part, times in parts.items():
            latency[part] = {"p50_ms": pct(times, 50), "p95_ms": pct(times, 95)}
        store.close()
    finally:
        server.stop()
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)

    table = Table(title=f"retrieval: {len(queries)} queries over {len(functions)} functions")
    for col in ("case", "MRR@10", "Recall@1", "Recall@10", "p50 ms", "p95 ms"):
        table.add_column(col, justify="left" if col == "case" else "right")
    for mode, m in table_rows.items():
        table.add_row(
            mode,
            f"{m['mrr@10']:.3f}",
            f"{m['recall@1']:.3f}",
            f"{m['recall@10']:.3f}",
            f"{latency[mode]['p50_ms']:.1f}",
            f"{latency[mode]['p95_ms']:.1f}",
        )
    for case, m in ablations.items():
        table.add_row(
            f"[dim]{case}[/dim]",
            f"{m['mrr@10']:.3f}",
            f"{m['recall@1']:.3f}",
            f"{m['recall@10']:.3f}",
            "",
            "",
        )
    console.print(table)
    console.print(f"query embedder: {query_embedder!r}")
    for part in ("embed_query", "vector_index_query", "hybrid, torch query embedder"):
        console.print(
            f"latency of {part}: p50 {latency[part]['p50_ms']:.1f} ms, p95 {latency[part]['p95_ms']:.1f} ms"
        )
    ratio = table_rows["hybrid"]["mrr@10"] / table_rows["vector"]["mrr@10"]
    console.print(
        f"hybrid / vector MRR@10: {ratio:.2f}x (target >= 1.10) with the shipped weights {DEFAULT_WEIGHTS}; "
        f"rank fusion weights cross-validated here: {chosen}"
    )
    console.print(
        "index recall@10 vs exact cosine by over-fetch: "
        + ", ".join(f"x{f} {r:.3f}" for f, r in recall.items())
        + f" ({store.dialect.server}, current vector_overfetch {store.dialect.vector_overfetch})"
    )
    console.print(f"embedding: {throughput:.1f} functions/s cold ({embedder!r}, {len(texts)} functions)")

    result = {
        **table_rows,
        "_meta": {
            "queries": len(queries),
            "functions": len(functions),
            "corpus": {name: sdist for name, (sdist, _) in CORPUS.items()},
            "hybrid_over_vector_mrr": ratio,
            "hybrid_weights_cv": [str(w) for w in chosen],
            "hybrid_weights_best_on_all": str(best_all),
            "hybrid_weights_shipped": str(DEFAULT_WEIGHTS),
            "ablations": ablations,
            "index_recall_at_10_by_overfetch": recall,
            "latency_ms": latency,
            "embed_functions_per_s_cold": throughput,
            "embedder": repr(embedder),
            "query_embedder": repr(query_embedder),
            "load_average_end": os.getloadavg()[0],
            "reingest_embedded": again.embedded,
            "server": store.dialect.server.value,
        },
    }
    # The default model's run is retrieval.json; another model's is named after it.
    saved = RESULTS if not args.model else RESULTS.with_name(f"retrieval-{Path(args.model).name}.json")
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps(result, indent=2) + "\n")
    console.print(f"saved {saved}")


if __name__ == "__main__":
    main()
