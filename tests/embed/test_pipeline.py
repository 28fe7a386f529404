"""embed_functions: one vector per function id, each distinct text embedded once.

These tests use the deterministic FakeEmbedder, which records every batch it embeds.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from graph_rag.embed import Embedder, EmbeddingCache, EmbedStats, embed_functions, function_text

from .conftest import COPY_FILE, ESCAPE_HTML, PARSE_DATE
from .fake_embedder import FakeEmbedder

FUNCTIONS = [PARSE_DATE, COPY_FILE, ESCAPE_HTML]


def test_the_fake_fits_the_embedder_port() -> None:
    assert isinstance(FakeEmbedder(), Embedder)


def test_every_function_gets_the_vector_of_its_text() -> None:
    fake = FakeEmbedder()
    vectors, stats = embed_functions(FUNCTIONS, fake)
    assert stats == EmbedStats(embedded=3, cached=0)
    assert vectors == {fn.id: fake.embed_query(function_text(fn)) for fn in FUNCTIONS}


def test_a_second_run_with_the_cache_embeds_nothing(tmp_path: Path) -> None:
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        first, _ = embed_functions(FUNCTIONS, FakeEmbedder(), cache)
        again = FakeEmbedder()
        second, stats = embed_functions(FUNCTIONS, again, cache)
    assert stats == EmbedStats(embedded=0, cached=3)
    assert again.calls == []
    assert second.keys() == first.keys()
    for fn_id, vector in first.items():  # the cache keeps float32: equal to ~7 digits
        assert second[fn_id] == pytest.approx(vector, abs=1e-7)


def test_only_new_or_changed_functions_are_embedded(tmp_path: Path) -> None:
    changed = dataclasses.replace(ESCAPE_HTML, source=ESCAPE_HTML.source + '.replace("\'", "&#x27;")')
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        embed_functions([PARSE_DATE, ESCAPE_HTML], FakeEmbedder(), cache)
        fake = FakeEmbedder()
        _, stats = embed_functions([PARSE_DATE, changed, COPY_FILE], fake, cache)
    assert stats == EmbedStats(embedded=2, cached=1)
    assert sorted(text.splitlines()[0] for batch in fake.calls for text in batch) == [
        "function webkit storage files copy file",
        "function webkit utils html escape",
    ]


def test_the_cache_is_keyed_by_model_name(tmp_path: Path) -> None:
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        embed_functions(FUNCTIONS, FakeEmbedder("model-a"), cache)
        _, stats = embed_functions(FUNCTIONS, FakeEmbedder("model-b"), cache)
    assert stats == EmbedStats(embedded=3, cached=0)


def test_identical_code_in_two_repositories_is_embedded_once() -> None:
    fork = dataclasses.replace(PARSE_DATE, repo_id="fork")
    fake = FakeEmbedder()
    vectors, stats = embed_functions([PARSE_DATE, fork], fake)
    assert stats == EmbedStats(embedded=1, cached=0)
    assert fake.embedded == 1
    assert vectors[fork.id] == vectors[PARSE_DATE.id]


def test_progress_counts_distinct_texts_from_what_the_cache_had(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        embed_functions([PARSE_DATE], FakeEmbedder(), cache)
        embed_functions(
            FUNCTIONS,
            FakeEmbedder(),
            cache,
            chunk_size=1,
            on_progress=lambda done, total: seen.append((done, total)),
        )
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_the_text_recipe_is_a_parameter() -> None:
    fake = FakeEmbedder()
    embed_functions([PARSE_DATE], fake, text=lambda fn: fn.qualname)
    assert fake.calls == [["webkit.utils.http.parse_http_date"]]
