"""Edges keep the names their code wrote, so a library's change or removal moves them as
a clean ingest would.

``app`` calls ``lib.get`` (which ``lib/__init__.py`` re-exports from ``lib.http``),
``Router().url_for`` and builds its own ``Mine(Router)``: each name leads to a definition
under another name (``lib.http.get``, ``BaseRouter.url_for``, ``BaseRouter.__init__``),
and the edge records the name written (``written``). When ``lib`` changes what a name
leads to, or goes, the edges follow the names, not the definitions they reached before.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from graph_rag.services.ingest import ingest
from graph_rag.store import GraphStore
from graph_rag.store.writer import GraphWriter

from .conftest import commit_all

MakeRepo = Callable[[str, dict[str, str | bytes]], Path]

LIB = {
    "lib/__init__.py": "from lib.http import get\n",
    "lib/http.py": "def get(url):\n    return url\n\n\ndef fetch(url):\n    return url\n",
    "lib/base.py": (
        "class BaseRouter:\n    def __init__(self, prefix=''):\n        self.prefix = prefix\n\n"
        "    def url_for(self, name):\n        return name\n"
    ),
    "lib/routing.py": "from lib.base import BaseRouter\n\n\nclass Router(BaseRouter):\n    pass\n",
}
ROUTER_OWN = (
    "from lib.base import BaseRouter\n\n\nclass Router(BaseRouter):\n"
    "    def __init__(self):\n        super().__init__('x')\n\n"
    "    def url_for(self, name):\n        return name * 2\n"
)
APP = {
    "app/__init__.py": "",
    "app/main.py": (
        "import lib\nfrom lib.routing import Router\n\n\nclass Mine(Router):\n    pass\n\n\n"
        "def make():\n    return Mine()\n\n\n"
        "def link():\n    return Router().url_for('home')\n\n\n"
        "def download():\n    return lib.get('/')\n"
    ),
}
ORDERS = pytest.mark.parametrize(
    "order", [("lib", "app"), ("app", "lib")], ids=["library first", "library last"]
)
Edge = tuple[str, str, str, tuple[int, ...], bool]


def _app_edges(store: GraphStore) -> set[Edge]:
    """app's CALLS and INHERITS edges: ends, lines, and whether the store derived them."""
    return {
        (r["src"], r["type"], r["dst"], tuple(r["props"].get("lines", ())), bool(r["props"].get("derived")))
        for r in store.read("graph_relationships")
        if r["src"].startswith("app:") and r["type"] in ("CALLS", "INHERITS")
    }


def _everything(store: GraphStore, prefix: str = "") -> list[tuple[str, str, str, str]]:
    """Every CALLS, INHERITS and OVERRIDES edge from ``prefix`` with all its properties."""
    return sorted(
        (r["src"], r["type"], r["dst"], json.dumps(r["props"], sort_keys=True))
        for r in store.read("graph_relationships")
        if r["type"] in ("CALLS", "INHERITS", "OVERRIDES") and r["src"].startswith(prefix)
    )


def _ingest(store: GraphStore, roots: dict[str, Path], order: Sequence[str], cache: Path) -> None:
    for name in order:
        ingest(str(roots[name]), store=store, cache_dir=cache, workers=1)


def _change(root: Path, files: dict[str, str], store: GraphStore, cache: Path) -> None:
    for path, text in files.items():
        (root / path).write_text(text)
    commit_all(root)
    ingest(str(root), store=store, cache_dir=cache, workers=1)


def _clean(
    store: GraphStore, roots: dict[str, Path], order: Sequence[str], cache: Path
) -> list[tuple[str, ...]]:
    """app's edges, every property, after a clean ingest of ``order``."""
    store.write("clear_all")
    _ingest(store, roots, order, cache)
    return _everything(store, "app:")


