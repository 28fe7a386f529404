"""Reciprocal rank fusion of ranked lists, plus a structural prior.

``score(f) = sum_m w_m / (c + rank_m(f)) + w_prior * log1p(callers(f)) / (c + 1)``

A function missing from a list contributes nothing for it. The prior is scaled
by ``1 / (c + 1)`` (the most a rank-1 hit gets) so its weight reads as "a
fraction of a first place per e-fold of callers". The defaults were measured on
bench/retrieval_bench.py (see bench/results/retrieval.json), not guessed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class FusionWeights:
    """Measured on bench/retrieval_bench.py (1,180 queries, bench/results/retrieval.json).
    Chosen as the best of a grid of fulltext weight x prior x c on all queries (MRR@10
    0.494 against 0.427 for vector alone; 0.490 with 2-fold cross-validated weights);
    RRF's usual c=60 with equal weights gave 0.485 and the CALLS prior added nothing
    measurable, so it is off (it stays a knob). Since the fulltext text weighs names
    more (rows.NAME_REPEATS) these weights give 0.501, cross-validated ones 0.500 and
    the best on all queries (1.0, 0.1, 5) 0.508: within what cross-validation says
    choosing on these queries is worth, so they stay. A depth of 30 instead of 50 cost
    ~0.002 MRR@10 and saved ~4 ms p50 (~12 ms p95) per list query on requests + flask +
    django.
    """

    vector: float = 1.0
    fulltext: float = 0.7
    prior: float = 0.0  # weight of log1p(CALLS in-degree)
    c: float = 10.0  # RRF's rank constant
    depth: int = 30  # candidates taken from each list


DEFAULT_WEIGHTS = FusionWeights()


def configured_weights(fulltext: float | None = None, c: float | None = None) -> FusionWeights:
    """The shipped weights with the fulltext weight and rank constant a user set, if any.

    A tuned model ranks well alone and needs less of the fulltext list: for the model of
    bench/results/retrieval-all-MiniLM-L6-v2-code-more.json, fulltext 0.3 and c 5 give
    MRR@10 0.605 where the shipped 0.7 and 10 give 0.589, below vector alone (0.600).
    """
    changes = {name: value for name, value in (("fulltext", fulltext), ("c", c)) if value is not None}
    return replace(DEFAULT_WEIGHTS, **changes)


def fuse(
    rankings: Mapping[str, Sequence[str]],
    weights: Mapping[str, float],
    *,
    c: float,
    callers: Mapping[str, int] | None = None,
    prior: float = 0.0,
) -> list[tuple[str, float]]:
    """(id, fused score) best first; ties keep the order ids were first seen."""
    scores: dict[str, float] = {}
    for name, ids in rankings.items():
        weight = weights.get(name, 0.0)
        for rank, item in enumerate(ids, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (c + rank)
    if prior and callers:
        for item in scores:
            scores[item] += prior * math.log1p(callers.get(item, 0)) / (c + 1)
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))
