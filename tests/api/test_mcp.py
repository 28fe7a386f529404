"""The MCP tools, through the SDK's own client: in memory, over streamable HTTP under
the served app, and over stdio by spawning ``graph-rag mcp``.

Fixtures: the repositories described in conftest.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from graph_rag import __version__
from graph_rag.api.context import Backend
from graph_rag.api.mcp import TOOL_NAMES, build_mcp
from graph_rag.db import LocalServer

from .conftest import Served


def call(backend: Backend, tool: str, arguments: dict[str, Any]) -> Any:
    async def go() -> Any:
        async with Client(build_mcp(backend)) as client:
            return await client.call_tool(tool, arguments)

    return asyncio.run(go())


def test_every_tool_has_a_bounded_json_schema(backend: Backend) -> None:
    async def go() -> Any:
        async with Client(build_mcp(backend)) as client:
            return await client.list_tools()

    tools = {tool.name: tool for tool in asyncio.run(go()).tools}
    assert set(tools) == set(TOOL_NAMES)
    callers = tools["callers"].input_schema["properties"]
    assert callers["first"]["maximum"] == 100 and callers["depth"]["maximum"] == 5
    assert tools["search"].input_schema["properties"]["k"]["maximum"] == 100
    assert tools["search"].input_schema["required"] == ["text"]
    assert all(tool.description for tool in tools.values())
    # what each takes is all it takes: another argument is refused, not ignored
    assert all(tool.input_schema["additionalProperties"] is False for tool in tools.values())
    # the ambiguity error says "pass repo": every tool that looks a function up takes one
    for name in ("function", "callers", "callees", "impact", "call_path"):
        assert "repo" in tools[name].input_schema["properties"], name


@pytest.mark.parametrize(
    ("tool", "arguments", "expected"),
    [
        (
            "callers",
            {"ref": "shop.pricing.discount", "depth": 2},
            ["shop.pricing.price", "client.app.fetch", "shop.cart.Cart.add"],
        ),
        (
            "callees",
            {"ref": "dates:dates.http.parse_http_date"},
            ["dates.http._normalize", "email.utils.parsedate_to_datetime"],
        ),
    ],
)
def test_walk_tools(backend: Backend, tool: str, arguments: dict[str, Any], expected: list[str]) -> None:
    result = call(backend, tool, arguments)
    assert not result.is_error
    rows = result.structured_content[tool]
    assert sorted(r["qualifiedName"] for r in rows) == sorted(expected)


def test_search_function_impact_call_path_usages(backend: Backend) -> None:
    hits = call(backend, "search", {"text": "parse an HTTP date", "k": 3, "origin": "curated"})
    assert hits.structured_content["hits"][0]["function"]["qualifiedName"] == "dates.http.parse_http_date"
    fn = call(backend, "function", {"ref": "shop.pricing.price"}).structured_content
    assert fn["location"]["path"] == "shop/pricing.py"
    assert {c["qualifiedName"] for c in fn["callers"]} == {"client.app.fetch", "shop.cart.Cart.add"}
    impact = call(backend, "impact", {"ref": "shop.pricing.discount", "depth": 3}).structured_content
    entries = [(e["depth"], e["function"]["qualifiedName"]) for e in impact["impacted"]]
    assert entries[-1] == (3, "shop.cli.main")
    path = call(backend, "call_path", {"source": "shop.cli.main", "target": "shop.pricing.discount"})
    assert path.structured_content["path"]["hops"] == 3
    usages = call(backend, "usages", {"symbol": "email.utils.parsedate_to_datetime", "origin": "inhouse"})
    assert [u["function"]["qualifiedName"] for u in usages.structured_content["usages"]] == [
        "shop.clock.last_modified"
    ]


def test_the_walking_tools_leave_test_code_out_when_asked(backend: Backend) -> None:
    everything = call(backend, "callers", {"ref": "client.app.fetch"}).structured_content
    assert [c["qualifiedName"] for c in everything["callers"]] == ["client.test_app.test_fetch"]
    assert call(
        backend, "callers", {"ref": "client.app.fetch", "exclude_tests": True}
    ).structured_content == {"callers": []}
    impact = call(backend, "impact", {"ref": "shop.pricing.discount", "depth": 3, "exclude_tests": True})
    assert "client.test_app.test_fetch" not in {
        e["function"]["qualifiedName"] for e in impact.structured_content["impacted"]
    }


def test_tool_descriptions_carry_no_source_indentation(backend: Backend) -> None:
    async def go() -> Any:
        async with Client(build_mcp(backend)) as client:
            return await client.list_tools()

    descriptions = {t.name: t.description or "" for t in asyncio.run(go()).tools}
    assert "\nfrom a function to itself" in descriptions["call_path"]
    assert not any("  " in d for d in descriptions.values())


def test_search_takes_the_api_s_filters(backend: Backend) -> None:
    hits = call(
        backend, "search", {"text": "parse an HTTP date", "path_glob": "shop/**", "exclude_tests": True}
    )
    paths = {h["function"]["location"]["path"] for h in hits.structured_content["hits"]}
    assert paths and all(p.startswith("shop/") for p in paths)
    for kinds, kept, left_out in ((["method"], "shop.cart.Cart.add", "shop.pricing.price"),
                                  (["function"], "shop.pricing.price", "shop.cart.Cart.add")):  # fmt: skip
        hits = call(
            backend, "search", {"text": "price of an item added to the cart", "k": 20, "kinds": kinds}
        )
        names = {h["function"]["qualifiedName"] for h in hits.structured_content["hits"]}
        assert kept in names and left_out not in names


@pytest.mark.parametrize(
    ("tool", "arguments", "message"),
    [
        ("function", {"ref": "no.such.thing"}, "No function named 'no.such.thing'."),
        ("callers", {"ref": "shop.pricing.price", "first": 500}, "first must be at most 100, got 500."),
        ("impact", {"ref": "shop.pricing.price", "depth": 0}, "depth must be at least 1, got 0."),
        ("search", {"text": "", "k": 1000}, "text must not be empty. k must be at most 100, got 1000."),
        ("callers", {}, "ref is required."),
        # true is no count (it read as 1); as GraphQL's Int, a count is a whole number
        ("search", {"text": "price", "k": True}, "k: Input should be a valid integer."),
        ("callers", {"ref": "shop.pricing.price", "first": "5"}, "first: Input should be a valid integer."),
        # a misspelled argument is not silently dropped (the call ran with the default first)
        (
            "callers",
            {"ref": "shop.pricing.price", "frist": 5},
            "Unknown argument 'frist': callers takes ref, repo, depth, first, exclude_tests.",
        ),
        (
            "search",
            {"text": "price", "limit": 5, "repo": "shop"},
            "Unknown arguments 'limit', 'repo': search takes text, k, mode, origin, repositories, "
            "exclude_tests, kinds, path_glob.",
        ),
        ("repositories", {"origin": "curated"}, "Unknown argument 'origin': repositories takes none."),
        # one name for path_glob here, pathGlob in GraphQL and the CLI's --path
        (
            "search",
            {"text": "price", "path_glob": "src/[z-a]*"},
            "path glob 'src/[z-a]*' has the range z-a, which runs backwards; write it as a-z.",
        ),
    ],
)
def test_tool_errors_are_clear(backend: Backend, tool: str, arguments: dict[str, Any], message: str) -> None:
    """As the GraphQL API words them: no pydantic report, no links to its documentation."""
    result = call(backend, tool, arguments)
    assert result.is_error
    assert result.content[0].text == message


def test_repositories_lists_what_the_graph_holds(backend: Backend) -> None:
    result = call(backend, "repositories", {})
    assert not result.is_error
    found = {r["name"]: r for r in result.structured_content["repositories"]}
    assert sorted(found) == ["client", "dates", "shop"]  # conftest.REPOS
    assert (found["dates"]["origin"], found["shop"]["origin"]) == ("CURATED", "INHOUSE")
    assert found["shop"]["stats"] == {"modules": 5, "classes": 1, "functions": 7}  # as test_graphql counts


def test_tools_over_streamable_http_under_serve(served: Served) -> None:
    async def go() -> Any:
        async with Client(f"{served.url}/mcp") as client:
            return await client.call_tool("callers", {"ref": "shop.pricing.price"})

    result = asyncio.run(go())
    assert {r["qualifiedName"] for r in result.structured_content["callers"]} == {
        "client.app.fetch",
        "shop.cart.Cart.add",
    }


def _mcp_command_env(local_server: LocalServer | None, home: Path) -> dict[str, str]:
    """The environment of a ``graph-rag mcp`` pointed at the session's database."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRAPH_RAG_HOME": str(home)}
    if local_server is not None:
        home.mkdir()
        (home / "db").symlink_to(local_server.data_dir)
        env |= {
            "GRAPH_RAG_BOLT_PORT": str(local_server.bolt_port),
            "GRAPH_RAG_HTTP_PORT": str(local_server.http_port),
        }
    return env


