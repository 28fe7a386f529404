"""Dependency sources on astroid's path: tests/assets/parse/dependencies/.

``repo/app.py`` calls ``webkit.make_response`` and then methods of what it returns
(``rv.headers.update``, ``rv.body``). ``site/`` stands for an installed dependency
(``webkit``). Without it, only the imported name can be resolved; with it, inference
reads (never imports) the dependency's source and follows the calls into it. The
dependency's modules are never part of the graph: calls into them are externals.
"""

from __future__ import annotations

from pathlib import Path

from graph_rag.model import CodeGraph, Repository
from graph_rag.parse import parse_repository

ASSETS = Path(__file__).parents[1] / "assets" / "parse" / "dependencies"
REPO = Repository(id="d", name="dependencies")


def _callees(graph: CodeGraph) -> set[str]:
    return {call.callee for call in graph.calls if call.caller == "app.view"}


def test_without_dependencies_only_the_imported_name_resolves() -> None:
    graph = parse_repository(ASSETS / "repo", repository=REPO, workers=1)
    assert _callees(graph) == {"webkit.make_response"}
    assert graph.stats.calls_unresolved == 2


def test_with_dependencies_calls_on_returned_objects_resolve_into_them() -> None:
    graph = parse_repository(ASSETS / "repo", repository=REPO, workers=1, dependencies=[ASSETS / "site"])
    assert _callees(graph) == {
        "webkit.make_response",
        "webkit.response.Headers.update",
        "webkit.response.Response.body",
    }
    assert graph.stats.calls_unresolved == 0
    assert [f.module.qualname for f in graph.files] == ["app"]
