"""The parser's on-disk cache (graph_rag/parse/disk_cache.py): a value is made once and
loaded after, in any process; anything wrong with the cache means making it again,
never an error."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from graph_rag.config import USER_CACHE_ENV_VAR, tree_cache_max_bytes
from graph_rag.errors import ConfigError
from graph_rag.model import Repository
from graph_rag.parse import parse_repository
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


def _last_opened(directory: Path, seconds_ago: float) -> None:
    when = time.time() - seconds_ago
    os.utime(directory, (when, when))


def test_a_fresh_cache_removes_the_stale_ones_of_its_kind(tmp_path: Path) -> None:
    """A new typeshed, astroid or parser leaves the old entries unread forever."""
    old = DiskCache("stubs", "typeshed 1", root=tmp_path)
    old.get("builtins", Maker("old"))
    _last_opened(old.directory, seconds_ago=8 * 24 * 3600)
    trees = DiskCache("trees", "astroid 1", root=tmp_path)
    trees.get("werkzeug", Maker("a tree"))
    new = DiskCache("stubs", "typeshed 2", root=tmp_path)
    new.get("builtins", Maker("new"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([new.directory.name, trees.directory.name])
    assert DiskCache("trees", "astroid 1", root=tmp_path).get("werkzeug", Maker("unused")) == "a tree"


def test_a_cache_another_version_opened_this_week_is_left_alone(tmp_path: Path) -> None:
    """A checkout and a clean clone of it, parsing by turns, must not empty each other's cache."""
    mine = DiskCache("stubs", "graph-rag 1", root=tmp_path)
    mine.get("builtins", Maker("mine"))
    _last_opened(mine.directory, seconds_ago=8 * 24 * 3600)
    DiskCache("stubs", "graph-rag 1", root=tmp_path)  # opened again today, by a process that only reads
    DiskCache("stubs", "graph-rag 2", root=tmp_path).get("builtins", Maker("theirs"))
    assert DiskCache("stubs", "graph-rag 1", root=tmp_path).get("builtins", Maker("remade")) == "mine"


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


def _aged(cache: DiskCache, name: str, seconds_ago: float) -> None:
    """Mark ``name``'s entry as last read ``seconds_ago``."""
    when = time.time() - seconds_ago
    os.utime(cache.directory / f"{name}.pickle", (when, when))


def test_past_its_size_the_cache_drops_the_entries_read_longest_ago(tmp_path: Path) -> None:
    """Each virtualenv parsed leaves its modules' trees: without a bound they pile up."""
    blob = b"x" * 1000  # each entry pickles to a little over 1,000 bytes
    filling = DiskCache("trees", "v1", root=tmp_path, max_bytes=100_000)
    for index in range(4):
        filling.get(f"old{index}", Maker(blob))
    for index, name in enumerate(["old0", "old1", "old2", "old3"]):
        _aged(filling, name, seconds_ago=1000 - index)
    DiskCache("trees", "v1", root=tmp_path, max_bytes=100_000).get("old0", Maker("unused"))  # read now

    small = DiskCache("trees", "v1", root=tmp_path, max_bytes=4_000)  # the next process, a smaller bound
    small.get("new", Maker(blob))

    kept = sorted(p.stem for p in small.directory.glob("*.pickle"))
    assert kept == ["new", "old0", "old3"]  # under 80% of 4,000 bytes: old1 and old2 went
    assert small.get("old0", Maker("remade")) == blob


def test_under_its_size_the_cache_removes_nothing(tmp_path: Path) -> None:
    cache = DiskCache("trees", "v1", root=tmp_path, max_bytes=1_000_000)
    for name in ("a", "b", "c"):
        cache.get(name, Maker(name))
    assert sorted(p.stem for p in cache.directory.glob("*.pickle")) == ["a", "b", "c"]


def test_the_tree_cache_bound_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRAPH_RAG_TREE_CACHE_MB", raising=False)
    assert tree_cache_max_bytes() == 1024 * 1024 * 1024
    monkeypatch.setenv("GRAPH_RAG_TREE_CACHE_MB", "64")
    assert tree_cache_max_bytes() == 64 * 1024 * 1024
    monkeypatch.setenv("GRAPH_RAG_TREE_CACHE_MB", "lots")
    with pytest.raises(ConfigError, match="GRAPH_RAG_TREE_CACHE_MB='lots' is not a size in MB"):
        tree_cache_max_bytes()


def test_a_bad_bound_stops_a_parse_with_dependencies_before_any_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "main.py").write_text("import os\n")
    monkeypatch.setenv("GRAPH_RAG_TREE_CACHE_MB", "0")
    with pytest.raises(ConfigError, match="GRAPH_RAG_TREE_CACHE_MB"):
        parse_repository(tmp_path, repository=Repository(id="r", name="r"), dependencies=[tmp_path])