@ORDERS
def test_an_inherited_member_moves_to_the_class_that_now_defines_it(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, order: Sequence[str]
) -> None:
    """Router gains __init__ and url_for: Mine() and Router().url_for reach them."""
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", APP)}
    _ingest(store, roots, order, tmp_path / "cache")
    assert ("app:app.main.link", "CALLS", "lib:lib.base.BaseRouter.url_for", (14,), False) in _app_edges(
        store
    )
    _change(roots["lib"], {"lib/routing.py": ROUTER_OWN}, store, tmp_path / "cache")
    changed = _app_edges(store)
    assert {e[:3] for e in changed if e[0] in ("app:app.main.make", "app:app.main.link")} == {
        ("app:app.main.make", "CALLS", "app:app.main.Mine"),
        ("app:app.main.make", "CALLS", "lib:lib.routing.Router.__init__"),
        ("app:app.main.link", "CALLS", "lib:lib.routing.Router"),
        ("app:app.main.link", "CALLS", "lib:lib.routing.Router.__init__"),
        ("app:app.main.link", "CALLS", "lib:lib.routing.Router.url_for"),
    }
    assert _everything(store, "app:") == _clean(store, roots, order, tmp_path / "clean")


@ORDERS
@pytest.mark.parametrize(
    ("exports", "reached"),
    [("from lib.http import fetch as get\n", "lib:lib.http.fetch"), ("", "lib.get")],
    ids=["another function", "nothing: a stand-in of the name written"],
)
def test_an_exported_name_follows_what_the_package_exports_now(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, order: Sequence[str], exports: str, reached: str
) -> None:
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", APP)}
    _ingest(store, roots, order, tmp_path / "cache")
    _change(roots["lib"], {"lib/__init__.py": exports}, store, tmp_path / "cache")
    changed = _app_edges(store)
    assert ("app:app.main.download", "CALLS", reached, (18,), False) in changed
    assert _everything(store, "app:") == _clean(store, roots, order, tmp_path / "clean")


