"""What the embedded text should hold: vector-only retrieval for variants of it.

The corpus and queries of ``bench/retrieval_bench.py`` (the same seven pinned
sdists, each query a docstring's first full sentence, the docstring left out of what
is embedded), parsed here by the project's parser without a database, so that the
graph's own facts can go into the text. Each variant embeds every function with the
ingest embedder and ranks by exact cosine (no index: the text alone is compared).

Variants:
- baseline: ``function_text(include_docstring=False)``, what ingest embeds;
- callees: the baseline plus a line naming what the function calls (CALLS edges);
- no kind word: the baseline without ``function``/``method`` before the name;
- name and signature: the first two lines only;
- two vectors: the baseline's cosine plus ``w`` times the name-and-signature one's;
- class / module docstring sentence: the baseline plus a line with the first sentence
  of the enclosing class's (methods) or module's docstring, unless it is the
  function's own first sentence.

Measured at 2026-12-06 with the default model (1,209 queries, 3,728 functions):
baseline 0.412 MRR@10; callees 0.401; no kind word 0.404; class sentence 0.394;
module sentence 0.401; class else module 0.390; name and signature only 0.392; two
vectors 0.426 / 0.428 / 0.424 at w = 0.25 / 0.5 / 1. Context from the enclosing class
or module makes a class's methods more alike to the model, so it ranks the right one
lower: ingest leaves it out.

Run: ``.venv/bin/python bench/text_ablation_bench.py`` (a few minutes: each variant
embeds ~3,700 texts; vectors are kept in ``~/.cache/graph-rag/bench/ablation.pkl``
for the next run). Prints MRR@10 and Recall@1. Not part of the test suite.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from retrieval_bench import CORPUS, SDISTS  # run as a script: its folder is on the path

from graph_rag.embed import SentenceTransformerEmbedder, function_text
from graph_rag.embed.text import name_words
from graph_rag.model import Function, Repository
from graph_rag.parse import parse_repository
from graph_rag.services.embedding import ingest_backend
from graph_rag.services.pairs import first_sentence
from graph_rag.services.training_pairs import query_sentence

CACHE = Path.home() / ".cache" / "graph-rag" / "bench" / "ablation.pkl"
K = 10


def parse_corpus(
    work: Path,
) -> tuple[list[Function], dict[tuple[str, str], list[str]], dict[tuple[str, str], str]]:
    """Every function of the corpus, each caller's callees (qualified names), and the
    docstrings of its classes and modules (by repository and qualified name)."""
    functions: list[Function] = []
    callees: dict[tuple[str, str], list[str]] = {}
    docstrings: dict[tuple[str, str], str] = {}
    for name, (sdist, inner) in CORPUS.items():
        root = SDISTS / sdist / inner
        if inner != "src":  # a flat layout: parse the package in a folder of its own
            root = work / name
            shutil.copytree(SDISTS / sdist / inner, root / inner)
        graph = parse_repository(root, repository=Repository(id=name, name=name), workers=2)
        functions.extend(graph.functions)
        for call in graph.calls:
            callees.setdefault((name, call.caller), []).append(call.callee)
        for owner in (*graph.classes, *(parsed.module for parsed in graph.files)):
            docstrings[(name, owner.qualname)] = owner.docstring
    return functions, callees, docstrings


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with tempfile.TemporaryDirectory() as work:
        functions, callees, docstrings = parse_corpus(Path(work))
    by_sentence: dict[str, list[str]] = {}
    for fn in functions:
        sentence = query_sentence(fn.docstring) if fn.docstring and not fn.is_test else None
        if sentence:
            by_sentence.setdefault(sentence, []).append(fn.id)
    queries = [(s, ids[0]) for s, ids in sorted(by_sentence.items()) if len(ids) == 1]
    print(f"{len(functions)} functions, {len(queries)} queries")

    embedder = SentenceTransformerEmbedder(None, backend=ingest_backend(None))
    vectors: dict[str, np.ndarray] = pickle.loads(CACHE.read_bytes()) if CACHE.exists() else {}

    def embed(texts: list[str]) -> np.ndarray:
        missing = sorted({t for t in texts if t not in vectors})
        for text, vector in zip(missing, embedder.embed_documents(missing), strict=True):
            vectors[text] = np.asarray(vector, dtype=np.float32)
        if missing:
            CACHE.parent.mkdir(parents=True, exist_ok=True)
            CACHE.write_bytes(pickle.dumps(vectors))
        matrix = np.stack([vectors[t] for t in texts])
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)

    asked = embed([q for q, _ in queries])
    position = {fn.id: i for i, fn in enumerate(functions)}

    def similarities(text: Callable[[Function], str]) -> np.ndarray:
        return asked @ embed([text(fn) for fn in functions]).T

    def report(label: str, scores: np.ndarray) -> None:
        ranks = [int((scores[i] > scores[i, position[t]]).sum()) for i, (_, t) in enumerate(queries)]
        mrr = np.mean([1 / (r + 1) if r < K else 0.0 for r in ranks])
        print(f"{label:48s} MRR@10 {mrr:.4f}  Recall@1 {np.mean([r == 0 for r in ranks]):.4f}")

    def baseline(fn: Function) -> str:
        return function_text(fn, include_docstring=False)

    def with_callees(fn: Function) -> str:
        names = dict.fromkeys(c.rpartition(".")[2] for c in callees.get((fn.repo_id, fn.qualname), []))
        lines = baseline(fn).split("\n")
        if names:
            called = " ".join(name_words(n) for n in list(names)[:12])
            lines.insert(2 if fn.signature else 1, f"calls {called}")
        return "\n".join(lines)

    def without_kind(fn: Function) -> str:
        first, _, rest = baseline(fn).partition("\n")
        return first.partition(" ")[2] + ("\n" + rest if rest else "")

    def name_and_signature(fn: Function) -> str:
        return f"{fn.kind} {name_words(fn.qualname)}\n{fn.signature}"

    def with_context(fn: Function, owners: tuple[str, ...]) -> str:
        """The baseline plus the first sentence of the enclosing class's or module's
        docstring, unless it repeats the function's own (that would give the answer away)."""
        own = first_sentence(fn.docstring) if fn.docstring else ""
        for owner in owners:
            sentence = first_sentence(docstrings.get((fn.repo_id, owner), ""))
            if sentence and sentence != own:
                lines = baseline(fn).split("\n")
                context = f"in {name_words(owner.rpartition('.')[2])}: {sentence}"
                lines.insert(2 if fn.signature else 1, context)
                return "\n".join(lines)
        return baseline(fn)

    def in_class(fn: Function) -> tuple[str, ...]:
        return (fn.parent,) if fn.parent != fn.module else ()

    full = similarities(baseline)
    report("baseline (what ingest embeds)", full)
    report("callees named after the signature", similarities(with_callees))
    report("no kind word", similarities(without_kind))
    report("class docstring sentence (methods)", similarities(lambda fn: with_context(fn, in_class(fn))))
    report("module docstring sentence", similarities(lambda fn: with_context(fn, (fn.module,))))
    report(
        "class, else module docstring sentence",
        similarities(lambda fn: with_context(fn, (*in_class(fn), fn.module))),
    )
    short = similarities(name_and_signature)
    report("name and signature only", short)
    for weight in (0.25, 0.5, 1.0):
        report(f"two vectors: text + {weight} x name and signature", full + weight * short)


if __name__ == "__main__":
    main()
