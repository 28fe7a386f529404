"""Fit hybrid search's fusion weights on libraries the retrieval benchmark never scores.

Hybrid search scores each candidate of its two ranked lists as
``w_v / (c + rank_vector) + w_f / (c + rank_fulltext)`` plus, scaled by
``1 / (c + 1)``, the CALLS prior and the name evidence of graph_rag.search.evidence
(shares of the query's words in the function's name, enclosing name and
signature; dunder and private flags). This script fits those weights.

Data: ``bench/retrieval_bench.py --corpus train --save-lists FILE`` ingests ten
of bench/tune_bench.py's training libraries (retrieval_bench.TRAIN_CORPUS), asks
every CodeSearchNet-style query of theirs (a docstring's first sentence, the
docstring left out of what is indexed) and saves both ranked lists, 30 deep, as
hybrid search fetches them.

Fit: a listwise softmax regression (each query's candidates compete for its target;
L2 on standardized features), per rank constant ``c``, scored by MRR@10 with 2-fold
cross-validation over the training queries; then fitted on all of them and scaled
so the vector weight is 1. The benchmark's libraries are never read here: what
bench/retrieval_bench.py then reports for the shipped weights is measured on code
they never saw.

For a model of your own (a tuned one ranks well alone and needs less of the rest),
make the lists with ``--model DIR`` and fit with ``--out weights.json``, then search
with ``GRAPH_RAG_FUSION_WEIGHTS=weights.json``. Fitting on code the model was tuned on
flatters the vector list: hold some libraries out of the tuning.

Run: ``.venv/bin/python bench/fusion_fit.py FILE [--held-out FILE] [--out weights.json]``
(about a minute). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from graph_rag.search import DEFAULT_WEIGHTS, FusionWeights
from graph_rag.search.evidence import EVIDENCE, QueryWords

FEATURES = ("vector", "fulltext", "prior", *EVIDENCE)
K = 10
console = Console()


@dataclass
class QueryCandidates:
    raw: np.ndarray  # candidates x (rank_vector, rank_fulltext, callers, *evidence); rank 0 = absent
    target: int  # row of the target, -1 when neither list holds it


def candidates(text: str, target: str, lists: dict[str, list[dict]]) -> QueryCandidates:
    """The union of both lists with what the fusion reads of each candidate."""
    words = QueryWords(text)
    ranks = {name: {row["id"]: r for r, row in enumerate(rows, 1)} for name, rows in lists.items()}
    rows = {row["id"]: row for rs in lists.values() for row in rs}
    raw = []
    for i, row in rows.items():
        e = words.row_evidence(row)
        counts = [ranks["vector"].get(i, 0), ranks["fulltext"].get(i, 0), int(row.get("callers") or 0)]
        raw.append(counts + [float(getattr(e, name)) for name in EVIDENCE])
    ids = list(rows)
    return QueryCandidates(np.array(raw, dtype=float), ids.index(target) if target in rows else -1)


def features(q: QueryCandidates, c: float) -> np.ndarray:
    """The fusion's terms, unweighted: ``score = features @ weights``."""
    x = np.empty_like(q.raw)
    for col in (0, 1):
        rank = q.raw[:, col]
        x[:, col] = np.where(rank > 0, 1.0 / (c + rank), 0.0)
    x[:, 2] = np.log1p(q.raw[:, 2]) / (c + 1)
    x[:, 3:] = q.raw[:, 3:] / (c + 1)
    return x


def mrr(data: list[QueryCandidates], xs: list[np.ndarray], w: np.ndarray) -> float:
    total = 0.0
    for q, x in zip(data, xs, strict=True):
        if q.target < 0:
            continue
        s = x @ w
        # ties go to the candidate seen first, as fusion.fuse orders them
        rank = 1 + int(np.sum(s > s[q.target])) + int(np.sum(s[: q.target] == s[q.target]))
        total += 1.0 / rank if rank <= K else 0.0
    return total / len(data)


