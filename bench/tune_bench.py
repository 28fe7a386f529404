"""Tune all-MiniLM-L6-v2 for code search on libraries the retrieval benchmark never scores.

Training code: the 30 pinned sdists below (well-documented projects), Django
5.1.4 and the running interpreter's standard library. The sdists are downloaded
once with ``pip download --no-binary :all: --no-deps NAME==X`` into
``~/.cache/graph-rag/train-sdists`` (Django comes from the benchmarks'
``~/.cache/graph-rag/sdists``). Held out: the packages of bench/retrieval_bench.py
(requests, flask, click, attrs, werkzeug, jinja2, httpx); any training pair whose
query sentence or code text also occurs there is dropped (``--hold-out``), and
typer is left out because it carries a modified copy of click.

Pairs and training are exactly ``graph-rag tune-embedder``'s
(graph_rag.services.training_pairs, graph_rag.embed.tune). Then score the model:
``bench/retrieval_bench.py --model OUT``.

Run: ``.venv/bin/python bench/tune_bench.py [--out DIR] [--epochs 1] [--batch-size 64]``
(~1 h on 2 CPU cores for one epoch of ~25,000 pairs). ``--max-pairs N`` trains on the
first N pairs of a fixed shuffled order; ``--skip-pairs N --base DIR`` goes on from a
model tuned on those N with the rest. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import sysconfig
import tarfile
import time
from pathlib import Path

from retrieval_bench import CORPUS, SDISTS
from rich.console import Console
from rich.table import Table

from graph_rag.embed.rebuild import trainable
from graph_rag.embed.sentence_transformer import resolve_model
from graph_rag.embed.tune import TuneConfig, tune
from graph_rag.services.training_pairs import collect_pairs, training_order

TRAIN_SDISTS = Path.home() / ".cache" / "graph-rag" / "train-sdists"
DEFAULT_OUT = Path.home() / ".cache" / "graph-rag" / "models" / "all-MiniLM-L6-v2-code"
# (PyPI name, version): the sdist unpacks to NAME-VERSION
TRAINING = [
    ("aiohttp", "3.11.7"), ("alembic", "1.14.0"), ("babel", "2.16.0"), ("black", "26.10.1"),
    ("boltons", "24.1.0"), ("boto3", "1.35.68"), ("botocore", "1.35.68"), ("celery", "5.4.0"),
    ("docutils", "0.23"), ("fastapi", "0.165.0"), ("kombu", "5.4.2"), ("marshmallow", "4.4.0"),
    ("more_itertools", "11.2.1"), ("networkx", "3.4.2"), ("paramiko", "3.5.0"), ("pydantic", "2.14.4"),
    ("pygments", "2.21.0"), ("pyramid", "2.0.2"), ("pytest", "9.2.0"), ("python_dateutil", "4.0.0"),
    ("rich", "15.0.0"), ("scrapy", "2.12.0"), ("sphinx", "9.0.4"), ("sqlalchemy", "2.0.36"),
    ("starlette", "1.10.0"), ("toolz", "1.0.0"), ("tornado", "6.4.2"), ("twisted", "26.10.0"),
    ("urllib3", "2.8.0"), ("sympy", "1.13.3"),
]  # fmt: skip

console = Console()


def training_roots() -> list[Path]:
    TRAIN_SDISTS.mkdir(parents=True, exist_ok=True)
    roots = []
    for name, version in TRAINING:
        archive = TRAIN_SDISTS / f"{name}-{version}.tar.gz"
        if not archive.exists():
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
                 f"{name}=={version}", "-d", str(TRAIN_SDISTS), "-q"],
                check=True,
            )  # fmt: skip
        folder = TRAIN_SDISTS / "src" / f"{name}-{version}"
        if not folder.exists():
            with tarfile.open(archive) as tar:
                tar.extractall(TRAIN_SDISTS / "src", filter="data")
        roots.append(folder)
    django = SDISTS / "Django-5.1.4"
    if not django.exists():
        raise SystemExit(f"missing {django}: run bench/parse_bench.py --only django once")
    # CPython's own standard library, as this interpreter ships it (site-packages skipped).
    return [*roots, django, Path(sysconfig.get_paths()["stdlib"])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--base", help="model to start from (default: all-MiniLM-L6-v2), e.g. a tuned one")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--learning-rate", type=float, default=3e-5)
    parser.add_argument("--chunk-size", type=int, default=64, help="texts embedded at once (GradCache)")
    parser.add_argument("--max-pairs", type=int)
    parser.add_argument(
        "--skip-pairs",
        type=int,
        default=0,
        help="leave out the first N pairs of the fixed order: go on from a model tuned on them (--base)",
    )
    parser.add_argument(
        "--batches", choices=("project", "mixed"), default="project", help="one project per batch, or any"
    )
    args = parser.parse_args()
    if args.skip_pairs < 0 or (args.skip_pairs and not args.base):
        parser.error("--skip-pairs N (N >= 0) goes on from --base, a model tuned on those first N pairs")

    began = time.perf_counter()
    held_out = [SDISTS / sdist / inner for sdist, inner in CORPUS.values()]
    found = collect_pairs(training_roots(), held_out=held_out)
    collect_s = time.perf_counter() - began
    ordered = training_order(found.pairs)[args.skip_pairs :]
    pairs = ordered[: args.max_pairs] if args.max_pairs else ordered
    config = TuneConfig(
        epochs=args.epochs,
        batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        chunk_size=args.chunk_size,
    )
    console.print(f"{len(pairs)} pairs in {collect_s:.0f} s; training {config}, {args.batches} batches")

    def progress(step: int, steps: int, loss: float) -> None:
        if step % 20 == 0 or step == steps:
            console.print(
                f"[dim]step {step}/{steps}, loss {loss:.3f}, {time.perf_counter() - began:.0f} s[/dim]"
            )

    report = tune(
        trainable(resolve_model(args.base)),
        [p.query for p in pairs],
        [p.code for p in pairs],
        args.out,
        config,
        progress,
        groups=[p.project for p in pairs] if args.batches == "project" else None,
    )
    table = Table(title="tune all-MiniLM-L6-v2 on held-out-free code pairs")
    for column in ("files", "skipped", "pairs", "held-out dropped", "repeated", "steps", "train s", "loss"):
        table.add_column(column, justify="right")
    table.add_row(
        f"{found.files:,}",
        f"{found.files_skipped:,}",
        f"{report.pairs:,}",
        f"{found.held_out_dropped:,}",
        f"{found.repeated_dropped:,}",
        f"{report.steps:,}",
        f"{report.seconds:.0f}",
        f"{report.first_loss:.3f} -> {report.last_loss:.3f}",
    )
    console.print(table)
    console.print(f"saved {args.out}; score it: .venv/bin/python bench/retrieval_bench.py --model {args.out}")


if __name__ == "__main__":
    main()
