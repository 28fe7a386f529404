"""Embedding throughput and fidelity on real code: backend x max tokens x batch size.

Inputs are pinned sdists (django 5.1.4 with its tests, ~29k functions, the
issue's target; flask 3.1.0), downloaded once with pip into
``~/.cache/graph-rag/sdists`` and parsed here with stdlib ``ast`` (the project's
parser is not needed to measure the model). A fixed random sample of functions
is turned into text by ``function_text`` and embedded by every case.

Each case reports:
- functions/s: the best of ``--rounds`` interleaved runs (the machine is shared;
  the best run is the least disturbed one), and its ratio to the floor;
- cos mean / min: cosine of each vector to the floor's (torch fp32, model's own
  256-token window), i.e. how much the case changes the embedding;
- top-10: the mean overlap of each query's 10 nearest functions with the floor's
  (queries: the first line of docstrings in the sample), i.e. whether search
  results survive the change;
- cpu ms/fn: process CPU time per function in that best run; less disturbed by
  other load than wall time, but it also counts threads spinning while they wait;
- django min: minutes to embed django's ~29k functions at that rate.

A second table times a cold start per backend: a fresh process that builds the
embedder and embeds one query (what a ``graph-rag search`` pays), ONNX export
already cached.

Run: ``.venv/bin/python bench/embed_bench.py [--corpus django] [--sample 300] [--rounds 3]``.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from graph_rag.embed import SentenceTransformerEmbedder, function_text
from graph_rag.model import Function, FunctionKind, Span

SDISTS = Path.home() / ".cache" / "graph-rag" / "sdists"
CORPORA = {
    # name: (pip requirement, folder in the sdist, packages to read)
    "django": ("django==5.1.4", "django-5.1.4", ("django", "tests")),
    "flask": ("flask==3.1.0", "flask-3.1.0", ("src", "tests")),
}
DJANGO_FUNCTIONS = 29_028  # functions in django 5.1.4's sdist (django/ and tests/), counted by this file


@dataclass(frozen=True)
class Case:
    """One configuration to time; the first is the floor the others are compared to."""

    backend: str
    max_tokens: int
    batch: int
    threads: int | None = None  # torch intra-op threads; None = torch's default (all cores)

    @property
    def label(self) -> str:
        return f"{self.backend} {self.max_tokens}t b{self.batch} th{self.threads or 'auto'}"


CASES = (
    Case("torch", 256, 16),  # the floor: the default, sentence-transformers fp32, full window
    Case("torch", 256, 8),
    Case("torch", 256, 32),
    Case("torch", 256, 128),
    Case("torch", 256, 16, threads=1),
    Case("torch", 192, 16),
    Case("torch", 128, 16),
    Case("torch", 128, 16, threads=1),
    Case("onnx", 256, 16),
    Case("onnx", 128, 16),
    Case("onnx-int8", 256, 16),
    Case("onnx-int8", 128, 16),
)


def sdist_folder(corpus: str) -> Path:
    """The extracted sdist, downloaded with pip on first use (never inside the repository)."""
    requirement, folder, _ = CORPORA[corpus]
    existing = [p for p in SDISTS.glob("*") if p.is_dir() and p.name.lower() == folder]
    if existing:
        return existing[0]
    SDISTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
         requirement, "-d", str(SDISTS)],
        check=True,
    )  # fmt: skip
    name, version = requirement.split("==")
    (archive,) = (p for p in SDISTS.glob("*.tar.gz") if p.name.lower() == f"{name}-{version}.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(SDISTS, filter="data")
    (extracted,) = (p for p in SDISTS.iterdir() if p.is_dir() and p.name.lower() == folder)
    return extracted


def read_functions(root: Path, packages: tuple[str, ...]) -> Iterator[Function]:
    """Every def in the packages' .py files, as the parser would model it (near enough)."""
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            source = path.read_text("utf-8", "replace")
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            lines = source.splitlines()
            module = ".".join(path.relative_to(root).with_suffix("").parts)
            yield from _walk(tree, module, module, path.relative_to(root).as_posix(), lines)


def _walk(node: ast.AST, prefix: str, module: str, path: str, lines: list[str]) -> Iterator[Function]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.ClassDef):
            yield from _walk(child, f"{prefix}.{child.name}", module, path, lines)
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            qualname = f"{prefix}.{child.name}"
            returns = f" -> {ast.unparse(child.returns)}" if child.returns else ""
            yield Function(
                repo_id="bench",
                qualname=qualname,
                module=module,
                kind=FunctionKind.METHOD if isinstance(node, ast.ClassDef) else FunctionKind.FUNCTION,
                span=Span(path, child.lineno, child.end_lineno or child.lineno),
                signature=f"{child.name}({ast.unparse(child.args)}){returns}",
                source="\n".join(lines[child.lineno - 1 : child.end_lineno]),
                docstring=ast.get_docstring(child) or "",
                is_async=isinstance(child, ast.AsyncFunctionDef),
            )
            yield from _walk(child, qualname, module, path, lines)


