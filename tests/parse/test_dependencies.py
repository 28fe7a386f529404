"""Dependency sources on astroid's path: tests/assets/parse/dependencies/.

``site/`` stands for installed dependencies (``webkit``), ``repo/`` for the code under
analysis. Without the dependency only imported names resolve; with it, inference
reads (never imports) the dependency's source, and the declarations there type what
the repository gets from it:

- ``repo/app.py`` calls ``webkit.make_response`` and methods of what it returns
  (``rv.headers.update``, ``rv.body``);
- ``repo/typed.py`` reads attributes of a dependency's class typed by their
  declarations (a ``cached_property``'s and a ``property``'s return annotation, an
  attribute assigned from an annotated ``__init__`` parameter, a class attribute made
  by a function that returns ``property(fget)``), gets an object back from a method
  that returns a TypeVar bound by a ``type[V]`` argument (``ctx.ensure_object(ScriptInfo)``),
  and calls the nested function a dependency's method returns (``ctx.command("run")(f)``).

The dependency's modules are never part of the graph: calls into them are externals.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from astroid import builder as astroid_builder

from graph_rag.config import USER_CACHE_ENV_VAR
from graph_rag.model import CodeGraph, Repository
from graph_rag.parse import built_cache, parse_repository, tree_cache

from ..ingest.conftest import write_tree

ASSETS = Path(__file__).parents[1] / "assets" / "parse" / "dependencies"
REPO = Repository(id="d", name="dependencies")


def _callees(graph: CodeGraph, caller: str) -> set[str]:
    return {call.callee for call in graph.calls if call.caller == caller}


@pytest.fixture(scope="module")
def without() -> CodeGraph:
    return parse_repository(ASSETS / "repo", repository=REPO, workers=1)


@pytest.fixture(scope="module")
def with_site() -> CodeGraph:
    return parse_repository(ASSETS / "repo", repository=REPO, workers=1, dependencies=[ASSETS / "site"])


CASES = [
    # (caller, callees without the dependency, callees with it)
    (
        "app.view",
        {"webkit.make_response"},
        {"webkit.make_response", "webkit.response.Headers.update", "webkit.response.Response.body"},
    ),
    (
        "typed.form_view",
        set(),
        {
            "webkit.request.MultiDict.getlist",
            "builtins.str.partition",
            "builtins.str.lower",
            "webkit.request.HeaderSet.add",
        },
    ),
    (
        "typed.cli",
        {"webkit.request.Context.ensure_object", "webkit.request.Context.command"},
        {
            "webkit.request.Context.ensure_object",
            "typed.ScriptInfo.load_app",
            "webkit.request.Context.command",
            "webkit.request.Context.command.decorator",
        },
    ),
]


@pytest.mark.parametrize(("caller", "alone", "with_dependency"), CASES, ids=[c[0] for c in CASES])
def test_callees(
    without: CodeGraph, with_site: CodeGraph, caller: str, alone: set[str], with_dependency: set[str]
) -> None:
    assert _callees(without, caller) == alone
    assert _callees(with_site, caller) == with_dependency


def test_every_call_resolves_with_the_dependency(without: CodeGraph, with_site: CodeGraph) -> None:
    assert without.stats.calls_unresolved == 8
    assert with_site.stats.calls_unresolved == 0
    assert [f.module.qualname for f in with_site.files] == ["app", "typed"]


@pytest.fixture
def tree_cache_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A user cache of its own, so the first parse below builds every dependency module."""
    monkeypatch.setenv(USER_CACHE_ENV_VAR, str(tmp_path))
    tree_cache._disk_cache.cache_clear()
    built_cache._disk_cache.cache_clear()
    yield tmp_path
    tree_cache._disk_cache.cache_clear()
    built_cache._disk_cache.cache_clear()


def _edges(graph: CodeGraph) -> list[tuple[str, str, int]]:
    return sorted((c.caller, c.callee, c.lineno) for c in graph.calls)


