"""Embedding: the ``Embedder`` port, the sentence-transformers adapter, the cache, the use case.

Nothing here imports torch, sentence-transformers or onnxruntime until an
embedder is built, so importing this package stays cheap.
"""

from graph_rag.embed.base import (
    MODEL_ENV_VAR,
    Embedder,
    EmbeddingModelUnavailable,
    MissingDependency,
    Vector,
)
from graph_rag.embed.cache import DEFAULT_CACHE_PATH, EmbeddingCache
from graph_rag.embed.model_files import declared_dimensions
from graph_rag.embed.pipeline import EmbedStats, embed_functions
from graph_rag.embed.sentence_transformer import (
    DEFAULT_MODEL,
    DEFAULT_MODEL_WINDOW,
    Backend,
    SentenceTransformerEmbedder,
    comparable_models,
    default_model_name,
    known_model_name,
    resolve_model,
)
from graph_rag.embed.text import function_text, name_words

__all__ = [
    "DEFAULT_CACHE_PATH",
    "DEFAULT_MODEL",
    "DEFAULT_MODEL_WINDOW",
    "MODEL_ENV_VAR",
    "Backend",
    "EmbedStats",
    "Embedder",
    "EmbeddingCache",
    "EmbeddingModelUnavailable",
    "MissingDependency",
    "SentenceTransformerEmbedder",
    "Vector",
    "comparable_models",
    "declared_dimensions",
    "default_model_name",
    "embed_functions",
    "function_text",
    "known_model_name",
    "name_words",
    "resolve_model",
]
