"""Qualified names of definitions, including PyCG-style lambda names.

A lambda is named after its enclosing scope and its rank among that scope's
lambdas in source order: ``main.<lambda1>``, ``main.func.<lambda2>`` (PyCG's
convention). The names are computed from the tree alone, so a lambda defined in
a module another worker parses gets the same name here.
"""

from __future__ import annotations

from collections.abc import Iterator

from astroid import nodes

Definition = nodes.Module | nodes.ClassDef | nodes.FunctionDef | nodes.Lambda


def _lambdas_in(scope: nodes.NodeNG) -> Iterator[nodes.Lambda]:
    """Lambdas whose naming scope is ``scope``, in source order (not inside nested defs)."""
    stack = list(reversed(list(scope.get_children())))
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.Lambda):
            yield node
            continue
        if isinstance(node, nodes.FunctionDef | nodes.ClassDef):
            continue
        stack.extend(reversed(list(node.get_children())))


def naming_scope(node: nodes.NodeNG) -> Definition:
    """The module, class or function a definition's name hangs from."""
    parent = node.parent
    while parent is not None and not isinstance(
        parent, nodes.Module | nodes.ClassDef | nodes.FunctionDef | nodes.Lambda
    ):
        parent = parent.parent
    assert parent is not None
    return parent


def qualname(node: Definition) -> str:
    """``pkg.mod.Class.method``, ``pkg.mod.outer.inner``, ``pkg.mod.<lambda1>``."""
    if isinstance(node, nodes.Module):
        return node.name
    cached = getattr(node, "_graph_rag_qualname", None)
    if cached is not None:
        return cached
    scope = naming_scope(node)
    if isinstance(node, nodes.Lambda):
        rank = next(i for i, lam in enumerate(_lambdas_in(scope), 1) if lam is node)
        name = f"{qualname(scope)}.<lambda{rank}>"
    else:
        name = f"{qualname(scope)}.{node.name}"
    node._graph_rag_qualname = name  # memoised on the node: trees are rebuilt per process
    return name


def caller_of(node: nodes.NodeNG) -> Definition:
    """The function (or module) whose execution evaluates ``node``.

    Class bodies, decorators, default values and annotations run in the
    enclosing scope, so they are attributed to it, as PyCG does.
    """
    child, parent = node, node.parent
    while parent is not None:
        if isinstance(parent, nodes.FunctionDef | nodes.Lambda):
            if isinstance(parent, nodes.Lambda):
                in_header = child is parent.args
            else:
                in_header = child is parent.args or child is parent.decorators
                in_header = in_header or child is parent.returns
            if not in_header:
                return parent
        elif isinstance(parent, nodes.Module):
            return parent
        child, parent = parent, parent.parent
    return node.root()
