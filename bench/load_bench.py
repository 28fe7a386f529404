"""Load: 32 concurrent clients for 60 s against ``graph-rag serve``, then the same while
an incremental ingest rewrites a file in a loop. Not part of the test suite.

Corpus: requests + flask (with embeddings) + Django (without: every search here
runs in FULLTEXT mode, which covers all three), curated code, in a local server
kept between runs (``bench/bench_graph.py``; ``--fresh`` rebuilds it).

The API is ``graph-rag serve`` in a subprocess (GRAPH_RAG_HOME pointing at the
bench's server). Clients are threads posting over keep-alive HTTP connections, a
mix of: search (fulltext, k 10), the combined agent request (search k 5 + location
+ callers(depth 2, first 10) + callees) and impact(depth 3) on functions found
by the searches. Each phase prints throughput, p50/p95/p99, the error count and
the API process's peak RSS (VmHWM; the database server's beside it).

Phase 2 runs the same load while ``graph-rag ingest`` re-ingests requests in a
loop, each time after rewriting ``requests/hooks.py`` between its original (2
functions) and a version with 5 more; extra reader threads ask for that module's
functions and check each answer is the old or the new set, never a mix or
another count.

Run: ``HF_HUB_OFFLINE=1 .venv/bin/python bench/load_bench.py [--clients 32] [--seconds 60]``
(the first run ingests Django: many minutes on a busy 2-core machine). Phase 2
rewrites a temporary copy of requests; the next run's re-ingest restores it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench_graph import bench_graph, source_of

TEXTS = [
    "parse an HTTP date", "send a prepared request", "merge session settings",
    "register a blueprint", "render a template", "build a URL for an endpoint",
    "handle an exception", "read cookies", "resolve redirects", "encode multipart form data",
    "load configuration", "get the encoding from headers", "stream the response content",
    "test client", "verify SSL certificate", "dispatch request", "queryset filter",
    "migration operation", "form field validation", "model field", "template tag",
    "middleware process request", "database connection cursor", "url pattern resolver",
]  # fmt: skip
SEARCH = """query($t: String!) { search(text: $t, k: 10, mode: FULLTEXT) {
  score function { id qualifiedName } } }"""
COMBINED = """query($t: String!) { search(text: $t, k: 5, mode: FULLTEXT) { score function { qualifiedName
  location { path startLine } callers(depth: 2, first: 10) { qualifiedName }
  callees { qualifiedName } } } }"""
IMPACT = "query($id: String!) { impact(id: $id, depth: 3) { depth function { qualifiedName } } }"
HOOKS_FUNCTIONS = """query { module(qualifiedName: "requests.hooks", repo: "requests") {
  functions(first: 100) { name } } }"""
EXTRA = "".join(f"\n\ndef bench_extra_{i}():\n    return {i}\n" for i in range(5))


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = json.dumps({"query": query, "variables": variables or {}})
        try:
            self.conn.request("POST", "/graphql", body, {"Content-Type": "application/json"})
            result = json.loads(self.conn.getresponse().read())
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            raise
        if result.get("errors"):
            raise RuntimeError(result["errors"][0]["message"])
        return result


def _hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_phase(port: int, clients: int, seconds: float, ids: list[str]) -> dict[str, Any]:
    latencies: dict[str, list[float]] = {"search": [], "combined": [], "impact": []}
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(n: int) -> None:
        client = Client(port)
        i = n
        while time.monotonic() < stop:
            i += clients
            kind = ("search", "combined", "impact")[i % 3]
            began = time.perf_counter()
            try:
                if kind == "impact":
                    client.post(IMPACT, {"id": ids[i % len(ids)]})
                else:
                    client.post(SEARCH if kind == "search" else COMBINED, {"t": TEXTS[i % len(TEXTS)]})
            except Exception as e:  # counted and reported
                with lock:
                    errors.append(f"{kind}: {str(e)[:160]}")
                continue
            with lock:
                latencies[kind].append((time.perf_counter() - began) * 1000)

    began = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    every = sorted(x for v in latencies.values() for x in v)
    q = statistics.quantiles(every, n=100) if len(every) > 1 else [0.0] * 99
    return {
        "requests": len(every),
        "rps": len(every) / wall,
        "p50": q[49],
        "p95": q[94],
        "p99": q[98],
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "by_kind": {k: len(v) for k, v in latencies.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--readers", type=int, default=4, help="phase 2 version checkers")
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench graph from scratch")
    args = parser.parse_args()

    from graph_rag.db import free_port

    with bench_graph(fresh=args.fresh) as server:
        tmp = Path(tempfile.mkdtemp(prefix="load-bench-"))
        try:
            _run(args, server, tmp, free_port())
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def _run(args: argparse.Namespace, server: Any, tmp: Path, port: int) -> None:
    cli = str(Path(sys.executable).with_name("graph-rag"))
    api = None
    try:
        home = server.data_dir.parent
        env = {
            **os.environ,
            "GRAPH_RAG_HOME": str(home),
            "GRAPH_RAG_BOLT_PORT": str(server.bolt_port),
            "GRAPH_RAG_HTTP_PORT": str(server.http_port),
            "HF_HUB_OFFLINE": "1",
        }
        shutil.copytree(source_of("requests"), tmp / "requests")  # phase 2 rewrites this copy
        log = (tmp / "serve.log").open("w")
        api = subprocess.Popen(
            [cli, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=log
        )
        deadline = time.monotonic() + 300
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("GET", "/health")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or api.poll() is not None:
                sys.exit(f"graph-rag serve did not start: {(tmp / 'serve.log').read_text()[-2000:]}")
            time.sleep(1)

        probe = Client(port)
        ids: list[str] = []
        for text in TEXTS:
            hits = probe.post(SEARCH, {"t": text})["data"]["search"]
            ids.extend(h["function"]["id"] for h in hits[:3])
        ids = sorted(set(ids))
        db_pid = server.status().pid or 0
        load = os.getloadavg()
        print(
            f"\nload bench: {args.clients} clients x {args.seconds:g} s; search/combined/impact "
            f"in turn; {len(ids)} impact targets; load average before {load[0]:.1f}",
            flush=True,
        )

        one = run_phase(port, args.clients, args.seconds, ids)
        _print("phase 1 (serving only)", one, _hwm_mb(api.pid), _hwm_mb(db_pid))

        # Phase 2: the same load while requests is re-ingested in a loop.
        hooks = tmp / "requests" / "requests" / "hooks.py"
        original = hooks.read_text()
        probe = Client(port)  # the first one's keep-alive connection has timed out by now
        old = sorted(probe.post(HOOKS_FUNCTIONS)["data"]["module"]["functions"], key=lambda f: f["name"])
        old_names = {f["name"] for f in old}
        new_names = old_names | {f"bench_extra_{i}" for i in range(5)}
        seen: dict[str, int] = {"old": 0, "new": 0, "mixed": 0, "errors": 0}
        ingests: list[float] = []
        stop = threading.Event()

        def ingest_loop() -> None:
            flip = True
            while not stop.is_set():
                hooks.write_text(original + EXTRA if flip else original)
                flip = not flip
                began = time.perf_counter()
                done = subprocess.run(
                    [
                        cli,
                        "ingest",
                        str(tmp / "requests"),
                        "--name",
                        "requests",
                        "--origin",
                        "curated",
                        "--no-embed",
                        "--json",
                    ],
                    env=env,
                    capture_output=True,
                    text=True,
                )
                if done.returncode != 0:
                    print(f"ingest failed: {done.stderr[-500:]}", flush=True)
                ingests.append(time.perf_counter() - began)

        def version_reader() -> None:
            client = Client(port)
            while not stop.is_set():
                try:
                    rows = client.post(HOOKS_FUNCTIONS)["data"]["module"]["functions"]
                except Exception:
                    seen["errors"] += 1
                    continue
                names = {f["name"] for f in rows}
                seen["old" if names == old_names else "new" if names == new_names else "mixed"] += 1

        loop = threading.Thread(target=ingest_loop)
        readers = [threading.Thread(target=version_reader) for _ in range(args.readers)]
        loop.start()
        for r in readers:
            r.start()
        two = run_phase(port, args.clients, args.seconds, ids)
        stop.set()
        loop.join()
        for r in readers:
            r.join()
        _print("phase 2 (while re-ingesting)", two, _hwm_mb(api.pid), _hwm_mb(db_pid))
        print(
            f"  re-ingests of requests: {len(ingests)} "
            f"(median {statistics.median(ingests) if ingests else 0:.1f} s each)"
        )
        print(
            f"  hooks.py readers: old {seen['old']}, new {seen['new']}, "
            f"MIXED {seen['mixed']}, errors {seen['errors']} ({old_names} vs +5)"
        )
    finally:
        if api is not None and api.poll() is None:
            api.send_signal(signal.SIGINT)
            try:
                api.wait(timeout=20)
            except subprocess.TimeoutExpired:
                api.kill()


def _print(title: str, r: dict[str, Any], api_mb: float, db_mb: float) -> None:
    print(f"\n{title}")
    print(f"  requests {r['requests']} ({r['by_kind']}), {r['rps']:.1f} req/s")
    print(f"  latency ms: p50 {r['p50']:.0f}, p95 {r['p95']:.0f}, p99 {r['p99']:.0f}")
    print(f"  errors {r['errors']} {r['error_samples'] if r['errors'] else ''}")
    print(f"  peak RSS: API {api_mb:.0f} MB, database server {db_mb:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
