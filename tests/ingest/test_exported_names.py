"""Code calls a library by the names it exports; the edges reach the library's definitions.

``app`` calls ``lib.get``, ``lib.Router`` and ``lib.Page`` as ``lib/__init__.py``
re-exports them (``Page`` by a star import). The parser reads one repository at a
time, so it writes those names; once ``lib`` is in the graph too (before or after
``app``), its modules' exports and its classes' bases lead each name to the definition:
``lib.get`` is
``lib.http.api.get`` (re-exported twice), ``lib.Router.url_for`` is inherited from
``lib.base.BaseRouter``, and ``lib.Page.render`` from a base nobody ingested.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph_rag.services.ingest import ingest
from graph_rag.store import GraphStore

MakeRepo = Callable[[str, dict[str, str | bytes]], Path]

LIB = {
    "lib/__init__.py": """\
        from lib.http import get
        from lib.routing import Router as Router
        from lib.views import *
        from lib.mixed import Mixed

        try:  # a compiled extension where it is built: no Python source
            from lib._speedups import escape
        except ImportError:
            from lib._pure import escape
        """,
    "lib/_pure.py": "def escape(text):\n    return text\n",
    "lib/http/__init__.py": "from .api import get\n",
    "lib/http/api.py": "def get(url):\n    return url\n",
    "lib/base.py": """\
        class BaseRouter:
            def __init__(self, prefix=""):
                self.prefix = prefix

            def url_for(self, name):
                return name
        """,
    "lib/routing.py": """\
        from lib.base import BaseRouter


        class Router(BaseRouter):
            def add(self, path):
                return path
        """,
    "lib/mixed.py": """\
        from lib.base import BaseRouter
        from outside import Marker


        class Mixed(Marker, BaseRouter):
            pass
        """,
    "lib/diamond.py": """\
        from lib.base import BaseRouter


        class Left(BaseRouter):
            pass


        class Right(BaseRouter):
            def url_for(self, name):
                return "/" + name


        class Both(Left, Right):
            pass
        """,
    "lib/signals.py": """\
        class Signal:
            def connect(self, receiver):
                return receiver


        class ModelSignal(Signal):
            pass


        saved = ModelSignal()
        """,
    "lib/globals.py": """\
        from lib.proxy import Proxy
        from lib.routing import Router

        current_router: Router = Proxy()  # what the proxy stands for, as declared
        """,
    "lib/proxy.py": "class Proxy:\n    pass\n",
    "lib/urls.py": """\
        from functools import partial


        def _route(path, view, kind):
            return path, view, kind


        route = partial(_route, kind="plain")
        """,
    "lib/views.py": """\
        from outside import View

        __all__ = ["Page"]


        class Page(View):
            pass
        """,
}

APP = {
    "app/__init__.py": "",
    "app/compat.py": "from lib import Router as BaseRouter\n",
    "app/main.py": """\
        import lib
        from app.compat import BaseRouter
        from lib import Page, Router


        def fetch():
            lib.http.api.get("https://example.invalid")
            return lib.get("https://example.invalid")


        def route():
            router = Router()
            router.add("/")
            router.url_for("home")
            return Page().render()


        def mixed():
            return lib.Mixed().url_for("home")


        def escaped():
            return lib.escape("<b>")


        def diamond():
            return lib.diamond.Both().url_for("home")


        def routes():
            return lib.urls.route("/", print)


        def singletons():
            from lib.globals import current_router

            lib.signals.saved.connect(print)
            return current_router.add("/")


        class MyRouter(Router):
            def url_for(self, name):
                return name.upper()


        class Legacy(BaseRouter):
            pass
        """,
}


@pytest.fixture(params=[("lib", "app"), ("app", "lib")], ids=["library first", "library last"])
def both(
    request: pytest.FixtureRequest, store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> GraphStore:
    roots = {"lib": make_repo("lib", LIB), "app": make_repo("app", APP)}
    for name in request.param:
        ingest(str(roots[name]), store=store, cache_dir=tmp_path / "cache")
    return store


def _targets(store: GraphStore, query: str, node: str) -> set[str]:
    return {next(iter(row.values())) for row in store.read(query, id=node)}


def test_a_function_called_by_its_exported_name_links_to_its_definition(both: GraphStore) -> None:
    # called by both names: one edge, with both lines
    rows = both.read("test.call_lines", id="app:app.main.fetch")
    assert [(row["callee"], row["lines"]) for row in rows] == [("lib:lib.http.api.get", [7, 8])]


def test_methods_link_to_the_class_that_defines_them_or_to_a_base_nobody_ingested(both: GraphStore) -> None:
    assert _targets(both, "test.callees", "app:app.main.route") == {
        "lib:lib.routing.Router",
        "lib:lib.base.BaseRouter.__init__",  # Router() runs the __init__ it inherits
        "lib:lib.routing.Router.add",
        "lib:lib.base.BaseRouter.url_for",
        "lib:lib.views.Page",
        "outside.View.render",
    }


def test_a_class_of_another_repository_called_calls_its_init_too(both: GraphStore) -> None:
    """As within one repository: Router() reaches Router and the __init__ it inherits,
    whichever of the two repositories was ingested first (asserted above for route)."""
    rows = both.read("test.call_lines", id="app:app.main.route")
    lines = {row["callee"]: row["lines"] for row in rows}
    assert lines["lib:lib.base.BaseRouter.__init__"] == lines["lib:lib.routing.Router"]


def test_a_method_overrides_what_a_class_of_another_repository_defines_or_inherits(
    both: GraphStore,
) -> None:
    """MyRouter(Router).url_for overrides BaseRouter.url_for, which Router inherits: the
    parser, reading app alone, cannot know it; the store does, in either order."""
    overrides = {(r["src"], r["dst"]) for r in both.read("graph_relationships") if r["type"] == "OVERRIDES"}
    assert [d for s, d in overrides if s == "app:app.main.MyRouter.url_for"] == [
        "lib:lib.base.BaseRouter.url_for"
    ]


def test_a_name_bound_by_alternative_imports_links_to_the_one_ingested(both: GraphStore) -> None:
    assert _targets(both, "test.callees", "app:app.main.escaped") == {"lib:lib._pure.escape"}


def test_a_base_nobody_ingested_is_asked_last(both: GraphStore) -> None:
    """Mixed(Marker, BaseRouter): what Marker defines is unknown, BaseRouter defines url_for."""
    assert _targets(both, "test.callees", "app:app.main.mixed") == {
        "lib:lib.mixed.Mixed",
        "lib:lib.base.BaseRouter.__init__",
        "lib:lib.base.BaseRouter.url_for",
    }


def test_in_a_diamond_a_member_comes_from_where_python_s_mro_finds_it(both: GraphStore) -> None:
    """Both(Left, Right), each deriving from BaseRouter: Python looks url_for up on Both,
    Left, Right, BaseRouter (C3), so Right's override wins over the base they share."""
    assert _targets(both, "test.callees", "app:app.main.diamond") == {
        "lib:lib.diamond.Both",
        "lib:lib.base.BaseRouter.__init__",  # neither Left nor Right has one
        "lib:lib.diamond.Right.url_for",
    }


