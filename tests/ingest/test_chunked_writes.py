"""A repository written in many transactions is the graph one transaction writes.

The writer replaces files chunk by chunk (``chunk_rows``); an edge whose target a later
chunk defines waits as a stand-in until that chunk is written. ``pkg/aa.py`` is written
before ``pkg/zz.py`` and everything in it points forward: a call, a base class and an
override.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph_rag.services.ingest import ingest
from graph_rag.store import GraphStore

from .conftest import graph_fingerprint

MakeRepo = Callable[[str, dict[str, str | bytes]], Path]

FORWARD = {
    "pkg/__init__.py": "",
    "pkg/aa.py": """\
        from pkg.zz import Base, helper


        class Child(Base):
            def run(self):
                return helper()
        """,
    "pkg/zz.py": """\
        class Base:
            def run(self):
                return 0


        def helper():
            return 1
        """,
}

ONE_FILE_PER_CHUNK = 1


def test_edges_into_a_later_chunk_are_those_one_chunk_writes(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo("fwd", FORWARD)
    ingest(str(root), store=store, cache_dir=tmp_path / "cache", workers=1)
    whole = graph_fingerprint(store)
    store.write("clear_all")
    ingest(str(root), store=store, cache_dir=tmp_path / "cache", workers=1, chunk_rows=ONE_FILE_PER_CHUNK)
    assert graph_fingerprint(store) == whole
    edges = {(r["src"], r["type"], r["dst"]) for r in store.read("graph_relationships")}
    assert ("fwd:pkg.aa.Child.run", "OVERRIDES", "fwd:pkg.zz.Base.run") in edges


def test_a_copy_of_a_repository_links_to_its_own_definitions(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """Two repositories with the same qualified names (a fork, a vendored copy, two
    versions): the second's edges must not reach into the first, whose definitions are
    in the graph before the second's own later chunks are."""
    for name in ("one", "two"):
        root = make_repo(name, FORWARD)
        ingest(str(root), store=store, cache_dir=tmp_path / "cache", workers=1, chunk_rows=ONE_FILE_PER_CHUNK)
    edges = {(r["src"], r["type"], r["dst"]) for r in store.read("graph_relationships")}
    assert {
        ("two:pkg.aa.Child", "INHERITS", "two:pkg.zz.Base"),
        ("two:pkg.aa.Child.run", "CALLS", "two:pkg.zz.helper"),
        ("two:pkg.aa.Child.run", "OVERRIDES", "two:pkg.zz.Base.run"),
    } <= edges
    assert not [(s, t, d) for s, t, d in edges if s.startswith("two:") and d.startswith("one:")]
