"""Qualified names (graph_rag/parse/naming.py): lambdas get PyCG's ``<lambdaN>``, numbered
per scope in source order, the scope being the one the lambda's definition runs in; a
module is named by the repository, whatever astroid built under that name before."""

from __future__ import annotations

from pathlib import Path

import astroid
import pytest
from astroid import nodes
from astroid.manager import AstroidManager

from graph_rag.model import Repository
from graph_rag.parse import naming, parse_repository
from graph_rag.parse.pycg import callgraph

SOURCE = """
@register(lambda: 1)
def handler(key=lambda k: k):
    first = lambda: 2
    second = lambda: (lambda: 3)
"""


def test_lambdas_in_a_header_belong_to_the_enclosing_scope() -> None:
    tree = astroid.parse(SOURCE, module_name="main")
    names = [naming.qualname(lam) for lam in tree.nodes_of_class(nodes.Lambda)]
    assert names == [
        "main.<lambda1>",  # the decorator's argument
        "main.<lambda2>",  # the default value
        "main.handler.<lambda1>",
        "main.handler.<lambda2>",
        "main.handler.<lambda2>.<lambda1>",
    ]


def test_a_scope_s_lambdas_are_numbered_in_one_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Numbering each lambda by walking its scope again was quadratic: 3,000 lambdas in
    one dict took seconds, outside any per-file time bound."""
    tree = astroid.parse("TABLE = {\n" + "".join(f"    {i}: lambda: {i},\n" for i in range(300)) + "}\n")
    walks = 0
    real = naming._lambdas_in

    def counted(scope: nodes.NodeNG):  # type: ignore[no-untyped-def]
        nonlocal walks
        walks += 1
        return real(scope)

    monkeypatch.setattr(naming, "_lambdas_in", counted)
    names = [naming.qualname(lam) for lam in tree.nodes_of_class(nodes.Lambda)]
    assert names[0].endswith(".<lambda1>") and names[-1].endswith(".<lambda300>")
    assert walks == 1


def test_a_same_named_module_built_earlier_in_the_process_is_not_the_repository_s(
    tmp_path: Path,
) -> None:
    """astroid keeps every module it builds, by name: a ``main`` parsed before (here, or
    by the caller's own use of astroid) must not stand in for the repository's main.py."""
    astroid.parse("def other():\n    pass\n", module_name="main")
    (tmp_path / "main.py").write_text("def add(a, b):\n    return a + b\n\n\nadd(1, 2)\n")
    assert callgraph(tmp_path) == {"main": ["main.add"], "main.add": []}


def test_a_session_keeps_the_standard_library_it_built_for_the_next_one(tmp_path: Path) -> None:
    """builtins and the other prebuilt stdlib modules do not depend on the repository:
    a process parsing several repositories (corpus sync) builds them once."""
    cache = AstroidManager().astroid_cache
    cache.pop("functools", None)  # as in a process that has not parsed anything yet
    (tmp_path / "main.py").write_text("import functools\n\n\nfunctools.reduce(max, [1])\n")
    graph = {"functools.reduce": [], "main": ["functools.reduce"]}
    assert callgraph(tmp_path) == graph
    built = cache["functools"]
    assert callgraph(tmp_path) == graph
    assert cache["functools"] is built


def test_a_repository_namespace_named_like_a_stdlib_module_does_not_outlive_its_session(
    tmp_path: Path,
) -> None:
    """``src/functools/plug/`` makes ``functools`` a namespace package of that repository;
    the next repository's ``functools`` is the standard library's again."""
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "src" / "functools" / "plug").mkdir(parents=True)
    (first / "src" / "functools" / "plug" / "__init__.py").write_text("")
    (first / "src" / "functools" / "plug" / "core.py").write_text("def f():\n    pass\n")
    second.mkdir()
    (second / "m.py").write_text(
        "import functools\n\n\ndef h():\n    pass\n\n\ndef k():\n    p = functools.partial(h)\n    p()\n"
    )
    alone = callgraph(second)
    assert "functools.partial" in alone["m.k"]
    AstroidManager().astroid_cache.pop("functools", None)  # as in a fresh process
    parse_repository(first, repository=Repository(id="first", name="first"), workers=1)
    left = AstroidManager().astroid_cache.get("functools")
    assert left is None or left.file is not None  # gone, or the standard library's file
    assert callgraph(second) == alone
