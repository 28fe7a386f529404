"""graph-rag's PyCG-format call graphs scored on PyCG's own micro-benchmark, beside PyCG.

PyCG's sdist (pycg 0.0.8 on PyPI) ships the micro-benchmark of its paper: small
programs in 17 categories (args, classes, decorators, dicts, mro, ...), each with the
call graph PyCG's authors wrote by hand (``callgraph.json``). Each case is exported
the way a user would (``graph_rag.parse.pycg.callgraph`` of the case's folder, which
``graph-rag export callgraph DIR --format pycg`` prints) and compared with that file:

- precision and recall over (caller, callee) edges, per category and in all;
- exact: cases whose whole output equals the hand-written graph, keys included (the
  test PyCG's own suite applies to itself).

The same cases are run through PyCG itself (its CLI, installed from the same sdist into
the cache, never into the project's venv) for the floor. ``--speed`` also times both
tools, and stdlib ``ast.parse`` (the floor of ``parse_bench.py``), on flask 3.1.0's
package. Nothing here is part of the test suite's pass/fail.

    python bench/pycg_bench.py [--cache DIR] [--diffs] [--speed] [--save FILE]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from parse_bench import DEFAULT_CACHE, PACKAGES, fetch

PYCG_VERSION = "0.0.8"
Graph = dict[str, list[str]]
Edge = tuple[str, str]


@dataclass
class Score:
    cases: int = 0
    exact: int = 0
    expected: int = 0
    found: int = 0
    correct: int = 0
    failed: int = 0  # the tool crashed or timed out on the case
    misses: list[str] = field(default_factory=list)

    def add(self, expected: Graph, found: Graph | None, case: str) -> None:
        self.cases += 1
        want = edges(expected)
        self.expected += len(want)
        if found is None:
            self.failed += 1
            return
        got = edges(found)
        self.found += len(got)
        self.correct += len(want & got)
        if normalised(found) == normalised(expected):
            self.exact += 1
        else:
            missing = sorted(f"{a} -> {b}" for a, b in want - got)
            extra = sorted(f"{a} -> {b}" for a, b in got - want)
            keys = sorted(set(expected) ^ set(found))
            self.misses.append(f"{case}: missing {missing} extra {extra} keys differ {keys}")

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def edges(graph: Graph) -> set[Edge]:
    return {(caller, callee) for caller, callees in graph.items() for callee in callees}


def normalised(graph: Graph) -> dict[str, list[str]]:
    return {caller: sorted(set(callees)) for caller, callees in graph.items()}


def cases(benchmark: Path) -> list[Path]:
    return sorted(p.parent for p in (benchmark / "snippets").glob("*/*/callgraph.json"))


def install_pycg(sdist: Path, cache: Path) -> Path:
    """PyCG installed from its sdist into a folder of the cache (its own, not the venv's)."""
    target = cache / f"pycg-{PYCG_VERSION}-lib"
    if not (target / "pycg").is_dir():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--target",
                str(target),
                str(sdist),
            ],
            check=True,
            timeout=300,
        )
    return target


def run_pycg(
    lib: Path, package: Path, entry_points: list[Path], timeout: float
) -> tuple[Graph | None, float]:
    """PyCG's call graph of entry_points and the seconds its analysis took (in its process)."""
    script = (
        "import json, sys, time\n"
        "from pycg.pycg import CallGraphGenerator\n"
        "from pycg.utils.constants import CALL_GRAPH_OP\n"
        "start = time.perf_counter()\n"
        "cg = CallGraphGenerator(sys.argv[2:], sys.argv[1], -1, CALL_GRAPH_OP)\n"
        "cg.analyze()\n"
        "out = {caller: sorted(callees) for caller, callees in cg.output().items()}\n"
        "print(json.dumps({'seconds': time.perf_counter() - start, 'graph': out}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(lib)}
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, str(package), *map(str, entry_points)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=package,
        )
    except subprocess.TimeoutExpired:
        return None, timeout
    if done.returncode != 0:
        return None, 0.0
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["graph"], result["seconds"]


def run_ours(folder: Path, workers: int = 1) -> Graph | None:
    from graph_rag.parse.pycg import callgraph

    try:
        return callgraph(folder, workers=workers)
    except Exception as error:  # a crash is scored as a failed case, and shown
        print(f"graph-rag failed on {folder}: {error!r}", file=sys.stderr)
        return None


def score(benchmark: Path, lib: Path) -> tuple[dict[str, Score], dict[str, Score]]:
    ours: dict[str, Score] = defaultdict(Score)
    theirs: dict[str, Score] = defaultdict(Score)
    for case in cases(benchmark):
        category, name = case.parent.name, case.name
        expected = json.loads((case / "callgraph.json").read_text())
        ours[category].add(expected, run_ours(case), f"{category}/{name}")
        pycg_graph, _ = run_pycg(lib, case, [case / "main.py"], timeout=60)
        theirs[category].add(expected, pycg_graph, f"{category}/{name}")
    return dict(ours), dict(theirs)