def test_methods_of_a_library_s_module_level_instances_link_to_their_class_s(both: GraphStore) -> None:
    """``saved = ModelSignal()`` in lib.signals: ``saved.connect`` is Signal's (inherited);
    ``current_router: Router = Proxy()``: its declared type says what ``add`` is."""
    assert _targets(both, "test.callees", "app:app.main.singletons") == {
        "lib:lib.signals.Signal.connect",
        "lib:lib.routing.Router.add",
    }


def test_a_call_of_a_library_s_partial_links_to_the_function_it_calls(both: GraphStore) -> None:
    """``route = partial(_route, kind="plain")``: calling ``lib.urls.route`` calls ``_route``
    (Django's ``path`` is such a partial)."""
    assert _targets(both, "test.callees", "app:app.main.routes") == {"lib:lib.urls._route"}


def test_a_class_inherited_by_its_exported_name_links_to_its_definition(both: GraphStore) -> None:
    assert _targets(both, "test.bases", "app:app.main.MyRouter") == {"lib:lib.routing.Router"}


def test_a_name_the_callers_own_module_re_exports_links_too(both: GraphStore) -> None:
    """``app.compat`` imports lib's Router as BaseRouter; a class deriving from
    ``app.compat.BaseRouter`` derives from lib.routing.Router."""
    assert _targets(both, "test.bases", "app:app.main.Legacy") == {"lib:lib.routing.Router"}


def test_no_stand_in_keeps_an_exported_name(both: GraphStore) -> None:
    externals = {row["id"] for row in both.read("graph_nodes") if row["label"] == "External"}
    # lib._speedups stays: the extension module lib imports has no Python source
    assert {name for name in externals if name.startswith("lib.")} == {"lib._speedups"}
    assert "outside.View.render" in externals


def test_a_name_re_exported_through_a_third_repository_links_when_its_definer_comes_last(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """``front`` calls ``web.Router``; web re-exports it from ``web.routing``, which
    re-exports core's. core, ingested last, defines it: two hops of exports, across
    repositories ingested before it."""
    repos = {
        "front": {
            "front/__init__.py": "",
            "front/main.py": "import web\n\n\ndef go():\n    return web.Router().url_for('home')\n",
        },
        "web": {
            "web/__init__.py": "from web.routing import Router\n",
            "web/routing.py": "from core.routing import Router as Router\n",
        },
        "core": {
            "core/__init__.py": "",
            "core/routing.py": "class Router:\n    def url_for(self, name):\n        return name\n",
        },
    }
    for name in ("front", "web", "core"):
        ingest(str(make_repo(name, repos[name])), store=store, cache_dir=tmp_path / "cache")
    assert _targets(store, "test.callees", "front:front.main.go") == {
        "core:core.routing.Router",
        "core:core.routing.Router.url_for",
    }
