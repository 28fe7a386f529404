"""End-to-end ingest of pinned sdists into a fresh local server, without embeddings.

Usage:  .venv/bin/python bench/ingest_bench.py [--only requests,flask,django] [--workers N]

Cases (each a fresh copy of the sdist, so one file can be touched):
  full       discover + parse + write + structure of the whole package, cold graph
  unchanged  the same ingest again: nothing parsed, nothing written
  one file   re-ingest after appending a function to one module (structure and quality
             signals updated by the incremental rule of services/structure.py)

Floors printed beside our figures:
  write      per-row MERGE over Bolt (one node per query, the naive way), measured
             on a sample of the same rows in the same run
  parse      stdlib ast.parse over the same files

Peak memory: this process (parse workers included, RUSAGE_CHILDREN) and the
database server's high-water mark (VmHWM), reported separately.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import os
import resource
import shutil
import tarfile
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from graph_rag.db import LocalServer, free_port
from graph_rag.services.connection import local_spec
from graph_rag.services.ingest import IngestReport, ingest
from graph_rag.sources import discover_files
from graph_rag.store import GraphStore, QueryRegistry, apply_schema
from graph_rag.store.queries import CYPHER_DIR

SDISTS = {"requests": "requests==2.32.3", "flask": "flask==3.1.0", "django": "Django==5.1.4"}
CACHE = Path(os.environ.get("GRAPH_RAG_SDIST_CACHE", "~/.cache/graph-rag/sdists")).expanduser()
TOUCHED = {
    "requests": "src/requests/api.py",
    "flask": "src/flask/helpers.py",
    "django": "django/utils/text.py",
}


def sdist(pin: str) -> Path:
    """The extracted sdist directory, downloading it with pip the first time."""
    name, version = pin.split("==")
    for candidate in CACHE.glob(f"*{version}"):
        if candidate.is_dir() and candidate.name.lower().startswith(name.lower()):
            return candidate
    CACHE.mkdir(parents=True, exist_ok=True)
    os.system(f"pip download --quiet --no-binary :all: --no-deps {pin} -d {CACHE}")
    archive = next(CACHE.glob(f"{name}-{version}.tar.gz"), None) or next(
        CACHE.glob(f"{name.lower()}-{version}.tar.gz")
    )
    with tarfile.open(archive) as tar:
        tar.extractall(CACHE, filter="data")
    return sdist(pin)


def peak_mib() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, children


def server_peak_mib(server: LocalServer) -> float:
    pid = server.status().pid
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def ast_floor(root: Path) -> float:
    files = discover_files(root).files
    began = time.perf_counter()
    for rel in files:
        with contextlib.suppress(SyntaxError, ValueError):
            ast.parse((root / rel).read_bytes())
    return time.perf_counter() - began


def naive_merge_rate(store: GraphStore, rows: int = 2000) -> float:
    """Nodes per second written one MERGE per query (the floor the batched path must beat)."""
    began = time.perf_counter()
    for i in range(rows):
        store.write("bench.naive_merge", id=f"bench:n{i}", name=f"n{i}", source="def f():\n    pass\n" * 5)
    rate = rows / (time.perf_counter() - began)
    store.write("bench.naive_cleanup")
    return rate


def run_case(store: GraphStore, root: Path, name: str, workers: int | None) -> IngestReport:
    return ingest(str(root), store=store, cache_dir=root.parent / "cache", name=name, workers=workers)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default=",".join(SDISTS))
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    console = Console(width=200)

    work = Path(tempfile.mkdtemp(prefix="graph-rag-ingest-bench-"))
    server = LocalServer(work / "db", bolt_port=free_port(), http_port=free_port())
    server.start()
    try:
        queries = QueryRegistry.load(CYPHER_DIR, Path(__file__).parent / "cypher")
        spec = local_spec(server)
        store = GraphStore.connect(spec, queries=queries)
        apply_schema(store, embedding_model="all-MiniLM-L6-v2", dimensions=384)
        floor_rate = naive_merge_rate(store)

        table = Table(title="graph-rag ingest (no embeddings), local ArcadeDB server, one run")
        for column in (
            "package",
            "case",
            "files",
            "parsed",
            "discover s",
            "parse s",
            "ast.parse s",
            "write s",
            "structure s",
            "total s",
            "nodes+rels written",
            "write rate /s",
            "naive MERGE /s",
            "ratio",
        ):
            table.add_column(column, justify="right")
        for name in args.only.split(","):
            source = sdist(SDISTS[name])
            root = work / name / source.name
            shutil.copytree(source, root)
            floor = ast_floor(root)
            cases = []
            began = time.perf_counter()
            cases.append(("full", run_case(store, root, name, args.workers), time.perf_counter() - began))
            began = time.perf_counter()
            cases.append(
                ("unchanged", run_case(store, root, name, args.workers), time.perf_counter() - began)
            )
            touched = root / TOUCHED[name]
            touched.write_text(touched.read_text() + "\n\ndef bench_added():\n    return len([])\n")
            began = time.perf_counter()
            cases.append(("one file", run_case(store, root, name, args.workers), time.perf_counter() - began))
            for case, report, total in cases:
                written = report.write.nodes + report.write.relationships
                write_s = report.seconds.get("write", 0.0)
                rate = written / write_s if write_s and written else 0.0
                table.add_row(
                    name,
                    case,
                    str(report.files_discovered),
                    str(report.files_parsed),
                    f"{report.seconds.get('discover', 0):.1f}",
                    f"{report.seconds.get('parse', 0):.1f}",
                    f"{floor:.1f}" if case == "full" else "",
                    f"{write_s:.1f}",
                    f"{report.seconds.get('structure', 0):.1f}",
                    f"{total:.1f}",
                    f"{written:,}",
                    f"{rate:,.0f}" if rate else "",
                    f"{floor_rate:,.0f}",
                    f"{rate / floor_rate:.1f}x" if rate else "",
                )
            for case, report, _ in cases:
                if report.structure is not None:
                    done = report.structure
                    path = "full" if done.full else f"incremental (PageRank L1 bound {done.drift:.1f})"
                    console.print(f"{name} {case}: structure {path}, {done.updated} functions written")
        console.print(table)
        me, children = peak_mib()
        console.print(
            f"peak RSS: ingest process {me:.0f} MiB, parse workers {children:.0f} MiB, "
            f"database server {server_peak_mib(server):.0f} MiB"
        )
        store.close()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
