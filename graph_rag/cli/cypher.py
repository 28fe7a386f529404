"""graph-rag cypher list | show | run: the named queries."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graph_rag.cli.common import (
    JsonOpt,
    cypher_app,
    emit_json,
    guarded,
    notice,
    out,
)
from graph_rag.config import Settings
from graph_rag.errors import InvalidArgument
from graph_rag.services.connection import open_store

# Cypher's integers are 64-bit: the driver cannot send a larger one (an OverflowError).
INT64 = range(-(2**63), 2**63)


def _parse_param(raw: str) -> tuple[str, object]:
    key, sep, value = raw.partition("=")
    if not sep or not key:
        raise typer.BadParameter(f"expected key=value, got {raw!r}")
    try:
        parsed = json.loads(value)
    except ValueError:
        return key, value  # a bare word is a string
    too_large = _beyond_int64(parsed)
    if too_large is not None:
        raise typer.BadParameter(f"{key}: {too_large} does not fit in 64 bits")
    return key, parsed


def _beyond_int64(value: object) -> int | None:
    """The first integer in a JSON value (lists and maps too) that does not fit in 64 bits."""
    items = value if isinstance(value, list) else value.values() if isinstance(value, dict) else ()
    for item in items:
        if (found := _beyond_int64(item)) is not None:
            return found
    return value if isinstance(value, int) and value not in INT64 else None


def _prose(doc: str) -> str:
    """A doc as one paragraph, without the ``:param`` lines meant for Neo4j Browser."""
    return " ".join(" ".join(line.split()) for line in doc.splitlines() if not line.startswith(":param"))


@cypher_app.command("list")
@guarded
def cypher_list(
    include_writes: Annotated[
        bool, typer.Option("--all", help="Also the queries ingest writes with (`run` refuses them).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """The named read queries (`cypher run` runs them) with their parameters and doc."""
    from graph_rag.store import QueryRegistry

    registry = QueryRegistry.load()
    rows = [
        {"name": q.name, "params": sorted(q.params), "doc": _prose(q.doc), "writes": q.writes}
        for q in registry.values()
        if include_writes or not q.writes
    ]
    if as_json:
        emit_json(rows)
        return
    table = Table("name", "params", "doc")
    for row in rows:
        table.add_row(row["name"], ", ".join(row["params"]), row["doc"])
    out.print(table)


@cypher_app.command("show")
@guarded
def cypher_show(name: str) -> None:
    """Print one query's doc and Cypher, ready to paste into Neo4j Browser."""
    from graph_rag.store import QueryRegistry

    query = QueryRegistry.load()[name]
    out.print(f"[dim]// {escape(query.file)}:{query.line}[/dim]")
    for line in query.doc.splitlines():
        out.print(f"[dim]// {escape(line)}[/dim]")
    print(query.text)


@cypher_app.command("run")
@guarded
def cypher_run(
    name: str,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="key=value (JSON or a bare string)")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Run a named read query with parameters; prints its rows."""
    from graph_rag.store import QueryRegistry

    params = dict(_parse_param(raw) for raw in param or [])
    # An argument error, so before any database is reached (the store loads the files again).
    query = QueryRegistry.load()[name]
    if query.writes:  # said first: its parameters do not matter then
        raise InvalidArgument(f"{name!r} writes to the graph; `cypher run` runs read queries only.")
    query.refuse_unknown(params)
    query.refuse_mistyped(params)
    params = {**query.optional(), **params}  # what its header says may be null, left out
    query.bind(params)  # one missing is said before a local server is started for nothing
    with open_store(Settings.from_env(), announce=notice) as store:
        if isinstance(params.get("index"), str):  # the headers name Neo4j's indexes
            params["index"] = store.dialect.index_named(params["index"])
        rows = store.read(name, **params)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        out.print("(no rows)")
        return
    table = Table(*rows[0].keys())
    for row in rows:
        table.add_row(*(escape(str(v)) for v in row.values()))
    out.print(table)