def test_removing_the_library_leaves_the_edges_the_application_alone_has(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """Stand-ins named as app wrote them (``lib.get``, ``lib.routing.Router.__init__``),
    not as lib defined them (``lib.http.get``, ``lib.base.BaseRouter.__init__``)."""
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", APP)}
    _ingest(store, roots, ("lib", "app"), tmp_path / "cache")
    assert GraphWriter(store).remove_repository("lib")
    removed = _app_edges(store)
    assert ("app:app.main.download", "CALLS", "lib.get", (18,), False) in removed
    assert _everything(store, "app:") == _clean(store, roots, ("app",), tmp_path / "alone")


def test_removing_a_repository_that_re_exports_a_class_leaves_what_the_others_alone_give(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """``user`` wrote ``fast.Request``, which ``fast`` re-exports from ``star``: without
    ``fast`` the name leads nowhere, though ``star``'s class is still there."""
    star = {
        "star/__init__.py": "",
        "star/requests.py": "class Request:\n    def body(self):\n        return 1\n",
    }
    fast = {"fast/__init__.py": "from star.requests import Request\n"}
    user = {
        "user/__init__.py": "",
        "user/main.py": "import fast\n\n\ndef make():\n    return fast.Request().body()\n",
    }
    roots = {name: make_repo(name, files) for name, files in (("star", star), ("fast", fast), ("user", user))}
    _ingest(store, roots, ("star", "fast", "user"), tmp_path / "cache")
    calls = lambda: {r["dst"] for r in store.read("graph_relationships") if r["src"] == "user:user.main.make"}  # noqa: E731
    assert calls() == {"star:star.requests.Request", "star:star.requests.Request.body"}
    assert GraphWriter(store).remove_repository("fast")
    removed = calls()
    store.write("clear_all")
    _ingest(store, roots, ("star", "user"), tmp_path / "without-fast")
    assert removed == calls() == {"fast.Request", "fast.Request.body"}


MID = {
    "mid/__init__.py": "",
    "mid/routers.py": "from lib import Router\n\n\nclass MidRouter(Router):\n    pass\n",
}
USES_MID = {
    "app/__init__.py": "",
    "app/main.py": (
        "from mid.routers import MidRouter\n\n\ndef link():\n    return MidRouter().url_for('x')\n"
    ),
}


@pytest.mark.parametrize(
    "change",
    [
        {
            "lib/routing.py": None,
            "lib/router2.py": LIB["lib/routing.py"],
            "lib/__init__.py": "from lib.router2 import Router\n",
        },
        {
            "lib/__init__.py": (
                "from lib.base import BaseRouter\n\n\nclass Router(BaseRouter):\n"
                "    def url_for(self, n):\n        return n\n"
            )
        },
    ],
    ids=["the class moves to another module", "the package defines its own"],
)
def test_a_member_inherited_through_another_repository_s_subclass_follows_the_library(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, change: dict[str, str | None]
) -> None:
    """app calls MidRouter().url_for, which mid's MidRouter(lib.Router) inherits: when lib
    moves Router, the INHERITS edge moves first, and the member follows it after."""
    lib_files = {**LIB, "lib/__init__.py": "from lib.routing import Router\n"}
    roots = {
        "lib": make_repo("lib", lib_files),
        "mid": make_repo("mid", MID),
        "app": make_repo("app", USES_MID),
    }
    _ingest(store, roots, ("lib", "mid", "app"), tmp_path / "cache")
    for path, text in change.items():
        (roots["lib"] / path).unlink() if text is None else (roots["lib"] / path).write_text(text)
    commit_all(roots["lib"])
    ingest(str(roots["lib"]), store=store, cache_dir=tmp_path / "cache", workers=1)
    assert _everything(store, "app:") == _clean(store, roots, ("lib", "mid", "app"), tmp_path / "clean")


def test_a_clean_ingest_in_small_chunks_is_what_the_next_ingest_keeps(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """Field.register is inherited from a base a later chunk writes: the first ingest
    follows the name again once the base is there, so an unrelated edit moves nothing."""
    lib = make_repo(
        "lib",
        {
            "lib/__init__.py": "",
            "lib/a.py": "from lib.z import Mixin\n\n\nclass Field(Mixin):\n    pass\n",
            "lib/m.py": "from lib.a import Field\n\nField.register('x')\n",
            "lib/z.py": (
                "def _reg(cls, x):\n    return x\n\n\nclass Mixin:\n    register = classmethod(_reg)\n"
            ),
        },
    )
    ingest(str(lib), store=store, cache_dir=tmp_path / "cache", workers=1, chunk_rows=1)
    first = _everything(store)
    (lib / "lib/__init__.py").write_text("# touched\n")
    commit_all(lib)
    ingest(str(lib), store=store, cache_dir=tmp_path / "cache", workers=1, chunk_rows=1)
    assert _everything(store) == first


def test_an_ingest_that_only_deletes_a_module_follows_the_names_through_it(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """lib.get is the C version where it is built, else the pure one: delete the first."""
    fallback = "try:\n    from lib.fast import get\nexcept ImportError:\n    from lib.slow import get\n"
    lib_files = {"lib/__init__.py": fallback, "lib/fast.py": "def get(u):\n    return 1\n"}
    lib_files["lib/slow.py"] = "def get(u):\n    return 2\n"
    roots = {"lib": make_repo("lib", lib_files), "app": make_repo("app", APP)}
    _ingest(store, roots, ("lib", "app"), tmp_path / "cache")
    (roots["lib"] / "lib/fast.py").unlink()
    commit_all(roots["lib"])
    ingest(str(roots["lib"]), store=store, cache_dir=tmp_path / "cache", workers=1)
    assert ("app:app.main.download", "CALLS", "lib:lib.slow.get", (18,), False) in _app_edges(store)
    assert _everything(store, "app:") == _clean(store, roots, ("lib", "app"), tmp_path / "clean")


def test_an_edge_of_two_names_splits_when_the_names_part(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """f calls lib.get and lib.http.fetch. Once lib.get re-exports fetch, both names are
    one edge (each name's lines kept in ``written``); when lib.get goes back to get, the
    edge splits by name, as a clean ingest gives it."""
    app = {"app/__init__.py": "", "app/main.py": "import lib\nimport lib.http\n\n\ndef f():\n"}
    app["app/main.py"] += "    lib.get('/')\n    lib.http.fetch('/')\n"
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", app)}
    _ingest(store, roots, ("lib", "app"), tmp_path / "cache")
    seen = []
    for exports in ("from lib.http import fetch as get\n", LIB["lib/__init__.py"]):
        (roots["lib"] / "lib/__init__.py").write_text(exports)
        commit_all(roots["lib"])
        ingest(str(roots["lib"]), store=store, cache_dir=tmp_path / "cache", workers=1)
        seen.append(
            [(dst, json.loads(props)["lines"]) for _, _, dst, props in _everything(store, "app:app.main.f")]
        )
    assert seen == [
        [("lib:lib.http.fetch", [6, 7])],
        [("lib:lib.http.fetch", [7]), ("lib:lib.http.get", [6])],
    ]
    assert _everything(store, "app:") == _clean(store, roots, ("lib", "app"), tmp_path / "clean")


TWO_SUBCLASSES = (
    "class Base:\n    def m(self):\n        return 0\n\n\nclass Sub1(Base):\n{}\n\n\nclass Sub2(Base):\n{}\n"
)
INHERITS_M, OWN_M = "    pass", "    def m(self):\n        return 1"


@pytest.mark.parametrize("gains", ["Sub1", "Sub2"])
def test_one_edge_reached_by_two_inherited_names_splits_when_one_class_defines_it(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, gains: str
) -> None:
    """lib.Sub1().m() and lib.Sub2().m() both reach Base.m: one edge, until one subclass
    defines its own m."""
    lib = {"lib/__init__.py": "from lib.base import Base, Sub1, Sub2\n"}
    lib["lib/base.py"] = TWO_SUBCLASSES.format(INHERITS_M, INHERITS_M)
    app = {
        "app/__init__.py": "",
        "app/main.py": "import lib\n\n\ndef f():\n    lib.Sub1().m()\n    lib.Sub2().m()\n",
    }
    roots = {"lib": make_repo("lib", lib), "app": make_repo("app", app)}
    _ingest(store, roots, ("lib", "app"), tmp_path / "cache")
    own = [OWN_M if name == gains else INHERITS_M for name in ("Sub1", "Sub2")]
    (roots["lib"] / "lib/base.py").write_text(TWO_SUBCLASSES.format(*own))
    commit_all(roots["lib"])
    ingest(str(roots["lib"]), store=store, cache_dir=tmp_path / "cache", workers=1)
    calls = {dst: json.loads(props)["lines"] for _, rel, dst, props in _everything(store, "app:app.main.f")}
    assert calls[f"lib:lib.base.{gains}.m"] == [5 if gains == "Sub1" else 6]
    assert calls["lib:lib.base.Base.m"] == [6 if gains == "Sub1" else 5]
    assert _everything(store, "app:") == _clean(store, roots, ("lib", "app"), tmp_path / "clean")


def test_removing_the_library_splits_an_edge_of_two_names_into_their_stand_ins(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    app = {"app/__init__.py": "", "app/main.py": "import lib\nimport lib.http\n\n\ndef f():\n"}
    app["app/main.py"] += "    lib.get('/')\n    lib.http.get('/')\n"
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", app)}
    _ingest(store, roots, ("lib", "app"), tmp_path / "cache")
    assert [dst for _, _, dst, _ in _everything(store, "app:app.main.f")] == ["lib:lib.http.get"]
    assert GraphWriter(store).remove_repository("lib")
    assert [
        (dst, json.loads(props)["lines"]) for _, _, dst, props in _everything(store, "app:app.main.f")
    ] == [
        ("lib.get", [6]),
        ("lib.http.get", [7]),
    ]
    assert _everything(store, "app:") == _clean(store, roots, ("app",), tmp_path / "alone")


def test_a_run_killed_while_edges_move_keeps_them_and_the_next_run_finishes_the_move(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edges' removal and their stand-ins are one transaction: a failure in the second
    leaves the first undone, so app (which is not parsed again) keeps its edge."""
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", APP)}
    _ingest(store, roots, ("lib", "app"), tmp_path / "cache")
    (roots["lib"] / "lib/__init__.py").write_text("from lib.http import fetch as get\n")
    commit_all(roots["lib"])
    write_many = type(store).write_many

    def failing(self: GraphStore, steps: list[tuple[str, dict[str, object]]]) -> dict[str, int]:
        broken = [
            (n, {"rows": [{"src": object()}]}) if n.startswith("standin_") else (n, p) for n, p in steps
        ]
        return write_many(self, broken)

    monkeypatch.setattr(type(store), "write_many", failing)
    with pytest.raises(Exception):  # noqa: B017 - whatever the driver raises for the bad row
        ingest(str(roots["lib"]), store=store, cache_dir=tmp_path / "cache", workers=1)
    assert ("app:app.main.download", "CALLS", "lib:lib.http.get", (18,), False) in _app_edges(store)
    monkeypatch.setattr(type(store), "write_many", write_many)
    ingest(str(roots["lib"]), store=store, cache_dir=tmp_path / "cache", workers=1)
    assert _everything(store, "app:") == _clean(store, roots, ("lib", "app"), tmp_path / "clean")


def test_a_base_reached_as_a_member_of_a_base_nobody_ingested_stays_put(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """Mine(lib.Sub.Inner): Sub inherits Inner from ext's Base, so the edge is on the
    stand-in ext.base.Base.Inner; an unrelated edit of lib leaves it there."""
    lib = {"lib/__init__.py": "from lib.sub import Sub\n"}
    lib["lib/sub.py"] = "from ext.base import Base\n\n\nclass Sub(Base):\n    pass\n"
    app = {"app/__init__.py": "", "app/main.py": "import lib\n\n\nclass Mine(lib.Sub.Inner):\n    pass\n"}
    roots = {"lib": make_repo("lib", lib), "app": make_repo("app", app)}
    _ingest(store, roots, ("lib", "app"), tmp_path / "cache")
    before = _everything(store, "app:")
    _change(roots["lib"], {"lib/other.py": "X = 1\n"}, store, tmp_path / "cache")
    assert _everything(store, "app:") == before
    assert ("app:app.main.Mine", "INHERITS", "ext.base.Base.Inner") in {e[:3] for e in before}


def test_two_bases_that_named_one_class_move_by_their_own_names(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    lib = {
        **LIB,
        "lib/__init__.py": "from lib.base import BaseRouter as X\nfrom lib.base import BaseRouter as Y\n",
    }
    app = {"app/__init__.py": "", "app/main.py": "import lib\n\n\nclass Mine(lib.X, lib.Y):\n    pass\n"}
    roots = {"lib": make_repo("lib", lib), "app": make_repo("app", app)}
    _ingest(store, roots, ("lib", "app"), tmp_path / "cache")
    exports = "from lib.routing import Router as X\nfrom lib.base import BaseRouter as Y\n"
    _change(roots["lib"], {"lib/__init__.py": exports}, store, tmp_path / "cache")
    bases = [
        (dst, json.loads(p)["position"]) for _, rel, dst, p in _everything(store, "app:") if rel == "INHERITS"
    ]
    assert sorted(bases, key=lambda b: b[1]) == [
        ("lib:lib.routing.Router", 0),
        ("lib:lib.base.BaseRouter", 1),
    ]
    assert _everything(store, "app:") == _clean(store, roots, ("lib", "app"), tmp_path / "clean")
