"""The parser's call edges on the pinned sdists, saved at one commit and compared with another.

Every change to the parser is checked on real code nobody here wrote: save the edges
before the change, save them after, and read every edge the change removed (and a
sample of those it added) against the source. An edge is ``caller, callee, line``;
confidence is left out, so a call that moves from name resolution to inference is
no change. The cases and sdists are ``bench/parse_bench.py``'s.

    python bench/edge_diff.py save DIR [--only NAME]... [--whole]   # DIR/<case>.tsv and .json
    python bench/edge_diff.py compare OLD NEW [--show N]    # per case: +added -removed

To save another commit's edges, point PYTHONPATH at a worktree of it:

    git worktree add /tmp/base COMMIT
    PYTHONPATH=/tmp/base python bench/edge_diff.py save /tmp/edges-base
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parse_bench import DEFAULT_CACHE, PACKAGES, fetch  # a sibling script


def save(directory: Path, names: list[str], cache: Path, workers: int | None, whole: bool = False) -> None:
    from graph_rag.model import Repository
    from graph_rag.parse import parse_repository

    directory.mkdir(parents=True, exist_ok=True)
    for name in names:
        version, inner = PACKAGES[name]
        root = fetch(name, version, cache) / ("" if whole else inner)  # --whole: tests and examples too
        started = time.perf_counter()
        graph = parse_repository(root, repository=Repository(id=name, name=name), workers=workers)
        seconds = time.perf_counter() - started
        edges = sorted({f"{c.caller}\t{c.callee}\t{c.lineno}" for f in graph.files for c in f.calls})
        text = "\n".join(edges) + "\n"
        (directory / f"{name}.tsv").write_text(text)
        stats = graph.stats
        sites = stats.calls_inferred + stats.calls_by_name + stats.calls_unresolved
        summary = {
            "case": f"{name} {version}",
            "sites": sites,
            "unresolved": stats.calls_unresolved,
            "cut_short": stats.inference_cut_short,
            "edges": len(edges),
            "md5": hashlib.md5(text.encode()).hexdigest(),
            "seconds": round(seconds, 1),
        }
        (directory / f"{name}.json").write_text(json.dumps(summary, indent=1))
        print(
            f"{summary['case']:<20} {sites:>8,} sites {stats.calls_unresolved:>7,} unresolved "
            f"({stats.calls_unresolved / max(sites, 1):.1%})  {len(edges):>7,} edges  "
            f"md5 {summary['md5'][:8]}  {seconds:.1f} s  cut short {stats.inference_cut_short}"
        )


def compare(old: Path, new: Path, show: int) -> None:
    for new_edges in sorted(new.glob("*.tsv")):
        old_edges = old / new_edges.name
        if not old_edges.exists():
            continue
        before = set(old_edges.read_text().splitlines())
        after = set(new_edges.read_text().splitlines())
        added, removed = sorted(after - before), sorted(before - after)
        was = json.loads(old_edges.with_suffix(".json").read_text())
        now = json.loads(new_edges.with_suffix(".json").read_text())
        print(
            f"{now['case']:<20} unresolved {was['unresolved']:,} -> {now['unresolved']:,} "
            f"of {now['sites']:,}   +{len(added)} -{len(removed)}"
        )
        for label, edges in (("removed", removed), ("added", added)):
            callees = Counter(edge.split("\t")[1] for edge in edges)
            for callee, count in callees.most_common(show):
                print(f"    {label:<8} {count:>4} x {callee}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    saving = commands.add_parser("save", help="parse the sdists and save their edges")
    saving.add_argument("directory", type=Path)
    saving.add_argument("--only", choices=sorted(PACKAGES), action="append")
    saving.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    saving.add_argument("--workers", type=int, default=None, help="default: one per core")
    saving.add_argument("--whole", action="store_true", help="the whole sdist (tests too), not the package")
    comparing = commands.add_parser("compare", help="edges added and removed between two saves")
    comparing.add_argument("old", type=Path)
    comparing.add_argument("new", type=Path)
    comparing.add_argument("--show", type=int, default=10, help="callees listed per case and side")
    args = parser.parse_args()
    if args.command == "save":
        save(args.directory, args.only or list(PACKAGES), args.cache, args.workers, args.whole)
    else:
        compare(args.old, args.new, args.show)


if __name__ == "__main__":
    main()
