"""Reciprocal rank fusion of ranked lists, plus a structural prior and name evidence.

``score(f) = sum_m w_m / (c + rank_m(f)) + (w_prior * log1p(callers(f)) + sum_e w_e * e(f)) / (c + 1)``

A function missing from a list contributes nothing for it. The prior and each
piece of name evidence ``e`` (evidence.NameEvidence: shares of the query's words
in the function's name, enclosing name and signature; dunder and private flags)
are scaled by ``1 / (c + 1)``, the most a rank-1 hit gets, so a weight reads as
"a fraction of a first place". The defaults were measured, not guessed: see
FusionWeights.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from graph_rag.errors import ConfigError
from graph_rag.search.evidence import EVIDENCE, NameEvidence


@dataclass(frozen=True, slots=True)
class FusionWeights:
    """Fitted by bench/fusion_fit.py on ten libraries the retrieval benchmark never scores
    (1,808 queries: boltons, more-itertools, toolz, marshmallow, paramiko, babel, tornado,
    urllib3, dateutil, rich), then measured on the benchmark's 1,180 (bench/results/
    retrieval.json), default model: MRR@10 0.528 against 0.500 for the rank fusion shipped
    before (fulltext 0.7, c 10, no prior, no name evidence) and 0.426 for vector alone.
    The signature's share of the query's words carries most of the name evidence; dunder
    and private names are pushed down. A depth of 30 instead of 50 cost ~0.002 MRR@10 and
    saved ~4 ms p50 (~12 ms p95) per list query on requests + flask + django.
    """

    vector: float = 1.0
    fulltext: float = 0.575
    prior: float = 0.101  # weight of log1p(CALLS in-degree)
    c: float = 5.0  # RRF's rank constant
    depth: int = 30  # candidates taken from each list
    name: float = 0.271  # share of the query's words in the function's name
    owner: float = 0.325  # ... in its class's (or module's) name
    signature: float = 1.049  # ... in its signature
    dunder: float = -0.351  # a dunder method
    private: float = -0.157  # a private name

    def evidence_score(self, e: NameEvidence) -> float:
        """The name evidence's part of a fused score, before the ``1 / (c + 1)`` scale."""
        return sum(getattr(self, name) * getattr(e, name) for name in EVIDENCE)

    @property
    def reads_names(self) -> bool:
        return any(getattr(self, name) for name in EVIDENCE)

    def ranks_only(self) -> FusionWeights:
        """These weights without the name evidence: plain rank fusion and the prior."""
        return replace(self, **dict.fromkeys(EVIDENCE, 0.0))


DEFAULT_WEIGHTS = FusionWeights()


def configured_weights(
    fulltext: float | None = None, c: float | None = None, file: Path | None = None
) -> FusionWeights:
    """The shipped weights, then what a weights ``file`` sets (``GRAPH_RAG_FUSION_WEIGHTS``),
    then the fulltext weight and rank constant a user set, if any.

    A tuned model ranks well alone and needs less of the rest: for bge-small tuned on
    10,000 pairs (bench/results/retrieval-bge-small-code.json), vector alone scores MRR@10
    0.617, the shipped weights 0.595, and rank fusion alone with fulltext 0.3, c 5 and no
    prior 0.616 (``{"fulltext": 0.3, "c": 5, "prior": 0, "name": 0, "owner": 0,
    "signature": 0, "dunder": 0, "private": 0}``).
    """
    base = DEFAULT_WEIGHTS if file is None else weights_from_file(file)
    changes = {name: value for name, value in (("fulltext", fulltext), ("c", c)) if value is not None}
    return replace(base, **changes)


def weights_from_file(path: Path) -> FusionWeights:
    """A JSON object of FusionWeights' fields (``bench/fusion_fit.py --out`` writes one);
    the fields it leaves out keep the shipped values."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"Cannot read the fusion weights file {path}: {e.strerror or e}.") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"The fusion weights file {path} is not JSON: {e}.") from None
    try:
        # integers as floats: a 400-digit one is then inf (refused below), not an error
        raw = json.loads(text, parse_int=float)
    except (ValueError, RecursionError) as e:
        raise ConfigError(f"The fusion weights file {path} is not JSON: {e}.") from None
    known = [f.name for f in fields(FusionWeights)]
    if not isinstance(raw, dict):
        raise ConfigError(f"The fusion weights file {path} must hold one JSON object of {', '.join(known)}.")
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ConfigError(
            f"The fusion weights file {path} names {', '.join(unknown)}; the weights are {', '.join(known)}."
        )
    for name, value in raw.items():
        low, high = _BOUNDS.get(name, (-MAX_WEIGHT, MAX_WEIGHT))
        usable = isinstance(value, float) and math.isfinite(value) and low <= value <= high
        if not usable or (name == "depth" and not value.is_integer()):
            shown = int(value) if isinstance(value, float) and value.is_integer() else value
            raise ConfigError(
                f"The fusion weights file {path}: {name}={shown!r} is not a usable {name} "
                f"(a {'whole ' if name == 'depth' else ''}number from {low:g} to {high:g})."
            )
    if "depth" in raw:
        raw["depth"] = int(raw["depth"])
    return replace(DEFAULT_WEIGHTS, **raw)


MAX_WEIGHT = 1000.0
MAX_DEPTH = 500  # candidates per list: the vector list is over-fetched from this many
# The lists' weights and the prior only add; the name evidence may push down (dunder).
_BOUNDS = {
    "vector": (0.0, MAX_WEIGHT),
    "fulltext": (0.0, MAX_WEIGHT),
    "prior": (0.0, MAX_WEIGHT),
    "c": (0.0, MAX_WEIGHT),
    "depth": (1.0, float(MAX_DEPTH)),
}


def fuse(
    rankings: Mapping[str, Sequence[str]],
    weights: Mapping[str, float],
    *,
    c: float,
    callers: Mapping[str, int] | None = None,
    prior: float = 0.0,
    evidence: Mapping[str, float] | None = None,
) -> list[tuple[str, float]]:
    """(id, fused score) best first; ties keep the order ids were first seen.

    ``evidence`` is each id's weighted name evidence (``FusionWeights.evidence_score``)."""
    scores: dict[str, float] = {}
    for name, ids in rankings.items():
        weight = weights.get(name, 0.0)
        for rank, item in enumerate(ids, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (c + rank)
    if prior and callers:
        for item in scores:
            scores[item] += prior * math.log1p(callers.get(item, 0)) / (c + 1)
    if evidence:
        for item in scores:
            scores[item] += evidence.get(item, 0.0) / (c + 1)
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))
