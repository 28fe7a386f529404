"""Python's method resolution order over classes known by name (graph_rag/c3.py).

Each case is checked against the interpreter's own ``__mro__`` for the same hierarchy.
"""

from __future__ import annotations

import pytest

from graph_rag.c3 import Linearization, c3_merge

HIERARCHIES = {
    "diamond": {"Both": ["Left", "Right"], "Left": ["Base"], "Right": ["Base"], "Base": []},
    "wikipedia": {
        "Z": ["K1", "K2", "K3"],
        "K1": ["A", "B", "C"],
        "K2": ["D", "B", "E"],
        "K3": ["D", "A"],
        "A": [],
        "B": [],
        "C": [],
        "D": [],
        "E": [],
    },
}


def _python_mro(bases: dict[str, list[str]], klass: str) -> list[str]:
    made: dict[str, type] = {}

    def make(name: str) -> type:
        if name not in made:
            made[name] = type(name, tuple(make(b) for b in bases[name]) or (object,), {})
        return made[name]

    return [c.__name__ for c in make(klass).__mro__ if c is not object]


@pytest.mark.parametrize("name", sorted(HIERARCHIES))
def test_the_order_is_python_s(name: str) -> None:
    bases = HIERARCHIES[name]
    orders = Linearization(lambda klass: bases.get(klass, []))
    for klass in bases:
        assert orders.mro(klass) == _python_mro(bases, klass)


def test_bases_in_no_consistent_order_fall_back_to_depth_first() -> None:
    """class C(A, B) where A derives from B: Python refuses it; the facts may still say so."""
    bases = {"C": ["B", "A"], "A": ["B"], "B": []}
    assert c3_merge([["B"], ["A", "B"], ["B", "A"]]) is None
    assert Linearization(lambda klass: bases.get(klass, [])).mro("C") == ["C", "B", "A"]


def test_a_cycle_in_the_facts_is_cut_where_it_closes() -> None:
    bases = {"A": ["B"], "B": ["A"]}
    assert Linearization(lambda klass: bases.get(klass, [])).mro("A") == ["A", "B"]
