"""What a search asks for and what it answers: modes, filters, hits.

Frozen values with no I/O, shared by the Searcher, the CLI and the GraphQL API.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from graph_rag.errors import GraphRagError
from graph_rag.model import FunctionKind, Origin

MAX_K = 100
MAX_TEXT_CHARS = 2000


class SearchMode(StrEnum):
    VECTOR = "vector"  # nearest embeddings (the model reads the query)
    FULLTEXT = "fulltext"  # Lucene over names, identifier words and docstrings
    HYBRID = "hybrid"  # reciprocal rank fusion of both, plus a structural prior and name evidence


@dataclass(frozen=True, slots=True)
class SearchFilter:
    """Which functions may be returned; the defaults let everything through.

    ``path_glob`` is matched like ``fnmatch.fnmatchcase`` against the whole path
    relative to the repository root (``*`` crosses ``/``). ``min_quality``
    compares ``Function.quality``; a function without a quality score (none have
    one until quality scoring is ingested) passes.
    """

    repositories: tuple[str, ...] = ()  # repo ids
    origin: Origin | None = None  # curated / inhouse (Repository.origin)
    kinds: tuple[FunctionKind, ...] = ()
    path_glob: str | None = None  # fnmatch on Function.path
    exclude_tests: bool = False
    min_quality: float | None = None  # Function.quality; missing quality passes

    @property
    def is_empty(self) -> bool:
        return self == SearchFilter()


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    qualname: str
    score: float
    mode: SearchMode
    rank: int  # 1-based
    repo_id: str
    path: str
    lineno: int
    end_lineno: int
    signature: str
    docstring: str
    name: str = ""
    kind: str = ""
    module_id: str = ""
    is_async: bool = False
    is_test: bool = False
    quality: float | None = None

    @property
    def location(self) -> str:
        return f"{self.repo_id}:{self.path}:{self.lineno}"

    @property
    def snippet(self) -> str:
        """One line: the signature and the docstring's first line."""
        first = next((line.strip() for line in self.docstring.splitlines() if line.strip()), "")
        return f"{self.signature}  {first}".strip() if first else self.signature

    def __str__(self) -> str:
        return f"{self.rank}. {self.qualname} ({self.location})"


class SearchError(GraphRagError):
    """A search that cannot run as asked (no embedding model for vector search, k < 1)."""