def top_k(queries: np.ndarray, docs: np.ndarray, k: int = 10) -> np.ndarray:
    return np.argsort(-(queries @ docs.T), axis=1)[:, :k]


COLD_START = """
import time; started = time.perf_counter()
from graph_rag.embed import SentenceTransformerEmbedder
SentenceTransformerEmbedder(backend={backend!r}).embed_query("parse an HTTP date")
print(time.perf_counter() - started)
"""


def cold_start(backend: str, runs: int = 2) -> tuple[float, float]:
    """Best wall time of a fresh process to the first query vector, and of its embedder code."""
    best_wall = best_inner = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", COLD_START.format(backend=backend)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        best_wall = min(best_wall, time.perf_counter() - started)
        best_inner = min(best_inner, float(out.stdout.strip().splitlines()[-1]))
    return best_wall, best_inner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="django")
    parser.add_argument("--sample", type=int, default=300, help="functions embedded per case")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved runs per case; best counts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--cases", help="comma-separated labels to run (e.g. 'torch 128t b16 thauto'); the floor always runs"
    )
    args = parser.parse_args()
    wanted = {label.strip() for label in (args.cases or "").split(",") if label.strip()}
    cases = [c for c in CASES if not wanted or c == CASES[0] or c.label in wanted]
    console = Console(width=None if sys.stdout.isatty() else 150)

    root = sdist_folder(args.corpus)
    functions = list(read_functions(root, CORPORA[args.corpus][2]))
    sample = random.Random(args.seed).sample(functions, min(args.sample, len(functions)))
    texts = [function_text(fn) for fn in sample]
    queries = [fn.docstring.splitlines()[0] for fn in sample if fn.docstring.strip()][:50]
    console.print(
        f"{args.corpus}: {len(functions)} functions; sample {len(texts)}, "
        f"{sum(map(len, texts)) / len(texts):.0f} chars/text; {len(queries)} docstring queries; "
        f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cpus"
    )

    import torch

    default_threads = torch.get_num_threads()
    embedders: dict[tuple[str, int], SentenceTransformerEmbedder] = {}
    loads: dict[tuple[str, int], float] = {}
    for case in cases:
        key = (case.backend, case.max_tokens)
        if key not in embedders:
            started = time.perf_counter()
            embedders[key] = SentenceTransformerEmbedder(
                backend=case.backend,
                max_seq_length=case.max_tokens,  # type: ignore[arg-type]
            )
            loads[key] = time.perf_counter() - started

    best: dict[Case, float] = {}
    cpu_ms: dict[Case, float] = {}
    vectors: dict[Case, np.ndarray] = {}
    query_vectors: dict[Case, np.ndarray] = {}
    for _ in range(args.rounds):
        for case in cases:
            embedder = embedders[(case.backend, case.max_tokens)]
            embedder.batch_size = case.batch
            torch.set_num_threads(case.threads or default_threads)
            embedder.embed_documents(texts[:4])  # warm the session's allocator at this batch size
            started, cpu_started = time.perf_counter(), time.process_time()
            result = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            if len(texts) / elapsed > best.get(case, 0.0):
                best[case] = len(texts) / elapsed
                cpu_ms[case] = 1000 * cpu / len(texts)
            vectors[case] = result
            if case not in query_vectors:
                query_vectors[case] = np.asarray(embedder.embed_documents(queries), dtype=np.float32)
    torch.set_num_threads(default_threads)

    floor = CASES[0]
    reference_top = top_k(query_vectors[floor], vectors[floor])
    table = Table(title=f"Embedding {len(texts)} {args.corpus} functions (best of {args.rounds})")
    for column in ("backend", "max tokens", "batch", "threads", "load s", "functions/s",
                   "x floor", "cpu ms/fn", "cos mean", "cos min", "top-10", "django min"):  # fmt: skip
        table.add_column(column, justify="left" if column == "backend" else "right")
    for case in cases:
        cos = (vectors[case] * vectors[floor]).sum(axis=1)
        top = top_k(query_vectors[case], vectors[case])
        overlap = np.mean([len(set(a) & set(b)) / len(a) for a, b in zip(top, reference_top, strict=True)])
        rate = best[case]
        table.add_row(
            case.backend + (" (floor)" if case == floor else ""),
            str(case.max_tokens),
            str(case.batch),
            str(case.threads or default_threads),
            f"{loads[(case.backend, case.max_tokens)]:.1f}",
            f"{rate:.1f}",
            f"{rate / best[floor]:.2f}",
            f"{cpu_ms[case]:.0f}",
            f"{cos.mean():.4f}",
            f"{cos.min():.4f}",
            f"{overlap:.2f}",
            f"{DJANGO_FUNCTIONS / rate / 60:.1f}",
        )
    console.print(table)

    cold = Table(title="Cold start: fresh process to the first query vector (best of 2)")
    for column in ("backend", "process s", "import + load + embed s"):
        cold.add_column(column, justify="left" if column == "backend" else "right")
    for backend in ("torch", "onnx"):
        wall, inner = cold_start(backend)
        cold.add_row(backend, f"{wall:.1f}", f"{inner:.1f}")
    console.print(cold)
    console.print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