def total(scores: dict[str, Score]) -> Score:
    whole = Score()
    for s in scores.values():
        for name in ("cases", "exact", "expected", "found", "correct", "failed"):
            setattr(whole, name, getattr(whole, name) + getattr(s, name))
    return whole


def print_accuracy(ours: dict[str, Score], theirs: dict[str, Score]) -> None:
    header = (
        f"{'category':<14} {'cases':>5} {'edges':>5} | {'graph-rag P':>11} {'R':>6} {'exact':>6} |"
        f" {'PyCG P':>7} {'R':>6} {'exact':>6} {'failed':>6}"
    )
    print(header)
    print("-" * len(header))
    rows = [*sorted(ours), "all"]
    for category in rows:
        a = total(ours) if category == "all" else ours[category]
        b = total(theirs) if category == "all" else theirs[category]
        print(
            f"{category:<14} {a.cases:>5} {a.expected:>5} |"
            f" {a.precision:>11.3f} {a.recall:>6.3f} {a.exact:>6} |"
            f" {b.precision:>7.3f} {b.recall:>6.3f} {b.exact:>6} {b.failed:>6}"
        )


def speed(cache: Path, lib: Path, workers: int) -> dict[str, float]:
    """flask's package: ast.parse (median of 3), graph-rag, PyCG (every file an entry point)."""
    version, inner = PACKAGES["flask"]
    package = fetch("flask", version, cache) / inner
    files = sorted(package.rglob("*.py"))
    floors = []
    for _ in range(3):
        start = time.perf_counter()
        for path in files:
            ast.parse(path.read_bytes(), filename=str(path))
        floors.append(time.perf_counter() - start)
    floor = statistics.median(floors)
    # graph-rag in a fresh single-threaded process, as parse_bench runs it (workers fork)
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from graph_rag.parse.pycg import callgraph\n"
        "start = time.perf_counter()\n"
        "callgraph(Path(sys.argv[1]), workers=int(sys.argv[2]))\n"
        "print(time.perf_counter() - start)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(package), str(workers)], capture_output=True, text=True, check=True
    )
    ours = float(done.stdout.strip().splitlines()[-1])
    _, theirs = run_pycg(lib, package.parent, files, timeout=600)
    return {"files": len(files), "ast_parse_s": floor, "graph_rag_s": ours, "pycg_s": theirs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--diffs", action="store_true", help="print each case graph-rag gets wrong")
    parser.add_argument("--speed", action="store_true", help="also time both tools on flask's package")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--save", type=Path, help="write the figures as JSON")
    args = parser.parse_args()

    sdist_dir = fetch("pycg", PYCG_VERSION, args.cache)
    lib = install_pycg(sdist_dir, args.cache)
    benchmark = sdist_dir / "micro-benchmark"
    with tempfile.TemporaryDirectory():
        ours, theirs = score(benchmark, lib)
    print(f"PyCG {PYCG_VERSION} micro-benchmark: {total(ours).cases} cases\n")
    print_accuracy(ours, theirs)
    if args.diffs:
        print("\ngraph-rag's differences from the hand-written graphs:")
        for category in sorted(ours):
            for line in ours[category].misses:
                print(f"  {line}")
    figures: dict[str, object] = {
        "graph_rag": {c: vars_of(s) for c, s in {**ours, "all": total(ours)}.items()},
        "pycg": {c: vars_of(s) for c, s in {**theirs, "all": total(theirs)}.items()},
    }
    if args.speed:
        timing = speed(args.cache, lib, args.workers)
        floor = timing["ast_parse_s"]
        print(
            f"\nflask {PACKAGES['flask'][0]} package, {timing['files']} files"
            f" ({args.workers} workers for graph-rag):"
        )
        print(f"{'tool':<12} {'seconds':>8} {'x ast.parse':>12}")
        for tool, key in (("ast.parse", "ast_parse_s"), ("graph-rag", "graph_rag_s"), ("PyCG", "pycg_s")):
            print(f"{tool:<12} {timing[key]:>8.2f} {timing[key] / floor:>11.1f}x")
        figures["flask_speed"] = timing
    if args.save:
        args.save.write_text(json.dumps(figures, indent=2) + "\n")


def vars_of(s: Score) -> dict[str, float | int]:
    return {
        "cases": s.cases,
        "exact": s.exact,
        "edges": s.expected,
        "precision": round(s.precision, 4),
        "recall": round(s.recall, 4),
        "failed": s.failed,
    }


if __name__ == "__main__":
    main()
