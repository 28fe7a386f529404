"""A small deterministic embedder for tests where the model itself is not under test.

Each word (a run of letters or digits, lowercased) is hashed to one of
``dimensions`` buckets, and the counts are normalized: texts that share words
get a higher cosine, identical texts identical vectors, and nothing is loaded.
``calls`` records every batch it was asked to embed, so tests can assert what
was (not) embedded.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence

_WORD = re.compile(r"[A-Za-z]+|\d+")


class FakeEmbedder:
    def __init__(self, model_name: str = "fake-bag-of-words", dimensions: int = 384) -> None:
        self._model_name = model_name
        self._dimensions = dimensions
        self.calls: list[list[str]] = []

    @property
    def model_name(self) -> str:
        return self._model_name

    @property
    def dimensions(self) -> int:
        return self._dimensions

    @property
    def embedded(self) -> int:
        """How many texts it has embedded so far."""
        return sum(len(batch) for batch in self.calls)

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls.append(list(texts))
        return [self._vector(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    def _vector(self, text: str) -> list[float]:
        counts = [0.0] * self._dimensions
        for word in _WORD.findall(text.lower()):
            bucket = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big")
            counts[bucket % self._dimensions] += 1.0
        if not any(counts):  # no words: a fixed unit vector rather than zeros
            counts[0] = 1.0
        norm = math.sqrt(sum(c * c for c in counts))
        return [c / norm for c in counts]
