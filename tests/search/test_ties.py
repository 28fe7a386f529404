"""Equal scores rank by id: a search for k results is the first k of a larger search.

Four modules define the same ``send`` with the same docstring, so Lucene scores them
alike; without a tie-break the server returned them in another order for k=5 than
for k=10 (found by a review of the CLI).
"""

from __future__ import annotations

from pathlib import Path

from graph_rag.embed import SentenceTransformerEmbedder
from graph_rag.model import Origin
from graph_rag.search import SearchFilter, SearchMode
from graph_rag.store import GraphStore

from .conftest import searching

SAME = 'def send(request):\n    """Send the request."""\n    return request\n'
TIES = {"ties/__init__.py": "", **{f"ties/{name}.py": SAME for name in ("delta", "alpha", "gamma", "beta")}}


def test_equal_fulltext_scores_rank_by_id_so_a_smaller_k_is_a_prefix(
    session_store: GraphStore, embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    """(Hybrid breaks its own ties by where each list put a function, so it follows.)"""
    mode = SearchMode.FULLTEXT
    only = SearchFilter(repositories=("ties",))
    with searching(session_store, embedder, tmp_path, {"ties": (TIES, Origin.INHOUSE)}) as searcher:
        everything = searcher.search("send the request", k=4, mode=mode, filter=only)
        assert len({hit.score for hit in everything}) == 1, "the four are tied"
        ids = [hit.id for hit in everything]
        assert ids == sorted(ids)
        for k in (1, 2, 3):
            assert [
                hit.id for hit in searcher.search("send the request", k=k, mode=mode, filter=only)
            ] == ids[:k]
