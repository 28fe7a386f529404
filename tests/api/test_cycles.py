"""Cycles of calls, and a qualified name two repositories define, over GraphQL and MCP.

Fixtures: the repositories of conftest.py, plus, for this module only:
``loop`` (in-house): ``s`` calls ``a``; ``a`` calls itself and ``s``; ``z`` calls ``a``.
``shop2`` (curated): defines ``shop.pricing.price`` too (as ``shop`` does), calling nothing.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from graph_rag.api.context import Backend
from graph_rag.api.mcp import Tools
from graph_rag.model import Origin
from graph_rag.services.ingest import ingest
from graph_rag.store import GraphStore

from .conftest import Served, make_repo

LOOP = {
    "loop/__init__.py": "",
    "loop/m.py": """\
        def s():
            a()


        def a():
            a()
            s()


        def z():
            a()
        """,
}
SHOP2 = {"shop/__init__.py": "", "shop/pricing.py": "def price(name, amount):\n    return amount\n"}


@pytest.fixture(scope="module", autouse=True)
def cycles(api_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp: Path = tmp_path_factory.mktemp("cycles")
    for name, files, origin in (("loop", LOOP, Origin.INHOUSE), ("shop2", SHOP2, Origin.CURATED)):
        root = make_repo(tmp / name, files)
        ingest(str(root), store=api_store, cache_dir=tmp / "cache", origin=origin, workers=1)


def data(api: Served, query: str, **variables: Any) -> dict[str, Any]:
    result = api.post(query, variables)
    assert "errors" not in result, result
    return result["data"]


def names(items: list[dict[str, Any]]) -> list[str]:
    return [item["qualifiedName"] for item in items]


CALL_PATH = """query($from: String!, $to: String!) {
    callPath(from: $from, to: $to) { hops functions { qualifiedName } } }"""


@pytest.mark.parametrize(
    ("function", "path"),
    [
        ("loop.m.a", ["loop.m.a", "loop.m.a"]),  # it calls itself: one hop
        ("loop.m.s", ["loop.m.s", "loop.m.a", "loop.m.s"]),  # s -> a -> s
        ("loop.m.z", None),  # nothing calls z back
        ("shop:shop.pricing.discount", None),  # on no cycle at all
    ],
)
def test_a_call_path_from_a_function_to_itself_is_its_shortest_cycle(
    api: Served, function: str, path: list[str] | None
) -> None:
    found = data(api, CALL_PATH, **{"from": function, "to": function})["callPath"]
    if path is None:
        assert found is None
    else:
        assert found == {"hops": len(path) - 1, "functions": [{"qualifiedName": n} for n in path]}


def test_a_cycle_longer_than_max_hops_is_no_path(api: Served) -> None:
    query = '{ callPath(from: "loop.m.s", to: "loop.m.s", maxHops: 1) { hops } }'
    assert data(api, query)["callPath"] is None


def test_a_call_path_between_two_functions_on_a_cycle(api: Served) -> None:
    found = data(api, CALL_PATH, **{"from": "loop.m.z", "to": "loop.m.s"})["callPath"]
    assert found == {
        "hops": 2,
        "functions": [{"qualifiedName": n} for n in ("loop.m.z", "loop.m.a", "loop.m.s")],
    }


@pytest.mark.parametrize(
    ("function", "depth", "first", "expected"),
    [
        # a's callers are a (itself: never listed), s and z; a list cut at `first` before
        # the functions already found were dropped lost s here, and z below.
        ("loop:loop.m.a", 1, 1, ["loop.m.s"]),
        ("loop:loop.m.s", 2, 2, ["loop.m.a", "loop.m.z"]),
        ("loop:loop.m.s", 2, 10, ["loop.m.a", "loop.m.z"]),
    ],
)
def test_callers_in_a_cycle_skip_the_functions_already_found(
    api: Served, function: str, depth: int, first: int, expected: list[str]
) -> None:
    query = """query($id: ID!, $depth: Int!, $first: Int!) {
        function(id: $id) { callers(depth: $depth, first: $first) { qualifiedName } } }"""
    callers = data(api, query, id=function, depth=depth, first=first)["function"]["callers"]
    assert names(callers) == expected


def test_impact_in_a_cycle_reaches_past_the_functions_already_found(api: Served) -> None:
    query = '{ impact(id: "loop:loop.m.s", depth: 2, first: 2) { depth function { qualifiedName } } }'
    impact = data(api, query)["impact"]
    assert [(e["depth"], e["function"]["qualifiedName"]) for e in impact] == [
        (1, "loop.m.a"),
        (2, "loop.m.z"),
    ]


AMBIGUOUS = (
    "2 repositories define 'shop.pricing.price' (shop, shop2); pass repo to pick one, "
    "or give the id ('repo:qualified.name')."
)


def test_repo_picks_among_repositories_that_define_a_name(api: Served) -> None:
    impact = """query($repo: String) { impact(id: "shop.pricing.price", repo: $repo) {
        function { qualifiedName } } }"""
    assert api.post(impact)["errors"][0]["message"] == AMBIGUOUS
    assert names([e["function"] for e in data(api, impact, repo="shop")["impact"]]) == [
        "client.app.fetch",
        "shop.cart.Cart.add",
        "client.test_app.test_fetch",
        "shop.cli.main",
    ]
    assert data(api, impact, repo="shop2")["impact"] == []
    path = """query($repo: String) { callPath(from: "shop.cart.Cart.add", to: "shop.pricing.price",
        repo: $repo) { hops } }"""
    assert api.post(path)["errors"][0]["message"] == AMBIGUOUS
    assert data(api, path, repo="shop")["callPath"] == {"hops": 1}


def call(backend: Backend, tool: str, **arguments: Any) -> Any:
    return asyncio.run(getattr(Tools(backend), tool)(**arguments))


@pytest.mark.parametrize(
    ("tool", "arguments", "answer"),
    [
        ("callers", {"ref": "shop.pricing.price"}, {"callers": []}),
        ("callees", {"ref": "shop.pricing.price"}, {"callees": []}),
        ("impact", {"ref": "shop.pricing.price"}, {"impacted": []}),
        ("call_path", {"source": "shop.pricing.price", "target": "shop.pricing.price"}, {"path": None}),
    ],
)
def test_mcp_tools_take_the_repo_the_ambiguity_error_asks_for(
    backend: Backend, tool: str, arguments: dict[str, Any], answer: dict[str, Any]
) -> None:
    from mcp.server.mcpserver.exceptions import ToolError

    with pytest.raises(ToolError, match=r"pass repo to pick one"):
        call(backend, tool, **arguments)
    assert call(backend, tool, **arguments, repo="shop2") == answer


def test_the_mcp_repo_picks_the_other_definition_too(backend: Backend) -> None:
    callers = call(backend, "callers", ref="shop.pricing.price", repo="shop")["callers"]
    assert names(callers) == ["client.app.fetch", "shop.cart.Cart.add"]
    callees = call(backend, "callees", ref="shop.pricing.price", repo="shop")["callees"]
    assert sorted(names(callees)) == ["builtins.round", "shop.pricing.discount"]
