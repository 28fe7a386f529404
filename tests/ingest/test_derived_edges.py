"""Edges that cross repositories: a class's ``__init__`` and the methods it overrides.

Within one repository the parser links ``Router()`` to ``Router`` and to the
``__init__`` it runs, and a method to the one it overrides. When the class, or the base
that defines the member, is in another repository, the store derives those edges from
the graph (graph_rag/store/derived.py): in any order of ingestion, from the same copy
of a library as the class, following a library's changes and removal, so that the
graph is always what a clean ingest of the same repositories gives.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from graph_rag.errors import StoreError
from graph_rag.locks import links_lock
from graph_rag.services.ingest import IngestReport, ingest
from graph_rag.store import GraphStore, derived
from graph_rag.store.writer import GraphWriter

from .conftest import commit_all, graph_fingerprint

MakeRepo = Callable[[str, dict[str, str | bytes]], Path]
Edge = tuple[str, str, str]

BASE = "class BaseRouter:\n    def __init__(self, prefix=''):\n        self.prefix = prefix\n"
ROUTER_INHERITS = "from lib.base import BaseRouter\n\n\nclass Router(BaseRouter):\n    pass\n"
ROUTER_OWN = (
    "from lib.base import BaseRouter\n\n\nclass Router(BaseRouter):\n"
    "    def __init__(self):\n        super().__init__('x')\n\n"
    "    def url_for(self, name):\n        return name * 2\n"
)
LIB = {
    "lib/__init__.py": "",
    "lib/base.py": BASE + "\n    def url_for(self, name):\n        return name\n",
    "lib/routing.py": ROUTER_INHERITS,
}
APP = {
    "app/__init__.py": "",
    "app/main.py": (
        "from lib.routing import Router\n\n\ndef make():\n    return Router()\n\n\n"
        "class Mine(Router):\n    def url_for(self, name):\n        return name\n"
    ),
}


def _ingest(store: GraphStore, roots: dict[str, Path], order: Sequence[str], cache: Path) -> None:
    for name in order:
        ingest(str(roots[name]), store=store, cache_dir=cache, workers=1)


def _edges(store: GraphStore, prefix: str = "") -> set[Edge]:
    return {
        (r["src"], r["type"], r["dst"])
        for r in store.read("graph_relationships")
        if r["type"] in ("CALLS", "OVERRIDES") and r["src"].startswith(prefix)
    }


def _change_library(store: GraphStore, root: Path, cache: Path) -> IngestReport:
    """Router gains its own __init__ and url_for; lib is ingested again."""
    (root / "lib/routing.py").write_text(ROUTER_OWN)
    commit_all(root)
    return ingest(str(root), store=store, cache_dir=cache, workers=1)


def pause_app_after(
    monkeypatch: pytest.MonkeyPatch, owner: object, name: str
) -> tuple[threading.Event, threading.Event]:
    """Make ``owner.name``, called in the thread named "app", set the first event once it
    returned and wait (up to a minute) for the second before going on."""
    reached, resume = threading.Event(), threading.Event()
    real = getattr(owner, name)

    def paused(*args: object) -> object:
        found = real(*args)
        if threading.current_thread().name == "app":
            reached.set()
            resume.wait(60)
        return found

    monkeypatch.setattr(owner, name, paused)
    return reached, resume


def _derived(store: GraphStore) -> set[Edge]:
    rels = store.read("graph_relationships")
    return {(r["src"], r["type"], r["dst"]) for r in rels if r["props"].get("derived")}


@pytest.mark.parametrize("order", [("lib", "app"), ("app", "lib")], ids=["library first", "library last"])
def test_a_call_of_another_repository_s_class_runs_the_init_it_inherits(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, order: Sequence[str]
) -> None:
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", APP)}
    _ingest(store, roots, order, tmp_path / "cache")
    assert _derived(store) == {
        ("app:app.main.make", "CALLS", "lib:lib.base.BaseRouter.__init__"),
        ("app:app.main.Mine.url_for", "OVERRIDES", "lib:lib.base.BaseRouter.url_for"),
    }
    lines = {r["callee"]: r["lines"] for r in store.read("test.call_lines", id="app:app.main.make")}
    assert lines["lib:lib.base.BaseRouter.__init__"] == lines["lib:lib.routing.Router"]


@pytest.mark.parametrize("order", [("lib1", "lib2", "app"), ("lib2", "lib1", "app"), ("app", "lib1", "lib2")])
def test_the_init_comes_from_the_same_copy_of_a_library_as_the_class(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, order: Sequence[str]
) -> None:
    """Two repositories define lib.routing.Router; the call reaches one, and its __init__
    is that copy's (lib2's Router has its own), never looked up by name in the other."""
    roots = {
        "lib1": make_repo("lib1", LIB),
        "lib2": make_repo("lib2", {**LIB, "lib/routing.py": ROUTER_OWN}),
        "app": make_repo("app", APP),
    }
    _ingest(store, roots, order, tmp_path / "cache")
    called = {dst for src, rel, dst in _edges(store, "app:app.main.make")}
    assert called in (
        {"lib1:lib.routing.Router", "lib1:lib.base.BaseRouter.__init__"},
        {"lib2:lib.routing.Router", "lib2:lib.routing.Router.__init__"},
    )


LIBA = {"liba/__init__.py": "", "liba/core.py": "class A:\n    def m(self):\n        return 'a'\n"}
LIBB = {"libb/__init__.py": "", "libb/core.py": "class B:\n    def m(self):\n        return 'b'\n"}
BOTH = {
    "sub/__init__.py": "",
    "sub/my.py": (
        "from liba.core import A\nfrom libb.core import B\n\n\nclass My(A, B):\n"
        "    def m(self):\n        return 'my'\n"
    ),
}


@pytest.mark.parametrize("order", [("liba", "libb", "sub"), ("sub", "libb", "liba"), ("sub", "liba", "libb")])
def test_with_bases_in_two_repositories_the_first_in_the_mro_is_overridden(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, order: Sequence[str]
) -> None:
    roots = {"liba": make_repo("liba", LIBA), "libb": make_repo("libb", LIBB), "sub": make_repo("sub", BOTH)}
    _ingest(store, roots, order, tmp_path / "cache")
    assert _edges(store, "sub:") == {("sub:sub.my.My.m", "OVERRIDES", "liba:liba.core.A.m")}


STAR = {
    "star/__init__.py": "",
    "star/requests.py": (
        "class Request:\n    def __init__(self, scope):\n        self.scope = scope\n\n"
        "    def body(self):\n        return 1\n"
    ),
}
FAST = {"fast/__init__.py": "from star.requests import Request\n"}
USER = {
    "user/__init__.py": "",
    "user/main.py": (
        "import fast\n\n\ndef make():\n    return fast.Request({})\n\n\n"
        "class Mine(fast.Request):\n    def body(self):\n        return 2\n"
    ),
}


@pytest.mark.parametrize(
    "order", [("star", "fast", "user"), ("user", "star", "fast"), ("user", "fast", "star")]
)
def test_a_class_re_exported_by_a_third_repository_links_in_every_order(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, order: Sequence[str]
) -> None:
    roots = {name: make_repo(name, files) for name, files in (("star", STAR), ("fast", FAST), ("user", USER))}
    _ingest(store, roots, order, tmp_path / "cache")
    assert _edges(store, "user:") == {
        ("user:user.main.make", "CALLS", "star:star.requests.Request"),
        ("user:user.main.make", "CALLS", "star:star.requests.Request.__init__"),
        ("user:user.main.Mine.body", "OVERRIDES", "star:star.requests.Request.body"),
    }


@pytest.mark.parametrize("order", [("lib", "app"), ("app", "lib")], ids=["library first", "library last"])
def test_a_library_s_change_moves_the_edges_as_a_clean_ingest_would(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, order: Sequence[str]
) -> None:
    """Router gains its own __init__ and url_for: app's edges move to them."""
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", APP)}
    _ingest(store, roots, order, tmp_path / "cache")
    _change_library(store, roots["lib"], tmp_path / "cache")
    changed = _edges(store, "app:")

    store.write("clear_all")
    _ingest(store, roots, order, tmp_path / "clean")
    assert changed == _edges(store, "app:")
    assert ("app:app.main.make", "CALLS", "lib:lib.routing.Router.__init__") in changed
    assert ("app:app.main.Mine.url_for", "OVERRIDES", "lib:lib.routing.Router.url_for") in changed


