"""GraphQL API latency and throughput beside the same Cypher through the driver (the floor).

Corpus: requests + flask (with embeddings) + Django (without), curated code, in a
local server of its own kept between runs (``bench/bench_graph.py``; ``--fresh``
rebuilds it).

The API runs in its own process (uvicorn, ``create_app`` with the real embedder
loaded at start-up); clients are threads of this process posting over
keep-alive HTTP connections. Cases:

- (a) ``search(text, k: 10) { score function { qualifiedName } }``;
- (b) the combined agent request: search k=5 + location + callers(depth: 2,
  first: 10) + callees;
- (c) ``impact(id, depth: 3)`` on the functions that case (a) finds.

The floor of each case is the same named Cypher, run here through the driver in
the same order the API sends it (search's queries, then the DataLoader batches /
walk levels), with the query embedding precomputed; the embedding's own time is
measured apart. Target for (b) at 1 client: p50 < 50 ms and < 2 x floor + embedding.

Run: ``HF_HUB_OFFLINE=1 .venv/bin/python bench/api_bench.py [--requests 40] [--clients 1,8,32]``
(many minutes the first time: Django's ingest and the embeddings). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import statistics
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench_graph import bench_graph
from rich.console import Console
from rich.table import Table

TEXTS = [
    "parse an HTTP date",
    "send a prepared request",
    "merge session settings with request settings",
    "register a blueprint on the application",
    "render a template with a context",
    "build a URL for an endpoint",
    "handle an exception raised in a view",
    "read cookies from a response",
    "resolve redirects",
    "encode multipart form data",
    "load configuration from a file",
    "get the encoding from headers",
    "stream the response content in chunks",
    "open a test client",
    "verify an SSL certificate bundle",
    "dispatch a request to a view function",
]
SEARCH = "query($t: String!) { search(text: $t, k: 10) { score function { qualifiedName } } }"
COMBINED = """query($t: String!) { search(text: $t, k: 5) { score function { qualifiedName
  location { path startLine } callers(depth: 2, first: 10) { qualifiedName }
  callees { qualifiedName } } } }"""
IMPACT = "query($id: String!) { impact(id: $id, depth: 3) { depth function { qualifiedName } } }"
console = Console()


def _serve(spec: Any, port: int) -> None:
    import uvicorn

    from graph_rag.api.app import create_app
    from graph_rag.api.context import Backend
    from graph_rag.embed import SentenceTransformerEmbedder
    from graph_rag.search import Searcher
    from graph_rag.store import GraphStore

    store = GraphStore.connect(spec)  # the parent's ConnectionSpec, pickled
    embedder = SentenceTransformerEmbedder()
    embedder.embed_query("warm up")
    app = create_app(Backend(store=store, searcher=Searcher(store, embedder)), mcp=False)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


class Client:
    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def post(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps({"query": query, "variables": variables})
        self.conn.request("POST", "/graphql", body, {"Content-Type": "application/json"})
        result = json.loads(self.conn.getresponse().read())
        if result.get("errors"):
            raise RuntimeError(result["errors"][0]["message"])
        return result


def run_load(
    clients: int, requests: int, one: Callable[[int, Any], None], make_state: Callable[[], Any]
) -> dict[str, float]:
    """``requests`` calls spread over ``clients`` threads; latency percentiles and throughput."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker() -> None:
        nonlocal errors
        state = make_state()
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            start = time.perf_counter()
            try:
                one(i, state)
            except Exception:  # counted and reported
                with lock:
                    errors += 1
                continue
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for _ in range(clients):
            pool.submit(worker)
    wall = time.perf_counter() - began
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0]] * 99
    return {"p50": q[49], "p95": q[94], "p99": q[98], "rps": len(latencies) / wall, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--requests",
        type=int,
        default=40,
        help="requests per case and client count (times clients/8 above 8 clients)",
    )
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench graph from scratch")
    args = parser.parse_args()
    levels = [int(c) for c in args.clients.split(",")]

    from graph_rag.db import free_port
    from graph_rag.embed import SentenceTransformerEmbedder
    from graph_rag.search import Searcher
    from graph_rag.services.connection import local_spec
    from graph_rag.store import GraphStore

    with bench_graph(fresh=args.fresh, announce=lambda m: console.print(f"[dim]{m}[/dim]")) as server:
        spec = local_spec(server)
        with GraphStore.connect(spec) as store:
            _measure(args, levels, spec, store, SentenceTransformerEmbedder(), Searcher, free_port())


