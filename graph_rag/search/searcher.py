"""The Searcher: vector, fulltext and hybrid retrieval over the stored functions.

Every query is a named, read-only query from ``cypher/search.cypher``; filters
travel as parameters and are applied in Cypher right after the index call.

- **vector**: the query text is embedded (``Embedder.embed_query``) and the
  server's vector index asked for ``k * dialect.vector_overfetch`` candidates
  (ArcadeDB's approximate index needs the extra ones for recall@10 >= 0.95 against
  exact cosine, see bench/retrieval_bench.py). With a filter, fewer than ``k``
  candidates may pass: the search then asks again for more, up to
  ``MAX_CANDIDATES``.
- **fulltext**: Lucene over ``Function.search_text`` (qualified name, its words,
  docstring, code identifier words) with a query built by
  ``query_text.lucene_query``: user text is never Lucene syntax, and English
  inflections are undone ("parses" also asks for "parse"). Lucene is told to stop
  at ``k`` matches (``FULLTEXT_OVERFETCH`` x ``k`` with a filter): a query of
  common words matches most of the graph, and streaming it all cost more than
  the rest of the search.
- **a symbol**: text that names one (``HTTPAdapter.send``, ``parse_cookie``:
  ``query_text.symbol_in``) lists the functions of that name first, in fulltext and
  hybrid modes (the exact qualified name, then those it ends, code before tests):
  an agent that knows the name wants the definition, which prose ranking put 37th. A
  name nothing defines is followed as its library exports it or a class inherits it
  (``requests.get`` is ``requests.api.get``: store/aliases.py).
- **hybrid**: reciprocal rank fusion of both lists (``fusion.fuse``) with the
  CALLS in-degree as a small prior and what each candidate's names say about the
  query's words (``evidence.QueryWords``); the fulltext query runs in a helper thread
  while the query is embedded. The vector list is over-fetched on the whole fusion
  depth whatever ``k`` is, so every ``k`` up to the depth gets the first ``k`` of one
  ranking (the benchmark's configuration; about 1.3 ms more at p50 on requests +
  flask + django than over-fetching only the ``k`` returned). A ``k`` past the depth
  keeps those first hits and adds what deeper lists rank next. Without an embedder, or before
  anything is embedded, it re-ranks the fulltext list alone (on the benchmark's
  lists, MRR@10 0.450 against fulltext's 0.443).

An empty graph answers ``[]``.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from graph_rag.embed import Embedder, comparable_models
from graph_rag.errors import InvalidArgument, LimitExceeded, QueryTimedOut, StoreError, check_unicode
from graph_rag.search.evidence import QueryWords
from graph_rag.search.fusion import DEFAULT_WEIGHTS, FusionWeights, fuse
from graph_rag.search.path_glob import glob_regex
from graph_rag.search.query_text import MAX_NAME_CHARS, lucene_query, symbol_in
from graph_rag.search.types import (
    MAX_K,
    MAX_TEXT_CHARS,
    SearchError,
    SearchFilter,
    SearchHit,
    SearchMode,
)
from graph_rag.store import GraphStore
from graph_rag.store.schema import check_embedding_settings
from graph_rag.store.writer import defined_as

log = logging.getLogger(__name__)

MAX_CANDIDATES = 2000  # the most candidates one filtered search asks an index for
FULLTEXT_OVERFETCH = 4  # Lucene matches asked per result wanted when a filter may reject some

Row = dict[str, Any]


def _filter_params(f: SearchFilter) -> dict[str, object]:
    return {
        "repositories": list(f.repositories),
        "origin": f.origin.value if f.origin is not None else None,
        "kinds": [kind.value for kind in f.kinds],
        "path_regex": glob_regex(f.path_glob) if f.path_glob else None,
        "exclude_tests": bool(f.exclude_tests),
        "min_quality": float(f.min_quality) if f.min_quality is not None else None,
    }


def _hit(row: Row, *, score: float, mode: SearchMode, rank: int) -> SearchHit:
    return SearchHit(
        id=row["id"],
        qualname=row.get("qualname") or "",
        score=float(score),
        mode=mode,
        rank=rank,
        repo_id=row.get("repo_id") or "",
        path=row.get("path") or "",
        lineno=int(row.get("lineno") or 0),
        end_lineno=int(row.get("end_lineno") or 0),
        signature=row.get("signature") or "",
        docstring=row.get("docstring") or "",
        name=row.get("name") or "",
        kind=row.get("kind") or "",
        module_id=row.get("module_id") or "",
        is_async=bool(row.get("is_async")),
        is_test=bool(row.get("is_test")),
        quality=row.get("quality"),
    )


def _named_first(named: list[Row], ranked: list[SearchHit], k: int, mode: SearchMode) -> list[SearchHit]:
    """The functions a symbol names, then the ranked hits that are not among them; the
    named ones score as the best ranked hit does (1.0 with none), so scores still fall."""
    if not named:
        return ranked
    top = ranked[0].score if ranked else 1.0
    ids = {row["id"] for row in named}
    rest = [hit for hit in ranked if hit.id not in ids]
    hits = [_hit(row, score=top, mode=mode, rank=0) for row in named] + rest
    return [replace(hit, rank=rank) for rank, hit in enumerate(hits[:k], 1)]


class _Deadline:
    def __init__(self, timeout_s: float | None) -> None:
        self._end = None if timeout_s is None else time.monotonic() + timeout_s

    def left(self) -> float | None:
        if self._end is None:
            return None
        return max(self._end - time.monotonic(), 0.001)


def check_request(text: str, k: int, filter: SearchFilter | None = None) -> None:
    """Refuse what no search answers (k out of range, an empty or oversized text, a bad
    path glob) before any database or model is asked."""
    if k > MAX_K:
        raise LimitExceeded("k", k, MAX_K)
    if k < 1:
        raise SearchError(f"k must be at least 1, got {k}.")
    if len(text) > MAX_TEXT_CHARS:
        raise LimitExceeded("text length", len(text), MAX_TEXT_CHARS)
    check_unicode(text, "The search text")
    if filter is not None and filter.path_glob:
        glob_regex(filter.path_glob)  # a bad glob is refused even where no query would run
    if not text.strip():
        raise InvalidArgument("text must not be empty.")


class Searcher:
    """Ranked functions for a text; build one per store and embedder and reuse it."""

    def __init__(
        self,
        store: GraphStore,
        embedder: Embedder | None,
        *,
        weights: FusionWeights = DEFAULT_WEIGHTS,
        drop_stopwords: bool = True,
        stems: bool = True,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.weights = weights
        self.drop_stopwords = drop_stopwords
        self.stems = stems
        self._dimensions_checked = False
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def search(
        self,
        text: str,
        *,
        k: int = 10,
        mode: SearchMode = SearchMode.HYBRID,
        filter: SearchFilter | None = None,
        timeout_s: float | None = None,
    ) -> list[SearchHit]:
        """The ``k`` best functions for ``text`` that pass ``filter``, best first."""
        check_request(text, k, filter)
        mode = SearchMode(mode)
        flt = filter or SearchFilter()
        self.store.require_repositories(flt.repositories)
        deadline = _Deadline(timeout_s)
        try:
            return self._ranked(text, k, mode, flt, deadline)
        except QueryTimedOut:
            raise
        except StoreError:
            # A database without its search indexes yet (nothing ingested, no `init`) fails
            # in the index procedures: an empty graph has nothing to rank, and says so.
            if not self.store.read("search_any_function"):
                return []
            raise

    def _ranked(
        self, text: str, k: int, mode: SearchMode, flt: SearchFilter, deadline: _Deadline
    ) -> list[SearchHit]:
        if mode is SearchMode.VECTOR:
            if self.embedder is None:
                raise SearchError("Vector search needs an embedding model; use --mode fulltext.")
            rows = self.vector_rows(text, k, flt, deadline.left())
            return [_hit(r, score=r["score"], mode=mode, rank=i) for i, r in enumerate(rows, 1)]
        # A name is looked up on the server while the ranked lists are made.
        named = (
            self._executor().submit(self.symbol_rows, text, k, flt, deadline.left())
            if symbol_in(text)
            else None
        )
        if mode is SearchMode.FULLTEXT:
            # Asked for the fusion depth whatever k is: Lucene stops at its candidates, and
            # which of several equal scores made that cut varied with k (ranked by id after).
            rows = self.fulltext_rows(text, max(k, self.weights.depth), flt, deadline.left())[:k]
            ranked = [_hit(r, score=r["score"], mode=mode, rank=i) for i, r in enumerate(rows, 1)]
        else:
            ranked = self._hybrid(text, k, flt, deadline)
        return _named_first(named.result() if named else [], ranked, k, mode)

    def symbol_rows(self, text: str, k: int, flt: SearchFilter, timeout_s: float | None = None) -> list[Row]:
        """Functions of the name ``text`` is, if it is one (rows of search_symbol)."""
        symbol = symbol_in(text)
        if symbol is None:
            return []
        rows = self._functions_named(symbol, k, flt, timeout_s)
        if not rows and "." in symbol and len(symbol) <= MAX_NAME_CHARS:
            # A name its library exports or a class inherits: ``requests.get``, ``flask.Flask.route``
            defined = defined_as(self.store, symbol)
            if defined is not None:
                rows = self._functions_named(defined, k, flt, timeout_s)
        return rows

    def _functions_named(self, symbol: str, k: int, flt: SearchFilter, timeout_s: float | None) -> list[Row]:
        return self.store.read(
            "search_symbol",
            timeout_s=timeout_s,
            name=symbol.rpartition(".")[2],
            symbol=symbol,
            suffix=f".{symbol}",
            k=k,
            **_filter_params(flt),
        )

    # -- one list per index ------------------------------------------------------

    def vector_rows(
        self,
        text: str,
        k: int,
        flt: SearchFilter,
        timeout_s: float | None = None,
        *,
        candidates: int | None = None,
    ) -> list[Row]:
        """The ``k`` nearest functions that pass ``flt`` (rows of search_vector)."""
        assert self.embedder is not None
        self._check_dimensions()
        vector = self.embedder.embed_query(text)
        return self.vector_rows_for(vector, k, flt, timeout_s, candidates=candidates)

    def _vector_candidates(self, depth: int) -> int:
        """Candidates for hybrid's vector list: over-fetched on the whole depth, not on the
        ``k`` returned, so every ``k`` up to the depth fuses the same lists."""
        return depth * self.store.dialect.vector_overfetch

    def vector_rows_for(
        self,
        vector: list[float],
        k: int,
        flt: SearchFilter,
        timeout_s: float | None = None,
        *,
        candidates: int | None = None,
    ) -> list[Row]:
        """The ``k`` nearest to ``vector`` among ``candidates`` (default ``k`` x the dialect's over-fetch)."""
        candidates = max(k, candidates or k * self.store.dialect.vector_overfetch)
        models = list(comparable_models(self.embedder.model_name)) if self.embedder is not None else []
        return self._widening(
            "search_vector",
            k,
            candidates,
            flt,
            timeout_s,
            index=self.store.dialect.vector_index,
            vector=vector,
            models=models,
        )

    def fulltext_rows(
        self, text: str, k: int, flt: SearchFilter, timeout_s: float | None = None
    ) -> list[Row]:
        """The ``k`` best Lucene matches that pass ``flt`` (rows of search_fulltext)."""
        query = lucene_query(text, drop_stopwords=self.drop_stopwords, stems=self.stems)
        if not query:
            return []
        # Lucene stops at the candidates; a filter may reject some, so it over-fetches then.
        candidates = k if flt.is_empty else k * FULLTEXT_OVERFETCH
        return self._widening(
            "search_fulltext",
            k,
            candidates,
            flt,
            timeout_s,
            index=self.store.dialect.fulltext_index,
            text=query,
        )

    def _widening(
        self,
        query: str,
        k: int,
        candidates: int,
        flt: SearchFilter,
        timeout_s: float | None,
        **params: object,
    ) -> list[Row]:
        """Rows of an index ``query``, asking for 8x the candidates while a filter leaves fewer
        than ``k`` (without a filter, fewer rows than candidates means the index has no more).
        ``models`` filters too: vectors of another model, not yet re-embedded, are left out."""
        filtered = not flt.is_empty or bool(params.get("models"))
        while True:
            rows = self.store.read(
                query, timeout_s=timeout_s, candidates=candidates, k=k, **params, **_filter_params(flt)
            )
            if len(rows) >= k or not filtered or candidates >= MAX_CANDIDATES:
                return rows
            candidates = min(candidates * 8, MAX_CANDIDATES)

    # -- fusion -----------------------------------------------------------------------

    def _hybrid(self, text: str, k: int, flt: SearchFilter, deadline: _Deadline) -> list[SearchHit]:
        depth = self.weights.depth
        if k <= depth:
            return self._fused(text, k, depth, flt, deadline)
        # Past the fusion depth, the first ``depth`` hits are those a ``k`` of ``depth``
        # gives: asking for more only adds to the end. The rest come from lists ``k`` deep
        # (fused anew, they would reorder the top), scored no higher than the last before.
        first = self._fused(text, depth, depth, flt, deadline)
        seen = {hit.id for hit in first}
        deeper = [hit for hit in self._fused(text, k, k, flt, deadline) if hit.id not in seen]
        floor = first[-1].score if first else float("inf")
        rest = [
            replace(hit, score=min(hit.score, floor), rank=rank)
            for rank, hit in enumerate(deeper[: k - len(first)], len(first) + 1)
        ]
        return first + rest

    def _fused(
        self, text: str, k: int, depth: int, flt: SearchFilter, deadline: _Deadline
    ) -> list[SearchHit]:
        """The first ``k`` of both lists, each ``depth`` deep, fused."""
        if self.embedder is None:
            return self.fuse_rows(
                {"fulltext": self.fulltext_rows(text, depth, flt, deadline.left())}, k, text
            )
        # The fulltext query runs on the server while the model embeds the text here.
        fulltext = self._executor().submit(self.fulltext_rows, text, depth, flt, deadline.left())
        candidates = self._vector_candidates(depth)
        vector = self.vector_rows(text, depth, flt, deadline.left(), candidates=candidates)
        return self.fuse_rows({"vector": vector, "fulltext": fulltext.result()}, k, text)

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="graph-rag-search")
            return self._pool

    def close(self) -> None:
        """Stop the helper threads (searching again starts them anew)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False)

    def fuse_rows(self, lists: dict[str, list[Row]], k: int, text: str) -> list[SearchHit]:
        """Hybrid hits for ``text`` from already fetched ranked lists (the benchmark tunes
        weights here)."""
        w = self.weights
        by_id: dict[str, Row] = {}
        for rows in lists.values():
            for row in rows:
                by_id.setdefault(row["id"], row)
        evidence = None
        if w.reads_names:
            words = QueryWords(text)
            evidence = {i: w.evidence_score(words.row_evidence(r)) for i, r in by_id.items()}
        fused = fuse(
            {name: [r["id"] for r in rows] for name, rows in lists.items()},
            {"vector": w.vector, "fulltext": w.fulltext},
            c=w.c,
            callers={i: int(r.get("callers") or 0) for i, r in by_id.items()},
            prior=w.prior,
            evidence=evidence,
        )
        return [
            _hit(by_id[i], score=score, mode=SearchMode.HYBRID, rank=rank)
            for rank, (i, score) in enumerate(fused[:k], 1)
        ]

    def _check_dimensions(self) -> None:
        """Once per Searcher: the query model must match the stored vectors' dimension."""
        if self._dimensions_checked or self.embedder is None:
            return
        check_embedding_settings(
            self.store,
            embedding_model=self.embedder.model_name,
            dimensions=self.embedder.dimensions,
        )
        self._dimensions_checked = True