def _refuse_to_parse(monkeypatch: pytest.MonkeyPatch, package: str) -> None:
    parse = astroid_builder._parse_string

    def parse_unless_a_dependency(
        data: str, type_comments: bool = True, modname: str | None = None
    ) -> ast.Module:
        if modname is not None and modname.partition(".")[0] == package:
            pytest.fail(f"{modname} was parsed again")
        return parse(data, type_comments, modname)

    monkeypatch.setattr(astroid_builder, "_parse_string", parse_unless_a_dependency)


def test_a_later_run_reads_the_dependencys_modules_from_the_tree_cache(
    tree_cache_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every worker of every run built the same dependency modules again; their trees
    are pickled once (tree_cache.py) and give the same graph when loaded."""
    first = parse_repository(ASSETS / "repo", repository=REPO, workers=1, dependencies=[ASSETS / "site"])
    assert len(list(tree_cache_in.glob("parse/trees-*/*.pickle"))) == 3  # webkit, .response, .request
    _refuse_to_parse(monkeypatch, "webkit")
    again = parse_repository(ASSETS / "repo", repository=REPO, workers=1, dependencies=[ASSETS / "site"])
    assert _edges(again) == _edges(first)
    assert again.stats.calls_unresolved == 0


def test_an_edited_dependency_is_read_afresh(tree_cache_in: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(ASSETS / "site", site)
    before = parse_repository(ASSETS / "repo", repository=REPO, workers=1, dependencies=[site])
    assert "webkit.response.Response.body" in _callees(before, "app.view")
    response = site / "webkit" / "response.py"
    response.write_text(response.read_text().replace("def body(self)", "def text(self)"))
    after = parse_repository(ASSETS / "repo", repository=REPO, workers=1, dependencies=[site])
    assert _callees(after, "app.view") == {"webkit.make_response", "webkit.response.Headers.update"}


def test_a_dependencys_star_import_for_type_checkers_is_not_expanded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """transformers declares its 500 model packages to type checkers by ``from .models
    import *`` under ``if TYPE_CHECKING:`` and loads them lazily at run time. Expanding
    that builds the whole package: one script importing sentence_transformers took 84 s
    and timed out in ingest. Such a star import is left alone; any other still counts."""
    write_tree(
        tmp_path / "site",
        {
            "lazyhub/__init__.py": (
                "from typing import TYPE_CHECKING\n"
                "from .core import Client\n"
                "from .factory import *\n"
                "if TYPE_CHECKING:\n"
                "    from .models import *\n"
            ),
            "lazyhub/core.py": (
                "class Client:\n"
                "    def fetch(self) -> str:\n        return ''\n\n"
                "    def close(self) -> None:\n        pass\n"
            ),
            "lazyhub/factory.py": (
                "from .core import Client\n\n\ndef make_client() -> Client:\n    return Client()\n"
            ),
            "lazyhub/models/__init__.py": "from .bert import *\n",
            "lazyhub/models/bert.py": "class BertModel:\n    pass\n",
        },
    )
    write_tree(
        tmp_path / "repo",
        {
            "app.py": (
                "from lazyhub import Client, make_client\n\n\n"
                "def run():\n    Client().fetch().upper()\n    make_client().close()\n"
            )
        },
    )
    parse = astroid_builder._parse_string

    def parse_unless_a_model(data: str, type_comments: bool = True, modname: str | None = None) -> ast.Module:
        if modname is not None and modname.startswith("lazyhub.models"):
            pytest.fail(f"{modname} was built")
        return parse(data, type_comments, modname)

    monkeypatch.setattr(astroid_builder, "_parse_string", parse_unless_a_model)
    graph = parse_repository(tmp_path / "repo", repository=REPO, workers=1, dependencies=[tmp_path / "site"])
    assert _callees(graph, "app.run") == {
        "lazyhub.Client",
        "lazyhub.core.Client.fetch",
        "builtins.str.upper",
        "lazyhub.make_client",
        "lazyhub.core.Client.close",  # typed through the star import from .factory
    }
