"""Hybrid search's fusion weights: shipped for the default model, settable for another."""

from __future__ import annotations

import pytest

from graph_rag.config import Settings
from graph_rag.errors import ConfigError
from graph_rag.search import DEFAULT_WEIGHTS, configured_weights, fuse


def ranked(fulltext_weight: float) -> list[str]:
    """Vector ranks a first, fulltext ranks b first: the fulltext weight decides."""
    rankings = {"vector": ["a", "b"], "fulltext": ["b", "a"]}
    fused = fuse(rankings, {"vector": 1.0, "fulltext": fulltext_weight}, c=5)
    return [item for item, _ in fused]


def test_the_fulltext_weight_decides_between_the_lists() -> None:
    assert ranked(0.3) == ["a", "b"]
    assert ranked(1.5) == ["b", "a"]


def test_configured_weights_replace_only_what_is_set() -> None:
    assert configured_weights() == DEFAULT_WEIGHTS
    weights = configured_weights(fulltext=0.3, c=5)
    assert (weights.fulltext, weights.c) == (0.3, 5)
    assert (weights.vector, weights.prior, weights.depth) == (
        DEFAULT_WEIGHTS.vector,
        DEFAULT_WEIGHTS.prior,
        DEFAULT_WEIGHTS.depth,
    )


def test_fusion_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRAPH_RAG_FULLTEXT_WEIGHT", raising=False)
    monkeypatch.delenv("GRAPH_RAG_RRF_C", raising=False)
    assert (Settings.from_env().fulltext_weight, Settings.from_env().rrf_c) == (None, None)
    monkeypatch.setenv("GRAPH_RAG_FULLTEXT_WEIGHT", "0.3")
    monkeypatch.setenv("GRAPH_RAG_RRF_C", "5")
    assert (Settings.from_env().fulltext_weight, Settings.from_env().rrf_c) == (0.3, 5.0)


@pytest.mark.parametrize("raw", ["heavy", "-1", "nan", "inf"])
def test_a_bad_fusion_setting_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("GRAPH_RAG_FULLTEXT_WEIGHT", raw)
    with pytest.raises(ConfigError, match=r"GRAPH_RAG_FULLTEXT_WEIGHT=.* is not a fusion weight"):
        Settings.from_env()
