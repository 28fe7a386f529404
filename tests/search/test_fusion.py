"""Hybrid search's fusion: rank weights and name evidence, shipped for the default model,
settable for another."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from graph_rag.config import Settings
from graph_rag.errors import ConfigError
from graph_rag.search import DEFAULT_WEIGHTS, Searcher, configured_weights, fuse
from graph_rag.search.evidence import QueryWords


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
    settings = Settings.from_env()  # what does not search (`db stop`, `remove`) is not stopped
    with pytest.raises(ConfigError, match=r"GRAPH_RAG_FULLTEXT_WEIGHT=.* is not a fusion weight"):
        _ = settings.fulltext_weight


def test_name_evidence_counts_the_query_words_each_name_holds() -> None:
    words = QueryWords("Return the cookie's domain.")  # "the" says nothing; "cookie's" is "cookie"
    e = words.evidence(
        "flask.sessions.SessionInterface.get_cookie_domain", "get_cookie_domain", "(self, app)"
    )
    assert (e.name, e.owner, e.signature) == (pytest.approx(2 / 3), 0.0, 0.0)
    owned = words.evidence("jar.CookieJar.domain", "domain", "(self, cookie)")
    assert (owned.name, owned.owner, owned.signature) == tuple(map(pytest.approx, (1 / 3, 1 / 3, 1 / 3)))


def test_name_evidence_flags_dunder_and_private_names() -> None:
    words = QueryWords("Compare two headers.")
    dunder = words.evidence("m.Headers.__eq__", "__eq__", "(self, other)")
    private = words.evidence("m._compare", "_compare", "(a, b)")
    mangled = words.evidence("m.Headers.__compare", "__compare", "(self, b)")
    underscores = words.evidence("m._____", "_____", "()")
    assert (dunder.dunder, dunder.private) == (True, False)
    assert (private.dunder, private.private) == (False, True)
    assert (mangled.dunder, mangled.private) == (False, True)
    assert (underscores.dunder, underscores.private) == (False, True)


def test_inflected_query_words_meet_the_bare_identifier() -> None:
    words = QueryWords("Parses the headers")
    assert words.evidence("m.parse_header", "parse_header", "(value)").name == 1.0


def test_name_evidence_breaks_a_tie_of_ranks() -> None:
    """a and b hold one first place each; only b's name says what was asked."""
    rankings = {"vector": ["a", "b"], "fulltext": ["b", "a"]}
    weights = replace(DEFAULT_WEIGHTS.ranks_only(), name=0.5)
    names = {"a": ("m.close", "close"), "b": ("m.parse_date", "parse_date")}
    words = QueryWords("Parse a date")
    evidence = {i: weights.evidence_score(words.evidence(q, n, "()")) for i, (q, n) in names.items()}
    assert [i for i, _ in fuse(rankings, {"vector": 1.0, "fulltext": 1.0}, c=5)] == ["a", "b"]
    fused = fuse(rankings, {"vector": 1.0, "fulltext": 1.0}, c=5, evidence=evidence)
    assert [i for i, _ in fused] == ["b", "a"]
    assert fused[0][1] - fused[1][1] == pytest.approx(0.5 / 6)  # half a first place at c=5


def test_rank_only_weights_read_no_names() -> None:
    assert DEFAULT_WEIGHTS.reads_names
    assert not DEFAULT_WEIGHTS.ranks_only().reads_names
    assert replace(DEFAULT_WEIGHTS.ranks_only(), dunder=-0.1).reads_names


def test_hybrid_reads_the_evidence_from_the_rows_the_indexes_return() -> None:
    """Rows as search_vector / search_fulltext give them: the tie goes to the named one."""
    close = {"id": "a", "qualname": "m.Reader.close", "name": "close", "signature": "close(self)"}
    parse = {"id": "b", "qualname": "m.parse_date", "name": "parse_date", "signature": "parse_date(value)"}
    searcher = Searcher(store=None, embedder=None)  # type: ignore[arg-type]  # fusion reads no store
    lists = {"vector": [close, parse], "fulltext": [parse, close]}
    searcher.weights = replace(DEFAULT_WEIGHTS, fulltext=DEFAULT_WEIGHTS.vector)
    assert [h.id for h in searcher.fuse_rows(lists, 2, "Parse a date")] == ["b", "a"]
    searcher.weights = searcher.weights.ranks_only()
    assert [h.id for h in searcher.fuse_rows(lists, 2, "Parse a date")] == ["a", "b"]


def test_a_weights_file_sets_what_it_names_and_the_settings_still_win(tmp_path: Path) -> None:
    file = tmp_path / "weights.json"
    file.write_text(json.dumps({"fulltext": 0.3, "c": 5, "prior": 0, "name": 0, "dunder": -0.5, "depth": 20}))
    weights = configured_weights(file=file)
    assert (weights.fulltext, weights.c, weights.prior, weights.name) == (0.3, 5, 0, 0)
    assert (weights.dunder, weights.depth) == (-0.5, 20)  # evidence may push down; depth stays whole
    assert isinstance(weights.depth, int)
    assert weights.signature == DEFAULT_WEIGHTS.signature  # not named: the shipped value
    assert configured_weights(fulltext=0.9, file=file).fulltext == 0.9


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "is not JSON"),
        ("[0.3]", "must hold one JSON object of vector, fulltext"),
        ('{"fulltxt": 0.3}', "names fulltxt; the weights are vector, fulltext"),
        ('{"fulltext": "high"}', r"fulltext='high' is not a usable fulltext \(a number from 0 to 1000\)"),
        ('{"c": -1}', "c=-1 is not a usable c"),
        ('{"vector": -1}', "vector=-1 is not a usable vector"),
        ('{"depth": 0}', r"depth=0 is not a usable depth \(a whole number from 1 to 500\)"),
        ('{"depth": 2.5}', "depth=2.5 is not a usable depth"),
        ('{"depth": 1e15}', "is not a usable depth"),
        ('{"name": true}', "name=True is not a usable name"),
        ('{"name": 1e308}', "is not a usable name"),
        ('{"dunder": ' + "9" * 400 + "}", "dunder=inf is not a usable dunder"),
        ('{"dunder": ' + "9" * 5000 + "}", "dunder=inf is not a usable dunder"),
        ("[" * 100_000 + "]" * 100_000, "is not JSON"),
    ],
)
def test_a_bad_weights_file_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    file = tmp_path / "weights.json"
    file.write_text(text)
    with pytest.raises(ConfigError, match=message):
        configured_weights(file=file)


def test_a_missing_weights_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"Cannot read the fusion weights file .*nowhere\.json"):
        configured_weights(file=tmp_path / "nowhere.json")


def test_the_weights_file_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPH_RAG_FUSION_WEIGHTS", "~/fusion.json")
    assert Settings.from_env().fusion_weights == Path("~/fusion.json").expanduser()
    monkeypatch.delenv("GRAPH_RAG_FUSION_WEIGHTS")
    assert Settings.from_env().fusion_weights is None
