"""Named queries: how cypher/*.cypher files are read, and the mistakes refused on load.

No database here: the loader is pure. Each case writes a small .cypher file.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from graph_rag.errors import (
    MissingParameter,
    MistypedParameter,
    QueryFileError,
    QueryNotFound,
    UnknownParameter,
)
from graph_rag.store.queries import EXAMPLE_PARAM, QueryRegistry, parse_query_file


def _write(tmp_path: Path, text: str, name: str = "q.cypher") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_file_holds_named_queries_with_their_docs_params_and_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "// name: callers\n"
        "// Direct callers of one function.\n"
        "// :param id => 'r:m.f'\n"
        "MATCH (c)-[:CALLS]->({id: $id}) RETURN c LIMIT $limit\n"
        "\n"
        "// name: ping\n"
        "RETURN 1;\n",
    )
    callers, ping = parse_query_file(path)
    assert callers.name == "callers"
    assert callers.doc == "Direct callers of one function.\n:param id => 'r:m.f'"
    assert callers.text == "MATCH (c)-[:CALLS]->({id: $id}) RETURN c LIMIT $limit"
    assert callers.params == frozenset({"id", "limit"})
    assert (callers.line, ping.line) == (1, 6)
    assert ping.text == "RETURN 1"


def test_a_dollar_inside_a_string_literal_is_not_a_parameter(tmp_path: Path) -> None:
    (query,) = parse_query_file(_write(tmp_path, "// name: q\nRETURN '$price' AS s, $x AS x\n"))
    assert query.params == frozenset({"x"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("// name: empty\n// only a doc\n", "q.cypher:1: query 'empty' is empty"),
        ("MATCH (n) RETURN n\n", "q.cypher:1: no '// name:' header"),
        (
            "// name: q\n// :param id => 1\nRETURN $other\n",
            "q.cypher:2: query 'q' documents $id but never uses it",
        ),
    ],
)
def test_malformed_files_fail_fast_naming_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(QueryFileError) as raised:
        parse_query_file(path)
    assert str(raised.value) == f"{tmp_path}/{message}"


def test_duplicate_names_across_files_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, "// name: same\nRETURN 1\n", "a.cypher")
    _write(tmp_path, "// name: same\nRETURN 2\n", "b.cypher")
    with pytest.raises(QueryFileError) as raised:
        QueryRegistry.load(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path}/b.cypher:1: duplicate query name 'same' (first at {tmp_path}/a.cypher:1)"
    )


def test_sub_folders_are_namespaces(tmp_path: Path) -> None:
    _write(tmp_path, "// name: search\nRETURN 1\n", "api/search.cypher")
    assert list(QueryRegistry.load(tmp_path)) == ["api.search"]


def test_a_call_missing_a_parameter_is_refused_by_name(tmp_path: Path) -> None:
    _write(tmp_path, "// name: q\nMATCH (n {id: $id}) RETURN n LIMIT $limit\n")
    query = QueryRegistry.load(tmp_path)["q"]
    with pytest.raises(MissingParameter) as raised:
        query.bind({"id": "x"})
    assert str(raised.value) == "Query 'q' needs $limit."
    assert query.bind({"id": "x", "limit": 3, "unused": 1}) == {"id": "x", "limit": 3}


def test_a_parameter_a_query_does_not_use_is_refused_where_a_person_typed_it(tmp_path: Path) -> None:
    _write(tmp_path, "// name: q\nMATCH (n {id: $id}) RETURN n LIMIT $limit\n")
    query = QueryRegistry.load(tmp_path)["q"]
    with pytest.raises(UnknownParameter) as raised:
        query.refuse_unknown({"id": "x", "limt": 3})
    assert str(raised.value) == "Query 'q' takes $id, $limit, not $limt."
    query.refuse_unknown({"id": "x", "limit": 3})  # every one used: nothing to refuse


def test_a_parameter_of_another_kind_than_its_header_example_is_refused_by_name(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "// name: q\n// :param id => 'x'\n// :param limit => 20\n// :param min => 0.5\n"
        "MATCH (n {id: $id}) WHERE n.q >= $min RETURN n LIMIT $limit\n",
    )
    query = QueryRegistry.load(tmp_path)["q"]
    with pytest.raises(MistypedParameter) as raised:
        query.refuse_mistyped({"id": "x", "limit": "abc"})
    assert str(raised.value) == "Query 'q' takes $limit as an integer (like 20), not 'abc'."
    with pytest.raises(MistypedParameter, match=r"takes \$limit as an integer"):
        query.refuse_mistyped({"limit": True})
    with pytest.raises(MistypedParameter, match=r"takes \$id as a string \(like 'x'\), not 3"):
        query.refuse_mistyped({"id": 3})
    query.refuse_mistyped({"id": "y", "limit": 3, "min": 1})  # an integer is a number too


def test_every_shipped_query_takes_its_own_header_examples() -> None:
    checked = 0
    for query in QueryRegistry.load().values():
        examples = {}
        for line in query.doc.splitlines():
            if m := EXAMPLE_PARAM.match("//" + line):
                with contextlib.suppress(ValueError):  # a Cypher map literal is not JSON
                    examples[m.group(1)] = json.loads(m.group(2).replace("'", '"'))
        query.refuse_mistyped(examples)
        checked += len(examples)
    assert checked > 150


def test_an_unknown_query_name_points_at_the_list() -> None:
    with pytest.raises(QueryNotFound) as raised:
        QueryRegistry.load()["no_such_query"]
    assert str(raised.value) == "No named query 'no_such_query'; `graph-rag cypher list` shows them all."


def test_every_shipped_query_file_loads() -> None:
    registry = QueryRegistry.load()
    assert {"ping", "node_counts", "vector_functions", "fulltext_functions"} <= set(registry)
    assert all(query.doc for query in registry.values()), "every query documents itself"
