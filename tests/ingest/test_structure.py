"""Structural signals: PageRank and caller counts on functions, import cycles on modules.

Pure cases use small edge lists; the stored case ingests the ``shop`` fixture
(conftest.py) plus a module pair that imports each other.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph_rag.services.ingest import ingest
from graph_rag.services.structure import call_centrality, import_cycles
from graph_rag.store import GraphStore

from .conftest import SHOP


def test_a_function_everybody_calls_ranks_highest() -> None:
    ranks = call_centrality(["a", "b", "c", "hub"], [("a", "hub"), ("b", "hub"), ("c", "hub"), ("hub", "a")])
    assert max(ranks, key=lambda f: ranks[f][0]) == "hub"
    assert ranks["hub"][1:] == (3, 1)  # callers, callees
    assert sum(rank for rank, _, _ in ranks.values()) == pytest.approx(4, abs=1e-3)


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ([("a", "b"), ("b", "c")], {}),
        ([("a", "b"), ("b", "a"), ("b", "c")], {"a": 1, "b": 1}),
        (
            [("x", "y"), ("y", "x"), ("a", "b"), ("b", "c"), ("c", "a")],
            {"a": 1, "b": 1, "c": 1, "x": 2, "y": 2},
        ),
    ],
)
def test_import_cycles_are_numbered_largest_first(
    edges: list[tuple[str, str]], expected: dict[str, int]
) -> None:
    assert import_cycles(edges) == expected


def test_ingest_stores_centrality_and_cycles(
    store: GraphStore, make_repo: Callable[[str, dict[str, str | bytes]], Path], tmp_path: Path
) -> None:
    files: dict[str, str | bytes] = {
        **SHOP,
        "shop/ping.py": "from shop import pong\n\n\ndef ping():\n    return pong.pong()\n",
        "shop/pong.py": "from shop import ping\n\n\ndef pong():\n    return 1\n",
    }
    root = make_repo("shop", files)
    report = ingest(str(root), store=store, cache_dir=tmp_path / "cache")
    assert report.structure is not None and report.structure.import_cycles == 1
    ((cycle, modules),) = [
        (r["cycle"], sorted(r["modules"])) for r in store.read("import_cycles", repo_id="shop")
    ]
    assert (cycle, modules) == (1, ["shop.ping", "shop.pong"])
    stored = {r["id"]: r for r in store.read("repository_functions_structure", repo_id="shop")}
    assert stored["shop:shop.pricing.price"]["callers"] == 1
    assert stored["shop:shop.pricing.discount"]["callers"] == 1

    unchanged = ingest(str(root), store=store, cache_dir=tmp_path / "cache")
    assert unchanged.structure is None, "nothing written, nothing recomputed"
    (root / "shop/ping.py").write_text("def ping():\n    return 2\n")
    edited = ingest(str(root), store=store, cache_dir=tmp_path / "cache")
    assert edited.structure is not None and edited.structure.import_cycles == 0
