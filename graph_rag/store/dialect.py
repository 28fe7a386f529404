"""What differs between Neo4j and the local ArcadeDB server, and nothing else.

Both speak Bolt, run the same Cypher from ``cypher/`` and answer the same index
procedures (``db.index.vector.queryNodes``, ``db.index.fulltext.queryNodes``).
They differ in:

- **index DDL**: Neo4j takes ``CREATE VECTOR INDEX`` / ``CREATE FULLTEXT INDEX``
  in Cypher (``schema/neo4j.cypher``); ArcadeDB refuses both over Bolt and takes
  SQL over its HTTP API instead (``schema/arcadedb.sql``);
- **index names**: ArcadeDB names an index after its type and property
  (``Function[embedding]``), Neo4j after the name we give it;
- **the database name**: ArcadeDB's is ``graph``; Neo4j's is the server default
  unless ``NEO4J_DATABASE`` says otherwise;
- **vector recall**: ArcadeDB's approximate index needs more candidates than
  Neo4j's for the same recall, so searches over-fetch there (``vector_overfetch``).

Vector scores agree: both map cosine similarity to ``(1 + cos) / 2`` in [0, 1]
(tests/store/test_store.py checks it on whichever server the suite runs against).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Server(StrEnum):
    NEO4J = "neo4j"
    ARCADEDB = "arcadedb"


@dataclass(frozen=True, slots=True)
class Dialect:
    server: Server
    vector_index: str
    fulltext_index: str
    default_database: str | None
    vector_overfetch: int  # candidates asked of the vector index per result wanted

    @property
    def schema_file(self) -> str:
        return "neo4j.cypher" if self.server is Server.NEO4J else "arcadedb.sql"

    def index_named(self, name: str) -> str:
        """This server's name for an index the query files document by its Neo4j name
        (``function_embedding``, ``function_text``); any other name is left as given."""
        return {NEO4J_VECTOR_INDEX: self.vector_index, NEO4J_FULLTEXT_INDEX: self.fulltext_index}.get(
            name, name
        )


NEO4J_VECTOR_INDEX = "function_embedding"
NEO4J_FULLTEXT_INDEX = "function_text"


NEO4J = Dialect(
    server=Server.NEO4J,
    vector_index=NEO4J_VECTOR_INDEX,
    fulltext_index=NEO4J_FULLTEXT_INDEX,
    default_database=None,
    vector_overfetch=1,
)

ARCADEDB = Dialect(
    server=Server.ARCADEDB,
    vector_index="Function[embedding]",
    fulltext_index="Function[search_text]",
    default_database="graph",
    vector_overfetch=4,
)


def detect(server_agent: str) -> Dialect:
    """The dialect of a server, from the agent string it sends over Bolt.

    ArcadeDB announces itself as ``Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)``,
    so the ArcadeDB check must come first.
    """
    return ARCADEDB if "arcadedb" in server_agent.lower() else NEO4J