def _measure(
    args: argparse.Namespace,
    levels: list[int],
    spec: Any,
    store: Any,
    embedder: Any,
    searcher_type: Any,
    port: int,
) -> None:
    process = None
    try:
        process = multiprocessing.get_context("spawn").Process(target=_serve, args=(spec, port), daemon=True)
        process.start()
        deadline = time.monotonic() + 120
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/health")
                break
            except OSError:
                if time.monotonic() > deadline or not process.is_alive():
                    sys.exit("the API process did not start")
                time.sleep(0.5)

        # The floor: the API's own named queries through the driver, the embedding precomputed.
        vectors = {t: embedder.embed_query(t) for t in TEXTS}

        class Precomputed:
            model_name, dimensions = embedder.model_name, embedder.dimensions

            def embed_query(self, text: str) -> list[float]:
                return vectors[text]

            def embed_documents(self, texts: list[str]) -> list[list[float]]:
                return [vectors[t] for t in texts]

        searcher = searcher_type(store, Precomputed())

        def walk(query: str, ids: list[str], depth: int, first: int) -> None:
            frontier, seen = ids, set(ids)
            for _ in range(depth):
                if not frontier:
                    return
                rows = store.read(query, ids=frontier, limit=first)
                nxt = [
                    n["id"]
                    for r in rows
                    for n in r["nodes"]
                    if n["label"] == "Function" and n["id"] not in seen
                ]
                seen.update(nxt)
                frontier = sorted(set(nxt))

        def floor_search(i: int, _: Any) -> None:
            searcher.search(TEXTS[i % len(TEXTS)], k=10)  # hits carry their functions' properties

        def floor_combined(i: int, _: Any) -> None:
            ids = [h.id for h in searcher.search(TEXTS[i % len(TEXTS)], k=5)]
            walk("api.function_callers", ids, 2, 10)
            store.read("api.function_callees", ids=ids, limit=20)

        impact_ids = sorted({h.id for t in TEXTS[:8] for h in searcher.search(t, k=3)})

        def floor_impact(i: int, _: Any) -> None:
            walk("api.function_callers", [impact_ids[i % len(impact_ids)]], 3, 100)

        def api_case(query: str, variables: Callable[[int], dict[str, Any]]) -> Callable[[int, Any], None]:
            return lambda i, client: client.post(query, variables(i))

        cases = [
            ("(a) search", api_case(SEARCH, lambda i: {"t": TEXTS[i % len(TEXTS)]}), floor_search),
            (
                "(b) search+callers(2)+callees",
                api_case(COMBINED, lambda i: {"t": TEXTS[i % len(TEXTS)]}),
                floor_combined,
            ),
            (
                "(c) impact(depth 3)",
                api_case(IMPACT, lambda i: {"id": impact_ids[i % len(impact_ids)]}),
                floor_impact,
            ),
        ]
        embed_ms = statistics.median(_timed(lambda t=t: embedder.embed_query(t + " ?")) for t in TEXTS * 2)
        title = f"GraphQL API vs the same Cypher through the driver (embedding p50 {embed_ms:.1f} ms)"
        table = Table(
            "case",
            "clients",
            "n",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "req/s",
            "errors",
            "floor p50",
            "floor p95",
            "floor req/s",
            "p50 / (floor+embed)",
            title=title,
        )
        results = []
        for label, api_one, floor_one in cases:
            for clients in levels:
                n = max(args.requests, args.requests * clients // 8)
                warm = run_load(1, 5, api_one, lambda: Client(port))  # noqa: F841 - warm-up
                api = run_load(clients, n, api_one, lambda: Client(port))
                floor = run_load(clients, n, floor_one, lambda: None)
                extra = embed_ms if label.startswith(("(a)", "(b)")) else 0.0
                ratio = api["p50"] / (floor["p50"] + extra)
                table.add_row(
                    label,
                    str(clients),
                    str(n),
                    f"{api['p50']:.1f}",
                    f"{api['p95']:.1f}",
                    f"{api['p99']:.1f}",
                    f"{api['rps']:.1f}",
                    str(api["errors"]),
                    f"{floor['p50']:.1f}",
                    f"{floor['p95']:.1f}",
                    f"{floor['rps']:.1f}",
                    f"{ratio:.2f}",
                )
                results.append(
                    {"case": label, "clients": clients, "n": n, "api": api, "floor": floor, "embed_ms": extra}
                )
        console.print(table)
        out = Path(__file__).parent / "results" / "api.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps({"embed_p50_ms": embed_ms, "results": results}, indent=2))
    finally:
        if process is not None:
            process.terminate()
            process.join(10)


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    main()
