"""Parser benchmark on pinned sdists: speed against stdlib ast.parse, call resolution, memory.

Cases (each run in its own process, so peak memory is its own; ``--repeat N`` runs each
N times, in fresh processes and caches, and prints the median run with the range of
the ratio: on a shared 2-core machine one run's ratio moves by a third):

- requests 2.32.3, package ``src/requests``: a small, lightly typed library.
- flask 3.1.0, package ``src/flask``: target within 20x ``ast.parse`` (run alone), < 5%
  unresolved calls. Calls on what werkzeug, jinja2, click, blinker and itsdangerous
  return resolve only when their sources are read (``--with-deps`` adds a second flask
  row with flask's five pinned dependencies as ``--deps``); without them those calls
  stay unknown.
- django 5.1.4, the whole sdist (package and tests, ~2,800 files, one deliberately
  invalid file): target no crash and peak memory < 2 GiB.
- pytest 8.3.4 (``src``), fastapi 0.115.6 and starlette 0.41.3 (their packages), and
  sqlalchemy 2.0.36 (``lib``): typed libraries of the curated corpus, whose unresolved
  shares show what typing the parser reads (generic bases, ``Self``, aliases, ...).

The sdists are fetched with ``pip download --no-binary :all: --no-deps`` into a cache
outside the repository (default ``~/.cache/graph-rag/sdists``) and extracted there.
The baseline is reading and ``ast.parse``-ing the same files in one process, the
median of ``FLOOR_PASSES`` passes (one pass of flask's ~40 ms moved the ratio by
10% between runs); the ratio is ours / baseline (parse + build + inference + flow
pass, workers included).
Each case runs in a fresh single-threaded process, so its workers are forked
(graph_rag.parse.workers): even flask's 24 files are split over ``--workers``.

    python bench/parse_bench.py [--workers N] [--only flask] [--with-deps] [--repeat N]
                                [--cache DIR] [--deps DIR ...]

``--deps DIR`` (repeatable) puts a dependency's source root on astroid's path (read,
never imported) for every case; ``--with-deps`` fetches a case's own pinned
dependencies (``DEPENDENCIES``) and adds two rows that read them: the first run, which
builds the dependencies' modules and stores them (graph_rag/parse/built_cache.py, tree_cache.py),
and a second, which loads them. Both use a user cache of their own (``GRAPH_RAG_CACHE_DIR``)
holding only copies of what the user's holds for any repository alike (the stdlib's stubs,
graph_rag/parse/prebuilt.py's ``builtins``), so the first is cold whatever ran before.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

PACKAGES: dict[str, tuple[str, str]] = {
    # name: (version, directory inside the extracted sdist that is parsed)
    "requests": ("2.32.3", "src/requests"),
    "flask": ("3.1.0", "src/flask"),
    "django": ("5.1.4", "."),
    "pytest": ("8.3.4", "src"),
    "fastapi": ("0.115.6", "fastapi"),
    "starlette": ("0.41.3", "starlette"),
    "sqlalchemy": ("2.0.36", "lib"),
}
# name: [(dependency, version, its source root inside the sdist)], for --with-deps
DEPENDENCIES: dict[str, list[tuple[str, str, str]]] = {
    "flask": [
        ("werkzeug", "3.1.3", "src"),
        ("jinja2", "3.1.4", "src"),
        ("click", "8.1.7", "src"),
        ("blinker", "1.9.0", "src"),
        ("itsdangerous", "2.2.0", "src"),
    ],
}
DEFAULT_CACHE = Path.home() / ".cache" / "graph-rag" / "sdists"
FLOOR_PASSES = 3  # the ast.parse floor is the median of these passes


def fetch(name: str, version: str, cache: Path) -> Path:
    """The extracted sdist of name==version, downloaded once."""
    cache.mkdir(parents=True, exist_ok=True)
    for candidate in cache.iterdir():
        if candidate.is_dir() and candidate.name.lower() == f"{name}-{version}".lower():
            return candidate
    archives = [p for p in cache.glob("*.tar.gz") if p.name.lower() == f"{name}-{version}.tar.gz"]
    if not archives:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-binary",
                ":all:",
                "--no-deps",
                f"{name}=={version}",
                "-d",
                str(cache),
            ],
            check=True,
            capture_output=True,
        )
        archives = [p for p in cache.glob("*.tar.gz") if p.name.lower() == f"{name}-{version}.tar.gz"]
    with tarfile.open(archives[0]) as archive:
        archive.extractall(cache, filter="data")
    return fetch(name, version, cache)


def peak_rss_mib() -> float:
    """Peak resident memory of this process and of the largest worker (Linux: KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def measure(root: Path, workers: int, deps: list[Path]) -> dict[str, float]:
    """Figures of one package, measured in this (fresh) process."""
    from graph_rag.model import Repository
    from graph_rag.parse import parse_repository
    from graph_rag.parse.roots import walk_python_files

    files = walk_python_files(root)
    passes, loc = [], 0
    for _ in range(FLOOR_PASSES):
        start = time.perf_counter()
        loc = 0
        for file in files:
            source = file.read_bytes()
            loc += source.count(b"\n")
            with contextlib.suppress(SyntaxError, ValueError):
                ast.parse(source)
        passes.append(time.perf_counter() - start)
    baseline = statistics.median(passes)
    start = time.perf_counter()
    graph = parse_repository(
        root, repository=Repository(id="bench", name=root.name), workers=workers, dependencies=deps
    )
    ours = time.perf_counter() - start
    stats = graph.stats
    sites = stats.calls_inferred + stats.calls_by_name + stats.calls_unresolved
    return {
        "files": len(files),
        "loc": loc,
        "errors": len(graph.errors),
        "calls": sites,
        "edges": len(graph.calls),
        "inferred": stats.calls_inferred / sites if sites else 0,
        "by_name": stats.calls_by_name / sites if sites else 0,
        "unresolved": stats.calls_unresolved / sites if sites else 0,
        "cut_short": stats.inference_cut_short,
        "baseline_s": baseline,
        "ours_s": ours,
        "peak_mib": peak_rss_mib(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--only", choices=sorted(PACKAGES), action="append")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--deps", type=Path, action="append", default=[], help="dependency source root")
    parser.add_argument(
        "--with-deps", action="store_true", help="also run each case with its pinned dependencies as --deps"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; the median run is shown")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # internal: one case
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.workers, args.deps)))
        return

    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"graph-rag parse, {args.workers} worker(s), vs stdlib ast.parse")
    for column in (
        "case",
        "files",
        "LOC",
        "files/s",
        "LOC/s",
        "calls/s",
        "inferred",
        "by name",
        "unresolved",
        "cut short",
        "errors",
        "ast.parse s",
        "ours s",
        "ratio" if args.repeat == 1 else "ratio (range)",
        "peak MiB",
    ):
        table.add_column(column, justify="left" if column == "case" else "right")
    cases: list[tuple[str, Path, list[Path], bool]] = []  # (label, root, deps, own cache)
    for name in args.only or list(PACKAGES):
        version, inner = PACKAGES[name]
        root = fetch(name, version, args.cache) / inner
        cases.append((f"{name} {version}", root, args.deps, False))
        if args.with_deps and name in DEPENDENCIES:
            deps = [fetch(d, v, args.cache) / src for d, v, src in DEPENDENCIES[name]]
            label = f"{name} {version} + {len(deps)} deps"
            cases.append((f"{label}, modules built", root, deps, True))
            cases.append((f"{label}, modules loaded", root, deps, True))
    runs: dict[str, list[dict[str, float]]] = {label: [] for label, *_ in cases}
    trees = Path(tempfile.mkdtemp(prefix="parse-bench-cache-"))
    for attempt in range(args.repeat):
        # A fresh cache per repetition: "modules built" is a first run each time.
        caches: dict[Path, dict[str, str]] = {}
        for label, root, deps, own in cases:
            if own and root not in caches:
                caches[root] = _fresh_cache(trees / f"{root.name}-{attempt}")
            env = caches[root] if own else None
            r = _run_case(root, deps, args.workers, env)
            if r is None:
                Console(stderr=True).print(f"[red]{label} failed[/red]")
                continue
            runs[label].append(r)
    for label, done in runs.items():
        if not done:
            continue
        ratios = sorted(r["ours_s"] / r["baseline_s"] for r in done)
        r = sorted(done, key=lambda r: r["ours_s"] / r["baseline_s"])[len(done) // 2]
        spread = f" ({ratios[0]:.1f}-{ratios[-1]:.1f})" if len(done) > 1 else ""
        table.add_row(
            label,
            f"{r['files']:,}",
            f"{r['loc']:,}",
            f"{r['files'] / r['ours_s']:,.0f}",
            f"{r['loc'] / r['ours_s']:,.0f}",
            f"{r['calls'] / r['ours_s']:,.0f}",
            f"{r['inferred']:.1%}",
            f"{r['by_name']:.1%}",
            f"{r['unresolved']:.1%}",
            f"{r['cut_short']:,}",
            f"{r['errors']}",
            f"{r['baseline_s']:.2f}",
            f"{r['ours_s']:.2f}",
            f"{r['ours_s'] / r['baseline_s']:.1f}x{spread}",
            f"{r['peak_mib']:,.0f}",
        )
    Console().print(table)
    shutil.rmtree(trees, ignore_errors=True)


def _run_case(
    root: Path, deps: list[Path], workers: int, env: dict[str, str] | None
) -> dict[str, float] | None:
    """One case's figures, measured in a fresh process (None when it failed: stderr says why)."""
    run = subprocess.run(
        [
            sys.executable,
            __file__,
            "--measure",
            str(root),
            "--workers",
            str(workers),
            *(f"--deps={d}" for d in deps),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **env} if env else None,
    )
    if run.returncode != 0:
        sys.stderr.write(run.stderr[-3000:])
        return None
    return json.loads(run.stdout.strip().splitlines()[-1])


def _fresh_cache(directory: Path) -> dict[str, str]:
    """A user cache holding a copy of what this user's holds for every repository alike
    (the standard library's stubs, the prebuilt ``builtins``) and nothing else: the
    environment that points the parser at it."""
    from graph_rag.config import USER_CACHE_ENV_VAR
    from graph_rag.parse.disk_cache import cache_root

    for kept in (*cache_root().glob("stubs-*"), *cache_root().glob("prebuilt-*")):
        shutil.copytree(kept, directory / "parse" / kept.name)
    return {USER_CACHE_ENV_VAR: str(directory)}


if __name__ == "__main__":
    main()
