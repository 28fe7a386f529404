"""A re-ingest updates structural and quality signals in proportion to the change.

Fixture ``chain`` (made here): modules ``chain.m0`` .. ``chain.m5``; each imports
the next (one import cycle through all six) and has functions ``f0`` .. ``f9``,
where ``f{j}`` calls ``f{j+1}`` of its own module and ``f{j}`` of the next
module. ``tests/test_chain.py`` calls ``m0.f0`` (a test caller).

The change: ``chain.m3`` drops its import of ``m4`` (the cycle breaks), loses
``f9`` (called by ``m2.f9``) and gains ``g``, which calls ``f1`` and ``f2``.
The rule under test (services/structure.py): counts and cycles equal a full
recomputation; PageRank is within the L1 bound the report carries, and quality
moves only through PageRank's 0.10 weight.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph_rag.services import structure
from graph_rag.services.ingest import IngestReport, ingest
from graph_rag.services.quality import FUNCTION_WEIGHTS
from graph_rag.services.signals import recompute_signals
from graph_rag.store import GraphStore

from .conftest import SHOP, commit_all

MODULES, FUNCTIONS = 6, 10


def chain_module(i: int, *, link_next: bool = True, drop_last: bool = False, extra: str = "") -> str:
    nxt = (i + 1) % MODULES
    lines = [f'"""Module {i} of the chain."""', f"from chain import m{nxt}" if link_next else "", ""]
    for j in range(FUNCTIONS - 1 if drop_last else FUNCTIONS):
        calls = [f"f{j + 1}()"] if j + 1 < FUNCTIONS - (1 if drop_last else 0) else []
        calls += [f"m{nxt}.f{j}()"] if link_next else []
        lines += [f"def f{j}():", f'    """Step {j}."""', *(f"    {c}" for c in calls), "    return 1", ""]
    return "\n".join(lines) + extra


CHAIN: dict[str, str | bytes] = {
    "chain/__init__.py": "",
    **{f"chain/m{i}.py": chain_module(i) for i in range(MODULES)},
    "tests/test_chain.py": "from chain import m0\n\n\ndef test_f0():\n    assert m0.f0() == 1\n",
}
EDITED_M3 = chain_module(
    3, link_next=False, drop_last=True, extra="\n\ndef g():\n    f1()\n    return f2()\n"
)


def signals(store: GraphStore) -> tuple[dict[str, dict[str, object]], dict[str, object], dict[str, object]]:
    functions = {r["id"]: r for r in store.read("repository_functions_structure", repo_id="chain")}
    for row in store.read("quality_function_inputs", repo_id="chain"):
        functions[row["id"]]["quality"] = row["quality"]
    modules = {r["id"]: r["quality"] for r in store.read("quality_module_inputs", repo_id="chain")}
    cycles = {r["id"]: r["cycle"] for r in store.read("repository_cycle_marks", repo_id="chain")}
    return functions, modules, cycles


def test_one_changed_file_updates_signals_within_the_stated_bound(
    store: GraphStore,
    make_repo: Callable[[str, dict[str, str | bytes]], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 60 functions: the default budget (a mean error of 0.02) would recompute on any
    # change; a larger one lets this change take the incremental path.
    monkeypatch.setattr(structure, "DRIFT_BUDGET", 5.0)
    root = make_repo("chain", CHAIN)
    ingest(str(root), store=store, cache_dir=tmp_path / "cache")
    assert {r["cycle"] for r in store.read("repository_cycle_marks", repo_id="chain")} == {1}

    (root / "chain/m3.py").write_text(EDITED_M3)
    commit_all(root, "edit m3")
    report: IngestReport = ingest(str(root), store=store, cache_dir=tmp_path / "cache")
    assert report.structure is not None and not report.structure.full
    assert report.structure.import_cycles == 0, "the import graph changed: cycles recomputed"
    bound = report.structure.drift
    assert 0 < bound <= 5.0 * 61
    incremental, modules_incremental, cycles_incremental = signals(store)

    recompute_signals(store, "chain")  # what an ingest does past the drift budget
    full, modules_full, cycles_full = signals(store)

    assert set(incremental) == set(full)
    assert "chain:chain.m3.g" in full and "chain:chain.m3.f9" not in full
    for fid, truth in full.items():
        assert (incremental[fid]["callers"], incremental[fid]["callees"]) == (
            truth["callers"],
            truth["callees"],
        ), fid
    assert full["chain:chain.m2.f9"]["callees"] == 0  # its callee m3.f9 is gone
    assert full["chain:chain.m3.f1"]["callers"] == 3  # m3.f0, m2.f1 and the new g
    assert cycles_incremental == cycles_full == {}

    drift = {fid: abs(float(incremental[fid]["pagerank"]) - float(full[fid]["pagerank"])) for fid in full}  # type: ignore[arg-type]
    assert sum(drift.values()) <= bound + 1e-4 * len(full)  # stored ranks are rounded to 4 digits
    for fid, truth in full.items():  # centrality p/(p+1) moves at most as much as p
        moved = abs(float(incremental[fid]["quality"]) - float(truth["quality"]))  # type: ignore[arg-type]
        assert moved <= FUNCTION_WEIGHTS["centrality"] * drift[fid] + 1e-4, fid
    worst = max(drift.values())
    for mid, quality in modules_full.items():  # a module's 0.60 weight on its functions' mean
        assert abs(float(modules_incremental[mid]) - float(quality)) <= 0.6 * 0.1 * worst + 2e-4, mid  # type: ignore[arg-type]


def test_with_the_default_budget_a_small_repository_recomputes_in_full(
    store: GraphStore, make_repo: Callable[[str, dict[str, str | bytes]], Path], tmp_path: Path
) -> None:
    root = make_repo("shop", SHOP)
    ingest(str(root), store=store, cache_dir=tmp_path / "cache")
    (root / "shop/pricing.py").write_text("def price(name, amount):\n    return round(amount, 2)\n")
    commit_all(root, "edit")
    report = ingest(str(root), store=store, cache_dir=tmp_path / "cache")
    assert report.structure is not None and report.structure.full and report.structure.drift == 0