GRAPH_RAG = Path(sys.executable).with_name("graph-rag")


def test_graph_rag_mcp_over_stdio(local_server: LocalServer | None, backend: Backend, tmp_path: Path) -> None:
    """The CLI command an agent spawns, pointed at the session's database (the fixture graph)."""
    from mcp.client.stdio import StdioServerParameters

    env = _mcp_command_env(local_server, tmp_path / "home")
    params = StdioServerParameters(command=str(GRAPH_RAG), args=["mcp"], env=env)

    async def go() -> Any:
        async with Client(params) as client:
            tools = await client.list_tools()
            result = await client.call_tool("callees", {"ref": "shop:shop.pricing.price"})
            return client.server_info, tools, result

    server, tools, result = asyncio.run(go())
    assert (server.name, server.version) == ("graph-rag", __version__)
    assert {t.name for t in tools.tools} == set(TOOL_NAMES)
    assert {r["qualifiedName"] for r in result.structured_content["callees"]} == {
        "builtins.round",
        "shop.pricing.discount",
    }


def test_requests_piped_in_at_once_are_all_answered(
    local_server: LocalServer | None, backend: Backend, tmp_path: Path
) -> None:
    """A client that writes its requests and closes stdin (a script) gets every answer:
    the SDK's loop ended with stdin and dropped the tool call still running."""
    hello = {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "script", "version": "1"},
    }
    price = {"name": "callees", "arguments": {"ref": "shop:shop.pricing.price"}}
    requests = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": hello},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": price},
        {
            "jsonrpc": "2.0",
            "id": 3,
            "method": "tools/call",
            "params": {"name": "repositories", "arguments": {}},
        },
    ]
    lines = [json.dumps(r) for r in requests]
    lines.insert(2, "garbage line")  # no JSON-RPC message: a parse error, and the rest go on
    env = _mcp_command_env(local_server, tmp_path / "home")
    done = subprocess.run(
        [GRAPH_RAG, "mcp"],
        input="\n".join(lines) + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    answers = {a["id"]: a for a in map(json.loads, done.stdout.splitlines())}
    assert sorted(answers, key=str) == [1, 2, 3, None]
    assert answers[None]["error"]["code"] == -32700
    assert answers[None]["error"]["message"].startswith("Parse error: not a JSON-RPC message")
    callees = answers[2]["result"]["structuredContent"]["callees"]
    assert {c["qualifiedName"] for c in callees} == {"builtins.round", "shop.pricing.discount"}
    assert "repositories" in answers[3]["result"]["structuredContent"]


def test_class_module_and_similar_answer_what_graphql_does(backend: Backend) -> None:
    """An agent on MCP asks about inheritance, imports and look-alike code too."""
    cls = call(backend, "class", {"ref": "dates.cache.Validator"}).structured_content
    assert cls["docstring"] == "Decides whether a cached response is fresh."
    assert [m["qualifiedName"] for m in cls["methods"]] == [
        "dates.cache.Validator.age",
        "dates.cache.Validator.fresh",
    ]
    assert [c["qualifiedName"] for c in cls["subclasses"]] == ["dates.cache.StrictValidator"]
    strict = call(backend, "class", {"ref": "dates:dates.cache.StrictValidator"}).structured_content
    assert [(b["__typename"], b["qualifiedName"]) for b in strict["bases"]] == [
        ("Class", "dates.cache.Validator")
    ]

    module = call(backend, "module", {"ref": "shop.cart"}).structured_content
    assert (module["path"], module["docstring"], module["repository"]["name"]) == (
        "shop/cart.py",
        "A shopping cart.",
        "shop",
    )
    assert [c["qualifiedName"] for c in module["classes"]] == ["shop.cart.Cart"]
    assert [i["qualifiedName"] for i in module["imports"]] == ["shop.pricing"]
    assert {m["qualifiedName"] for m in module["importedBy"]} == {"shop", "shop.cli"}

    similar = call(backend, "similar", {"ref": "shop.pricing.price", "k": 3}).structured_content["similar"]
    assert 0 < len(similar) <= 3
    assert [h["rank"] for h in similar] == list(range(1, len(similar) + 1))
    assert "shop.pricing.price" not in {h["function"]["qualifiedName"] for h in similar}


def test_a_class_or_module_that_is_not_there_is_named(backend: Backend) -> None:
    missing = call(backend, "class", {"ref": "dates.cache.Nope"})
    assert missing.is_error and missing.content[0].text == "No class named 'dates.cache.Nope'."
    missing = call(backend, "module", {"ref": "shop.nope"})
    assert missing.is_error and missing.content[0].text == "No module named 'shop.nope'."


def test_enum_arguments_take_the_spelling_answers_use(backend: Backend) -> None:
    """Answers spell enums as GraphQL does ("INHOUSE", "METHOD"); passed back, they work."""
    origin = call(backend, "repositories", {}).structured_content["repositories"]
    assert {r["origin"] for r in origin} == {"CURATED", "INHOUSE"}
    for spelled in ("inhouse", "INHOUSE"):
        hits = call(backend, "search", {"text": "price", "origin": spelled, "mode": "FULLTEXT"})
        assert not hits.is_error
        assert all(
            h["function"]["location"]["repo"] in {"shop", "client"} for h in hits.structured_content["hits"]
        )
    methods = call(
        backend, "search", {"text": "price of an item added to the cart", "k": 20, "kinds": ["METHOD"]}
    )
    names = {h["function"]["qualifiedName"] for h in methods.structured_content["hits"]}
    assert "shop.cart.Cart.add" in names and "shop.pricing.price" not in names
    wrong = call(backend, "search", {"text": "price", "origin": "Elsewhere"})
    assert wrong.is_error and "curated" in wrong.content[0].text


def test_stdin_closing_waits_for_answers_but_not_for_cancelled_requests() -> None:
    import anyio
    import mcp.types as types

    from graph_rag.api.mcp_stdio import _Unanswered

    async def go() -> set[str | int]:
        unanswered = _Unanswered()
        for request_id in (1, 2):
            unanswered.read(types.JSONRPCRequest(jsonrpc="2.0", id=request_id, method="tools/call"))
        cancel = {"requestId": 2}
        unanswered.read(
            types.JSONRPCNotification(jsonrpc="2.0", method="notifications/cancelled", params=cancel)
        )
        with anyio.move_on_after(0.2):
            await unanswered.drained()  # 1 is still running
        waiting = set(unanswered.ids)
        unanswered.written(types.JSONRPCResponse(jsonrpc="2.0", id=1, result={}))
        with anyio.fail_after(5):
            await unanswered.drained()
        return waiting

    assert asyncio.run(go()) == {1}
