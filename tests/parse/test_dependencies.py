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

from pathlib import Path

import pytest

from graph_rag.model import CodeGraph, Repository
from graph_rag.parse import parse_repository

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
