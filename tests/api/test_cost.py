"""What a GraphQL document costs before it runs (graph_rag.api.cost; no database needed).

A leaf costs 1, an object field 1 plus its fields, a list field 1 plus its size
(``first`` or ``k``, the schema's default when left out, 20 for a list with
neither) times its fields. The API refuses a document that costs more than
MAX_COST; tests/api/test_graphql.py shows that over HTTP.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from graphql import parse

from graph_rag.api import mcp
from graph_rag.api.cost import query_cost
from graph_rag.api.limits import MAX_COST
from graph_rag.api.schema import schema


def cost(document: str, **variables: Any) -> int | None:
    return query_cost(schema._schema, parse(document), variables=variables)


def nested_callers(levels: int) -> str:
    inner = "qualifiedName"
    for _ in range(levels):
        inner = f"qualifiedName callers {{ {inner} }}"
    return inner


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ('{ function(id: "x") { name } }', 2),
        ('{ function(id: "x") { name location { path startLine } } }', 5),
        # callers: 1 + 20 (the default `first`) x 1
        ('{ function(id: "x") { callers { name } } }', 1 + (1 + 20 * 1)),
        ('{ function(id: "x") { callers(first: 3) { name } } }', 1 + (1 + 3 * 1)),
        # depth does not multiply: callers(depth: 5) still returns at most `first` functions
        ('{ function(id: "x") { callers(depth: 5, first: 3) { name } } }', 1 + (1 + 3 * 1)),
        # nested lists multiply
        ('{ function(id: "x") { callers(first: 3) { callers(first: 4) { name } } } }', 1 + (1 + 3 * (1 + 4))),
        ('{ search(text: "x") { score } }', 1 + 10 * 1),  # search's default k is 10
        ('{ search(text: "x", k: 100) { function { callers(first: 100) { name } } } }', 1 + 100 * (1 + 101)),
        ("{ repositories { name } }", 1 + 100 * 1),  # its default `first` is 100
        ('{ class(id: "x") { bases { name } } }', 1 + (1 + 20 * 1)),  # no `first`: counted as 20
        # fragments count where they are spread
        (
            '{ function(id: "x") { a: callers(first: 2) { ...F } b: callees(first: 3) { ...F } } } '
            "fragment F on Function { name signature }",
            1 + (1 + 2 * 2) + (1 + 3 * 2),
        ),
        ('{ function(id: "x") { callees(first: 2) { ... on Function { name kind } } } }', 1 + (1 + 2 * 2)),
        # an out-of-range `first` counts as 100: the resolver names the argument in its error
        ('{ function(id: "x") { callers(first: 2147483647) { name } } }', 1 + (1 + 100 * 1)),
        ("{ __schema { types { name fields { name } } } }", 1),  # graphql-core bounds introspection
    ],
)
def test_the_cost_of_a_document(document: str, expected: int) -> None:
    assert cost(document) == expected


def test_a_variable_sizes_a_list_as_a_literal_does() -> None:
    document = 'query($n: Int!) { function(id: "x") { callers(first: $n) { name } } }'
    assert cost(document, n=7) == 1 + (1 + 7 * 1)


def test_a_list_whose_size_execution_will_refuse_counts_as_unsized() -> None:
    """A null `first` through a nullable variable passes validation; the resolver's error
    names it, so the cost only must not fail first."""
    document = 'query($n: Int) { function(id: "x") { callers(first: $n) { name } } }'
    assert cost(document, n=None) == 1 + (1 + 20 * 1)


def test_a_document_that_cannot_run_has_no_cost() -> None:
    """Execution refuses those itself, with its own message."""
    document = 'query($n: Int!) { function(id: "x") { callers(first: $n) { name } } }'
    assert cost(document, n="seven") is None
    assert cost("query A { repositories { name } } query B { repositories { name } }") is None


def test_the_reviewers_614_character_query_costs_far_over_the_limit() -> None:
    """Two aliased lists of callers nested ten deep: 18.8 MB and 30 s on four functions
    that all call each other, before the cost was checked."""
    levels = nested_callers(10)
    document = f'{{ function(id: "clq:clq.m.f0") {{ a: callers {{ {levels} }} b: callers {{ {levels} }} }} }}'
    assert len(document) == 614
    assert cost(document) > 10**14 > MAX_COST


def test_a_fragment_spread_many_times_is_costed_once() -> None:
    """Ten fragments each spreading the next twice: 2**10 copies of the innermost, costed
    in ten steps, not by expanding them."""
    fragments = " ".join(
        f"fragment F{i} on Function {{ a: callers(first: 1) {{ ...F{i + 1} }} "
        f"b: callees(first: 1) {{ ... on Function {{ ...F{i + 1} }} }} }}"
        for i in range(10)
    )
    document = f'{{ function(id: "x") {{ ...F0 }} }} {fragments} fragment F10 on Function {{ name }}'
    spread = 1  # F10
    for _ in range(10):
        spread = (1 + spread) + (1 + spread)  # a: and b:, each a list of one
    assert cost(document) == 1 + spread == 3071


@pytest.mark.parametrize(
    "name", ["SEARCH", "FUNCTION", "CALLERS", "CALLEES", "IMPACT", "CALL_PATH", "USAGES"]
)
def test_every_mcp_tool_fits_the_budget_at_its_largest_arguments(name: str) -> None:
    largest = {"k": 100, "first": 100, "depth": 5, "hops": 10, "mode": "HYBRID", "tests": True}
    strings = {"text": "x", "ref": "x", "source": "a", "target": "b", "symbol": "s"}
    spent = cost(getattr(mcp, name), **largest, **strings)
    assert spent is not None and spent <= MAX_COST


def test_an_over_budget_document_is_refused_before_anything_resolves() -> None:
    """No context is given: a resolver that ran would fail on it, so the one error is
    proof that nothing did."""
    hundred = "callers(first: 100) { " * 3 + "name" + " }" * 3
    document = f'{{ function(id: "x") {{ {hundred} }} }}'
    result = asyncio.run(schema.execute(document))
    assert result.data is None
    assert [e.message for e in result.errors or []] == [
        "The query costs 1,010,102, over the limit of 20,000: a list field costs its size "
        "(`first` or `k`; 20 for a list without either) times the cost of its fields, every "
        "other field 1. Ask for shorter lists or nest fewer of them."
    ]
