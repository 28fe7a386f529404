"""Qualified names of lambdas (graph_rag/parse/naming.py): PyCG's ``<lambdaN>``, numbered
per scope in source order, the scope being the one the lambda's definition runs in."""

from __future__ import annotations

import astroid
import pytest
from astroid import nodes

from graph_rag.parse import naming

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
