"""Every API query lives in cypher/api/ with a runnable ``:param`` example for each of its
parameters: the examples run against the fixture graph (see conftest.py), as
``graph-rag cypher run`` and Neo4j Browser would run them.
"""

from __future__ import annotations

import json
import re

import pytest

from graph_rag.store import GraphStore, QueryRegistry

PARAM = re.compile(r"^:param\s+(\w+)\s*=>\s*(.+)$")
API_QUERIES = sorted(name for name in QueryRegistry.load() if name.startswith("api."))


def examples(doc: str) -> dict[str, object]:
    found = {}
    for line in doc.splitlines():
        if m := PARAM.match(line.strip()):
            found[m.group(1)] = json.loads(m.group(2).replace("'", '"'))
    return found


@pytest.mark.parametrize("name", API_QUERIES)
def test_each_api_query_runs_with_its_documented_example(api_store: GraphStore, name: str) -> None:
    query = api_store.queries[name]
    params = examples(query.doc)
    assert set(params) == set(query.params), f"{name}: document every $param with a :param example"
    if "index" in params:
        params["index"] = api_store.dialect.vector_index
    rows = api_store.read(name, **params)
    assert isinstance(rows, list)
    if name not in {
        "api.function_overrides",
        "api.function_overridden_by",
        "api.class_subclasses",
        "api.similar_functions",
        "api.function_class",
        "api.module_functions",
        "api.class_bases",
        "api.call_cycle",  # the fixture graph has no cycle of calls (tests/api/test_cycles.py has)
    }:
        assert rows, f"{name}: its example should find something in the fixture graph"