def test_removing_the_library_takes_its_derived_edges_and_leaves_no_stand_in_of_them(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", APP)}
    _ingest(store, roots, ("lib", "app"), tmp_path / "cache")
    assert GraphWriter(store).remove_repository("lib")
    assert _derived(store) == set()
    assert _edges(store, "app:app.main.make") == {("app:app.main.make", "CALLS", "lib.routing.Router")}


def test_a_call_the_caller_writes_itself_stays_the_caller_s(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """``BaseRouter.__init__(self)`` written out is the parser's edge: none is derived beside
    it, and a library's later change does not take it away."""
    app = {
        "app/__init__.py": "",
        "app/main.py": (
            "from lib.base import BaseRouter\nfrom lib.routing import Router\n\n\n"
            "def make():\n    r = Router()\n    BaseRouter.__init__(r)\n    return r\n"
        ),
    }
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", app)}
    _ingest(store, roots, ("app", "lib"), tmp_path / "cache")
    explicit = ("app:app.main.make", "CALLS", "lib:lib.base.BaseRouter.__init__")
    assert explicit in _edges(store) and explicit not in _derived(store)
    _change_library(store, roots["lib"], tmp_path / "cache")
    assert explicit in _edges(store) and explicit not in _derived(store)
    assert ("app:app.main.make", "CALLS", "lib:lib.routing.Router.__init__") in _derived(store)


def test_the_ingest_report_counts_what_it_derived_and_withdrew(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", APP)}
    ingest(str(roots["lib"]), store=store, cache_dir=tmp_path / "cache", workers=1)
    first = ingest(str(roots["app"]), store=store, cache_dir=tmp_path / "cache", workers=1)
    assert (first.derived.added, first.derived.removed) == (2, 0)  # the __init__ call, the override
    derived = _derived(store)
    again = ingest(str(roots["app"]), store=store, cache_dir=tmp_path / "cache", workers=1)
    assert (again.files_parsed, again.derived.added, again.derived.removed) == (0, 0, 0)
    assert _derived(store) == derived
    changed = _change_library(store, roots["lib"], tmp_path / "cache")
    # Both now lead to Router's own members: the edges to BaseRouter's (unchanged, so
    # still in the graph) are withdrawn, two new ones derived.
    assert (changed.derived.added, changed.derived.removed) == (2, 2)


def test_usages_of_an_init_name_the_class_calls_and_say_they_were_derived(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", APP)}
    _ingest(store, roots, ("app", "lib"), tmp_path / "cache")
    rows = store.read("api.usages", symbol="lib.base.BaseRouter.__init__", origin=None, limit=10)
    assert [(r["id"], r["lines"], r["derived"]) for r in rows] == [("app:app.main.make", [5], True)]


def test_two_classes_that_run_one_init_give_one_edge_with_both_lines(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """As the parser gives one edge per target within one repository."""
    app = {
        "app/__init__.py": "",
        "app/main.py": (
            "from lib.base import BaseRouter\nfrom lib.routing import Router\n\n\n"
            "def make():\n    a = BaseRouter()\n    b = Router()\n    return a, b\n"
        ),
    }
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", app)}
    _ingest(store, roots, ("lib", "app"), tmp_path / "cache")
    lines = {r["callee"]: r["lines"] for r in store.read("test.call_lines", id="app:app.main.make")}
    assert lines["lib:lib.base.BaseRouter.__init__"] == [6, 7]


def test_a_call_the_caller_writes_itself_is_the_same_edge_in_every_order(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """``fast.Base.__init__(r)`` names, through a third repository, the __init__ that
    ``Router()`` runs: arriving after the derived edge or before it, the edge is the
    caller's own, with its own line."""
    fast = {"fast/__init__.py": "from lib.base import BaseRouter as Base\n"}
    app = {
        "app/__init__.py": "",
        "app/main.py": (
            "import fast\nfrom lib.routing import Router\n\n\n"
            "def make():\n    r = Router()\n    fast.Base.__init__(r)\n    return r\n"
        ),
    }
    roots = {"lib": make_repo("lib", LIB), "fast": make_repo("fast", fast), "app": make_repo("app", app)}
    seen = []
    for order in (("lib", "app", "fast"), ("lib", "fast", "app")):
        store.write("clear_all")
        _ingest(store, roots, order, tmp_path / "-".join(order))
        rels = store.read("graph_relationships")
        seen.append(
            [
                (r["props"]["lines"], r["props"]["count"], r["props"].get("derived"))
                for r in rels
                if (r["src"], r["dst"]) == ("app:app.main.make", "lib:lib.base.BaseRouter.__init__")
            ]
        )
    assert seen == [[([7], 1, None)], [([7], 1, None)]]


def test_a_subclass_however_deep_below_another_repository_s_class_overrides_its_method(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    chain = "from lib.base import BaseRouter\n\n\nclass C0(BaseRouter):\n    pass\n"
    chain += "".join(f"\n\nclass C{i}(C{i - 1}):\n    pass\n" for i in range(1, 12))
    chain += "\n\nclass Leaf(C11):\n    def url_for(self, name):\n        return 1\n"
    roots = {
        "lib": make_repo("lib", LIB),
        "app": make_repo("app", {"app/__init__.py": "", "app/main.py": chain}),
    }
    _ingest(store, roots, ("lib", "app"), tmp_path / "cache")
    assert _derived(store) == {("app:app.main.Leaf.url_for", "OVERRIDES", "lib:lib.base.BaseRouter.url_for")}


def test_two_ingests_at_once_link_as_one_after_the_other_would(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library changes while the application's ingest computes its derived edges:
    the second recomputation waits for the first (graph_rag.locks.links_lock) and reads
    what it wrote, so neither writes from a stale read."""
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", APP)}
    ingest(str(roots["lib"]), store=store, cache_dir=tmp_path / "cache", workers=1)
    # the application's recomputation, after its reads
    computing, resume = pause_app_after(monkeypatch, derived, "_init_calls")
    app = threading.Thread(
        target=lambda: ingest(str(roots["app"]), store=store, cache_dir=tmp_path / "cache", workers=1),
        name="app",
    )
    app.start()
    assert computing.wait(120)
    library = threading.Thread(target=_change_library, args=(store, roots["lib"], tmp_path / "cache"))
    library.start()
    time.sleep(1)  # the library's ingest writes, then waits for the links lock
    resume.set()
    app.join()
    library.join()
    assert _derived(store) == {
        ("app:app.main.make", "CALLS", "lib:lib.routing.Router.__init__"),
        ("app:app.main.Mine.url_for", "OVERRIDES", "lib:lib.routing.Router.url_for"),
    }


@pytest.mark.parametrize("library", ["ingested", "removed"])
def test_a_library_written_while_an_application_writes_waits_for_it(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: str
) -> None:
    """The application's ingest has resolved its edges against the graph and not yet
    written them when the library is ingested (or removed): the library's write waits
    for the application's (GraphWriter.exclusive), so the graph ends as in one order or
    the other. Before, the application's edges stayed on stand-ins nobody relinked, or
    (the library removed) vanished."""
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", APP)}
    cache = tmp_path / "cache"
    if library == "removed":
        ingest(str(roots["lib"]), store=store, cache_dir=cache, workers=1)
    resolved, resume = pause_app_after(monkeypatch, GraphWriter, "_edge_rows")  # a chunk resolved
    app = threading.Thread(
        target=lambda: ingest(str(roots["app"]), store=store, cache_dir=cache, workers=1), name="app"
    )
    app.start()
    assert resolved.wait(120)
    if library == "ingested":
        other = threading.Thread(
            target=lambda: ingest(str(roots["lib"]), store=store, cache_dir=cache, workers=1)
        )
    else:
        other = threading.Thread(
            target=lambda: GraphWriter(store, links_lock=lambda: links_lock(cache)).remove_repository("lib")
        )
    other.start()
    other.join(3)
    assert other.is_alive(), "the library's write waits for the application's"
    resume.set()
    app.join()
    other.join()
    app_edges = _edges(store, "app:")
    if library == "ingested":  # as if the library came last: the application's edges reach it
        assert ("app:app.main.make", "CALLS", "lib:lib.routing.Router") in app_edges
        assert ("app:app.main.Mine.url_for", "OVERRIDES", "lib:lib.base.BaseRouter.url_for") in app_edges
    else:  # as if it was removed last: the application's call is kept, on a stand-in
        assert ("app:app.main.make", "CALLS", "lib.routing.Router") in app_edges


@pytest.mark.parametrize("killed", ["after its modules went", "after the relink"])
def test_a_removal_killed_half_way_is_finished_by_the_next(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, killed: str
) -> None:
    """remove stops half-way (killed): the repository stays, marked incomplete, until a
    second remove finishes it, relinking around every module the first one deleted. The
    graph is then the application's alone, as if the library had never been ingested."""
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", APP)}
    cache = tmp_path / "cache"
    ingest(str(roots["app"]), store=store, cache_dir=cache, workers=1)
    alone = graph_fingerprint(store)
    ingest(str(roots["lib"]), store=store, cache_dir=cache, workers=1)
    target = "relink" if killed == "after its modules went" else "_relink_exported"
    real = getattr(GraphWriter, target)

    def dies(self: GraphWriter, *args: object) -> object:
        if target == "_relink_exported":
            real(self, *args)
        raise StoreError("remove", "killed (simulated)")

    monkeypatch.setattr(GraphWriter, target, dies)
    with pytest.raises(StoreError, match="killed"):
        GraphWriter(store).remove_repository("lib")
    monkeypatch.setattr(GraphWriter, target, real)
    assert GraphWriter(store).repository_state("lib") is not None  # still there: rerunnable
    assert GraphWriter(store).remove_repository("lib")
    assert graph_fingerprint(store) == alone
