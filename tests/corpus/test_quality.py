"""Quality scores: the documented formula (pure) and the scores ingest stores on nodes.

Fixture: ``lib`` (conftest.py), ingested from its directory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_rag.services.ingest import ingest
from graph_rag.services.quality import (
    cyclomatic_complexity,
    function_score,
    module_function_scores,
    module_score,
    repository_score,
    score_modules,
    update_quality,
)
from graph_rag.store import GraphStore

from .conftest import LIB, MakeUpstream


@pytest.mark.parametrize(
    ("source", "complexity"),
    [
        ("def f():\n    return 1\n", 1),
        ("def f(x):\n    if x and y or z:\n        return [i for i in x if i]\n", 5),
        ("    def m(self):\n        for a in b:\n            try:\n                pass\n"
         "            except E:\n                pass\n", 3),
        ("def broken(:\n", 1),
    ],
)  # fmt: skip
def test_cyclomatic_complexity(source: str, complexity: int) -> None:
    assert cyclomatic_complexity(source) == complexity


def test_the_formula_is_bounded_and_left_out_signals_rescale() -> None:
    best = function_score(
        docstring=" ".join(["word"] * 30), has_type_hints=True, test_callers=2, loc=20, complexity=3,
        pagerank=1e9,
    )  # fmt: skip
    worst = function_score(
        docstring="", has_type_hints=False, test_callers=0, loc=500, complexity=50, pagerank=0
    )
    assert (round(best.total, 3), worst.total) == (1.0, 0.0)
    assert sum(best.contribution(s) for s in best.signals) == pytest.approx(best.total, abs=1e-4)
    # A module without functions is scored on docstring and size alone.
    assert module_score(docstring="Doc.", loc=10, function_quality=None).total == pytest.approx(
        (0.25 * (0.5 + 0.5 / 25) + 0.15) / 0.40, abs=1e-4
    )
    repo = repository_score(
        license="MIT", has_tests=True, has_docs=False,
        last_commit_date="2024-01-01T00:00:00+00:00", indexed_at="2025-01-01T00:00:00+00:00",
    )  # fmt: skip
    assert repo.total == pytest.approx(0.25 + 0.25 + 0.30 * (1825 - 366) / (1825 - 365), abs=1e-4)


def test_ingest_stores_scores_that_rank_documented_typed_tested_code_first(
    store: GraphStore, make_upstream: MakeUpstream, tmp_path: Path
) -> None:
    root = make_upstream("lib", LIB)
    ingest(str(root), store=store, cache_dir=tmp_path / "cache", name="lib")
    scores = {row["id"]: row for row in store.read("quality_function_inputs", repo_id="lib")}
    parse_price, helper = scores["lib:lib.core.parse_price"], scores["lib:lib.core.helper"]
    assert parse_price["test_callers"] == 1 and parse_price["stored_test_callers"] == 1
    assert parse_price["quality"] > scores["lib:lib.util.slugify"]["quality"] > helper["quality"]
    assert all(0 <= row["quality"] <= 1 for row in scores.values())
    module = store.read("explain_module", id="lib:lib.core")[0]
    assert 0 < module["quality"] <= 1 and module["function_quality"] is not None
    # A module of tests only is scored by its own functions, not as if it had none.
    tests = store.read("explain_module", id="lib:tests.test_core")[0]
    assert tests["function_quality"] == scores["lib:tests.test_core.test_parse_price"]["quality"]
    repo = store.read("quality_repository_inputs", id="lib")[0]
    assert repo["quality"] == pytest.approx(0.25 + 0.25 + 0.20 + 0.30)  # MIT, tests, README, fresh

    # Recomputing finds nothing to change.
    report, score = update_quality(store, "lib")
    assert (report.functions_updated, report.modules_updated) == (0, 0)
    assert score == pytest.approx(repo["quality"])


def test_a_module_s_function_mean_is_kept_current_when_its_rounded_total_does_not_move(
    store: GraphStore,
) -> None:
    """A function mean of 0.5632 -> 0.5631 leaves the module's total at 0.6229: the stored
    mean must still follow, or an incremental update and a full one disagree."""
    store.write("test.create_module", id="m:m", repo_id="m", docstring="A module.", loc=40, quality=0.6229,
                function_quality=0.5632)  # fmt: skip
    assert module_score(docstring="A module.", loc=40, function_quality=0.5631).total == 0.6229
    (row,) = store.read("quality_module_inputs", repo_id="m")
    assert score_modules(store, [row], {"m:m": [0.5631]}) == 1
    assert store.read("test.module_quality", id="m:m") == [{"quality": 0.6229, "function_quality": 0.5631}]


def test_a_module_is_scored_by_its_code_and_a_module_of_tests_by_its_tests() -> None:
    scores = [("lib", 0.8, False), ("lib", 0.2, True), ("tests", 0.5, True), ("tests", 0.7, True)]
    assert module_function_scores(scores) == {"lib": [0.8], "tests": [0.5, 0.7]}
