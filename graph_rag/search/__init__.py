"""Retrieval: vector, fulltext and hybrid (reciprocal rank fusion) search with filters.

    searcher = Searcher(store, SentenceTransformerEmbedder())
    hits = searcher.search("parse an http date", k=10, mode=SearchMode.HYBRID,
                           filter=SearchFilter(origin=Origin.CURATED, exclude_tests=True))

``k`` is at most 100 and the text at most 2,000 characters (LimitExceeded
otherwise); an empty graph gives ``[]``.
"""

from graph_rag.search.fusion import DEFAULT_WEIGHTS, FusionWeights, configured_weights, fuse
from graph_rag.search.path_glob import glob_regex
from graph_rag.search.query_text import lucene_query
from graph_rag.search.searcher import MAX_CANDIDATES, Searcher, check_request
from graph_rag.search.types import (
    MAX_K,
    MAX_TEXT_CHARS,
    SearchError,
    SearchFilter,
    SearchHit,
    SearchMode,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "MAX_CANDIDATES",
    "MAX_K",
    "MAX_TEXT_CHARS",
    "FusionWeights",
    "SearchError",
    "SearchFilter",
    "SearchHit",
    "SearchMode",
    "Searcher",
    "check_request",
    "configured_weights",
    "fuse",
    "glob_regex",
    "lucene_query",
]
