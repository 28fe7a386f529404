"""Every query graph-rag sends, as Neo4j itself reads it.

The suite runs the queries against the local ArcadeDB server, which takes some Cypher
that Neo4j refuses or answers with a warning, and no Neo4j can run on these machines.
So every named query (``cypher/``) and every DDL statement ``apply_schema`` sends Neo4j
(``schema/``) also goes through Neo4j's own front end: the parser and semantic analysis
that Neo4j's editors use, published on npm as ``@neo4j-cypher/language-support``
(``tools/cypher-lint``, installed by ``scripts/test``), with a real Neo4j's registry of
procedures and functions. Cypher 5 is the language of Neo4j 5.26 LTS.

An error there is a query Neo4j refuses. A warning is a notification Neo4j sends with
every answer, which the driver logs and the CLI prints: each write batch of an ingest
would print one for a cartesian product (``MATCH (a {id: row.src}), (b {id: row.dst})``:
two MATCH clauses say the same without it).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from graph_rag.config import DEFAULT_EMBED_DIMENSIONS
from graph_rag.model import Label, RelType
from graph_rag.store import QueryRegistry
from graph_rag.store.schema import neo4j_schema

LINT = Path(__file__).resolve().parents[2] / "tools" / "cypher-lint"
CYPHER_5 = "CYPHER 5"
# Labels besides the model's: the node apply_schema keeps the embedding settings in.
LABELS = [*Label, "GraphRagMeta"]

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (LINT / "node_modules").is_dir(),
    reason="Neo4j's Cypher front end needs node and `scripts/bootstrap-cypher-lint` (npm)",
)


def lint(queries: dict[str, str], version: str = CYPHER_5) -> list[dict[str, str]]:
    """Neo4j's diagnostics for each query: severity, message and the text they point at.
    In two node processes: its semantic analysis takes ~0.1 s a query."""
    names = sorted(queries)
    halves = [names[::2], names[1::2]]

    def run(part: list[str]) -> list[dict[str, str]]:
        request = {
            "version": version,
            "labels": [str(label) for label in LABELS],
            "relationshipTypes": [str(rel) for rel in RelType],
            "queries": [{"name": name, "text": queries[name]} for name in part],
        }
        done = subprocess.run(
            ["node", str(LINT / "lint.mjs")],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        return json.loads(done.stdout)

    with ThreadPoolExecutor(len(halves)) as pool:
        return [found for part in pool.map(run, halves) for found in part]


def test_every_named_query_and_the_schema_read_cleanly_in_neo4j_s_front_end() -> None:
    registry = QueryRegistry.load()
    queries = {name: registry[name].text for name in registry}
    schema = neo4j_schema(DEFAULT_EMBED_DIMENSIONS)
    queries |= {f"schema.{name}": statement for name, statement in schema}
    assert len(queries) == len(registry) + len(schema), "a schema statement shares a query's name"

    found = lint(queries)

    report = (f"{f['query']}: {f['severity']}: {f['message']} [{f['text']}]" for f in found)
    assert found == [], "\n".join(report)


def test_the_front_end_reports_what_neo4j_refuses_or_warns_about() -> None:
    found = lint(
        {
            "removed_syntax": "MATCH (n:Function) WHERE exists(n.docstring) RETURN n",
            "cartesian": "UNWIND $rows AS row MATCH (a:Function {id: row.src}), (b:Function {id: row.dst}) "
            "CREATE (a)-[:CALLS]->(b)",
            "deprecated_function": "MATCH (n:Function) RETURN id(n)",
            "unknown_procedure": "CALL db.index.vector.queryNode('function_embedding', 10, $v) YIELD node "
            "RETURN node",
            "unknown_label": "MATCH (n:Fuction) RETURN n",
            "fine": "UNWIND $rows AS row MATCH (a:Function {id: row.src}) MATCH (b:Function {id: row.dst}) "
            "CREATE (a)-[:CALLS]->(b)",
        }
    )

    by_query = {(f["query"], f["severity"]) for f in found}
    assert by_query == {
        ("removed_syntax", "error"),
        ("cartesian", "warning"),
        ("deprecated_function", "warning"),
        ("unknown_procedure", "error"),
        ("unknown_label", "warning"),
    }
