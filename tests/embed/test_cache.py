"""EmbeddingCache: float32 vectors by (model name, text hash) in a sqlite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_rag.embed import DEFAULT_CACHE_PATH, EmbeddingCache

VECTOR = [0.5, -0.25, 0.125, 1.0]


def test_vectors_come_back_as_stored(tmp_path: Path) -> None:
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cache.put_many("m", {"h1": VECTOR})
        assert cache.get_many("m", ["h1", "unknown"]) == {"h1": VECTOR}


def test_vectors_are_stored_as_float32(tmp_path: Path) -> None:
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cache.put_many("m", {"h": [0.1]})
        (value,) = cache.get_many("m", ["h"])["h"]
    assert value == pytest.approx(0.1, abs=1e-8)
    assert value != 0.1  # 0.1 is not exact in float32: 4 bytes per value, not 8


def test_keys_include_the_model_name(tmp_path: Path) -> None:
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cache.put_many("model-a", {"h": VECTOR})
        assert cache.get_many("model-b", ["h"]) == {}


def test_vectors_outlive_the_connection(tmp_path: Path) -> None:
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cache.put_many("m", {f"h{i}": VECTOR for i in range(1200)})
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        assert len(cache) == 1200
        assert len(cache.get_many("m", [f"h{i}" for i in range(1200)])) == 1200


def test_default_file_is_under_dot_graph_rag_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with EmbeddingCache() as cache:
        assert cache.path == tmp_path / DEFAULT_CACHE_PATH
    assert (tmp_path / ".graph-rag" / "embeddings.sqlite").is_file()
