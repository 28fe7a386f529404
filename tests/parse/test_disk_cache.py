"""The parser's on-disk cache (graph_rag/parse/disk_cache.py): a value is made once and
loaded after, in any process; anything wrong with the cache means making it again,
never an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_rag.config import USER_CACHE_ENV_VAR
from graph_rag.parse.disk_cache import DiskCache, cache_root


class Maker:
    """Makes a value and counts how often it was asked to."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_a_value_is_made_once_and_loaded_by_the_next_process(tmp_path: Path) -> None:
    first, second = Maker({"str": ["upper", "lower"]}), Maker("never used")
    assert DiskCache("stubs", "v1", root=tmp_path).get("builtins", first) == {"str": ["upper", "lower"]}
    assert DiskCache("stubs", "v1", root=tmp_path).get("builtins", second) == {"str": ["upper", "lower"]}
    assert (first.calls, second.calls) == (1, 0)


def test_a_change_in_what_values_depend_on_starts_a_fresh_cache(tmp_path: Path) -> None:
    DiskCache("stubs", "typeshed 1", root=tmp_path).get("builtins", Maker("old"))
    assert DiskCache("stubs", "typeshed 2", root=tmp_path).get("builtins", Maker("new")) == "new"


def test_a_fresh_cache_removes_the_stale_ones_of_its_kind(tmp_path: Path) -> None:
    """A new typeshed, astroid or parser leaves the old entries unread forever."""
    old = DiskCache("stubs", "typeshed 1", root=tmp_path)
    old.get("builtins", Maker("old"))
    trees = DiskCache("trees", "astroid 1", root=tmp_path)
    trees.get("werkzeug", Maker("a tree"))
    new = DiskCache("stubs", "typeshed 2", root=tmp_path)
    new.get("builtins", Maker("new"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([new.directory.name, trees.directory.name])
    assert DiskCache("trees", "astroid 1", root=tmp_path).get("werkzeug", Maker("unused")) == "a tree"


def test_a_damaged_entry_is_made_again_and_replaced(tmp_path: Path) -> None:
    cache = DiskCache("stubs", "v1", root=tmp_path)
    cache.get("builtins", Maker("whole"))
    assert cache.directory is not None
    entry = cache.directory / "builtins.pickle"
    entry.write_bytes(entry.read_bytes()[:5])  # a write cut short
    maker = Maker("whole")
    assert cache.get("builtins", maker) == "whole"
    assert maker.calls == 1
    assert DiskCache("stubs", "v1", root=tmp_path).get("builtins", Maker("unused")) == "whole"


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    maker = Maker("made")
    cache = DiskCache("stubs", "v1", root=blocked)
    assert [cache.get("builtins", maker), cache.get("builtins", maker)] == ["made", "made"]
    assert maker.calls == 2


def test_the_cache_lives_in_graph_rags_user_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Beside the ONNX exports of embedding models, moved by the same variable."""
    monkeypatch.setenv(USER_CACHE_ENV_VAR, str(tmp_path))
    assert cache_root() == tmp_path / "parse"
    assert DiskCache("stubs", "v1").directory.parent == tmp_path / "parse"