def fit(xs: list[np.ndarray], data: list[QueryCandidates], mask: np.ndarray, l2: float) -> np.ndarray:
    """Listwise softmax regression by gradient descent; weights for the raw features."""
    kept = [(x, q.target) for x, q in zip(xs, data, strict=True) if q.target >= 0]
    scale = np.vstack([x for x, _ in kept]).std(0) + 1e-12
    u = np.zeros(len(FEATURES))
    u[0] = u[1] = 1.0  # start from equal rank fusion
    u *= mask
    lr = 0.5
    for _ in range(400):
        grad = np.zeros_like(u)
        for x, t in kept:
            z = x / scale
            s = z @ u
            p = np.exp(s - s.max())
            p /= p.sum()
            grad += z.T @ p - z[t]
        u -= lr * (grad / len(kept) + l2 * u) * mask
    return u / scale


def load(path: Path) -> list[QueryCandidates]:
    saved = pickle.loads(path.read_bytes())
    return [
        candidates(t, target, ls) for (t, target), ls in zip(saved["queries"], saved["lists"], strict=True)
    ]


def as_vector(weights: FusionWeights) -> np.ndarray:
    return np.array(
        [weights.vector, weights.fulltext, weights.prior, *(getattr(weights, n) for n in EVIDENCE)]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lists", type=Path, help="from retrieval_bench.py --corpus train --save-lists")
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument(
        "--held-out",
        type=Path,
        help="the benchmark's lists (retrieval_bench.py --save-lists): scored after the choice, not for it",
    )
    parser.add_argument(
        "--out", type=Path, help="write the chosen weights here as JSON, for GRAPH_RAG_FUSION_WEIGHTS"
    )
    args = parser.parse_args()
    data = load(args.lists)
    found = sum(q.target >= 0 for q in data) / len(data)
    console.print(f"{len(data)} training queries; the target is among the candidates for {found:.1%}")
    halves = [list(range(0, len(data), 2)), list(range(1, len(data), 2))]
    shipped = DEFAULT_WEIGHTS
    table = Table(title="fusion fitted on the training libraries (MRR@10 over their queries)")
    for col in ("c", "terms", "2-fold CV", "fitted on all", "weights (vector = 1)"):
        table.add_column(col, justify="left" if col in ("terms", "weights (vector = 1)") else "right")
    rank_terms = np.array([1.0, 1.0, 1.0] + [0.0] * len(EVIDENCE))  # vector, fulltext, prior
    every_term = np.ones(len(FEATURES))
    best: tuple[float, float, np.ndarray] | None = None
    for c in (5.0, 10.0, 20.0):
        xs = [features(q, c) for q in data]
        for label, mask in (("ranks and prior", rank_terms), ("ranks, prior, name evidence", every_term)):
            cv = 0.0
            for train, test in ((halves[0], halves[1]), (halves[1], halves[0])):
                w = fit([xs[i] for i in train], [data[i] for i in train], mask, args.l2)
                cv += mrr([data[i] for i in test], [xs[i] for i in test], w) * len(test)
            cv /= len(data)
            w = fit(xs, data, mask, args.l2)
            w = w / w[0]
            table.add_row(
                f"{c:g}",
                label,
                f"{cv:.4f}",
                f"{mrr(data, xs, w):.4f}",
                ", ".join(f"{n} {v:.3f}" for n, v in zip(FEATURES, w, strict=True) if v),
            )
            if mask is every_term and (best is None or cv > best[0]):
                best = (cv, c, w)
    xs = [features(q, shipped.c) for q in data]
    table.add_row(f"{shipped.c:g}", f"shipped: {shipped}", "", f"{mrr(data, xs, as_vector(shipped)):.4f}", "")
    console.print(table)
    assert best is not None
    _, c, w = best
    values = dict(zip(FEATURES, (round(float(v), 3) for v in w), strict=True))
    chosen = FusionWeights(**values, c=c, depth=shipped.depth)
    console.print(f"best by cross-validation, to ship: {chosen}")
    if not math.isclose(values["vector"], 1.0):
        raise SystemExit("the vector weight did not normalise to 1")
    if args.out:
        args.out.write_text(json.dumps(dataclasses.asdict(chosen), indent=2) + "\n")
        console.print(f"saved {args.out}: GRAPH_RAG_FUSION_WEIGHTS={args.out} graph-rag search ...")
    if args.held_out:
        held = load(args.held_out)
        for label, weights in (("shipped", shipped), ("chosen here", chosen)):
            score = mrr(held, [features(q, weights.c) for q in held], as_vector(weights))
            console.print(
                f"held-out ({len(held)} queries of {args.held_out.name}), {label}: MRR@10 {score:.4f}"
            )


if __name__ == "__main__":
    main()
