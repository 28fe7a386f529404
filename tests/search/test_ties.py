"""Edge cases of ranking: equal scores rank by id, so a search for k results is the first k
of a larger one; a database without its search indexes finds nothing, without an error.

Equal scores:

Four modules define the same ``send`` with the same docstring, so Lucene scores them
alike; without a tie-break the server returned them in another order for k=5 than
for k=10 (found by a review of the CLI). And Lucene stops at its candidates in the
order it stored them, so which ties made a cut of k varied with k (an API review).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_rag.embed import SentenceTransformerEmbedder
from graph_rag.errors import StoreError
from graph_rag.model import Origin
from graph_rag.search import Searcher, SearchFilter, SearchMode
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


@pytest.mark.parametrize("mode", list(SearchMode))
def test_a_search_before_the_search_indexes_exist_finds_nothing_and_says_no_error(
    store: GraphStore,
    embedder: SentenceTransformerEmbedder,
    monkeypatch: pytest.MonkeyPatch,
    mode: SearchMode,
) -> None:
    """A fresh database (no ingest, no `init`) has no search indexes, and its index
    procedures fail; the API and MCP answered with the server's raw error. An empty
    graph has nothing to rank: no results. (A failure on a graph with functions is raised.)"""
    read = store.read

    def no_indexes(name: str, /, **params: object) -> list[dict[str, object]]:
        if name in ("search_vector", "search_fulltext"):
            raise StoreError(name, "Error executing procedure: db.index.fulltext.querynodes")
        return read(name, **params)

    monkeypatch.setattr(store, "read", no_indexes)
    assert Searcher(store, embedder).search("parse a date", mode=mode) == []
    store.write("test.create_functions", rows=[{"id": "r:f", "text": "parse a date", "vector": [0.0] * 384}])
    with pytest.raises(StoreError, match="Error executing procedure"):
        Searcher(store, embedder).search("parse a date", mode=mode)


def test_ties_written_later_but_first_by_id_are_found_by_any_k(
    session_store: GraphStore, embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    """``zz`` is written first, so Lucene meets its ties first; ``aa``'s come first by id.
    Unfiltered, a fulltext search of k=1 asked Lucene for one candidate: a ``zz`` one."""
    mode = SearchMode.FULLTEXT
    repos = {"zz": (TIES, Origin.INHOUSE), "aa": (TIES, Origin.INHOUSE)}
    with searching(session_store, embedder, tmp_path, repos) as searcher:
        everything = searcher.search("send the request", k=8, mode=mode)
        ids = [hit.id for hit in everything]
        assert len(ids) == 8 and ids == sorted(ids) and ids[0].startswith("aa:")
        for k in range(1, 8):
            assert [hit.id for hit in searcher.search("send the request", k=k, mode=mode)] == ids[:k]
