"""The embedding port: what the rest of graph-rag may assume about an embedder.

Anything that turns text into vectors fits ``Embedder``: the sentence-transformers
adapter here, a hosted API later, a deterministic fake in tests. Two embedders
with the same ``model_name`` give interchangeable vectors, which is what lets
the cache and the vector index trust it as a key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from graph_rag.errors import GraphRagError

Vector = list[float]

# The variable that names another model (a sentence-transformers name or folder).
MODEL_ENV_VAR = "GRAPH_RAG_EMBED_MODEL"


@runtime_checkable
class Embedder(Protocol):
    """Turns text into unit-length vectors of ``dimensions`` floats."""

    @property
    def model_name(self) -> str:
        """Identifies the vectors: same name, interchangeable vectors."""
        ...

    @property
    def dimensions(self) -> int: ...

    def embed_documents(self, texts: Sequence[str]) -> list[Vector]:
        """One vector per text, in the order given."""
        ...

    def embed_query(self, text: str) -> Vector: ...


class EmbeddingModelUnavailable(GraphRagError):
    """The embedding model could not be loaded from this machine."""

    def __init__(self, model: str, reason: str, hint: str = "") -> None:
        super().__init__(model, reason, hint)
        self.model, self.reason, self.hint = model, reason, hint

    def __str__(self) -> str:
        text = f"Cannot load the embedding model {self.model!r}: {self.reason.rstrip('.')}"
        return f"{text}. {self.hint}" if self.hint else text


class MissingDependency(GraphRagError):
    """An optional package that a chosen feature needs is not installed."""

    def __init__(self, package: str, needed_for: str) -> None:
        super().__init__(package, needed_for)
        self.package, self.needed_for = package, needed_for

    def __str__(self) -> str:
        return f"{self.needed_for} needs {self.package}: pip install {self.package}"
