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


def _header(node: nodes.FunctionDef | nodes.Lambda | nodes.ClassDef) -> list[nodes.NodeNG]:
    """What of a definition runs in the enclosing scope: decorators, defaults and
    annotations of a function, decorators and bases of a class."""
    if isinstance(node, nodes.Lambda):
        return [node.args]
    if isinstance(node, nodes.ClassDef):
        return [*node.bases, *(node.keywords or ()), *([node.decorators] if node.decorators else [])]
    parts: list[nodes.NodeNG | None] = [node.decorators, node.args, node.returns]
    return [part for part in parts if part is not None]


def _lambdas_in(scope: nodes.NodeNG) -> Iterator[nodes.Lambda]:
    """Lambdas whose naming scope is ``scope``, in source order: not those inside nested
    definitions, but those in their headers (a default ``key=lambda k: k``)."""
    header = _header(scope) if isinstance(scope, nodes.FunctionDef | nodes.ClassDef | nodes.Lambda) else []
    stack = [c for c in reversed(list(scope.get_children())) if not any(c is part for part in header)]
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.FunctionDef | nodes.ClassDef | nodes.Lambda):
            if isinstance(node, nodes.Lambda):
                yield node
            stack.extend(reversed(_header(node)))
            continue
        stack.extend(reversed(list(node.get_children())))


def naming_scope(node: nodes.NodeNG) -> Definition:
    """The module, class or function a definition's name hangs from: the one its
    definition runs in, so a lambda in a function's header belongs to the enclosing scope."""
    child, parent = node, node.parent
    while parent is not None:
        if isinstance(parent, nodes.Module):
            return parent
        if isinstance(parent, nodes.ClassDef | nodes.FunctionDef | nodes.Lambda) and not any(
            child is part for part in _header(parent)
        ):
            return parent
        child, parent = parent, parent.parent
    raise AssertionError(f"{node!r} has no enclosing module")


def qualname(node: Definition) -> str:
    """``pkg.mod.Class.method``, ``pkg.mod.outer.inner``, ``pkg.mod.<lambda1>``."""
    if isinstance(node, nodes.Module):
        return node.name
    cached = getattr(node, "_graph_rag_qualname", None)
    if cached is not None:
        return cached
    scope = naming_scope(node)
    if isinstance(node, nodes.Lambda):
        # Every lambda of the scope is named in one walk: one per lambda was quadratic.
        prefix = qualname(scope)
        for rank, lam in enumerate(_lambdas_in(scope), 1):
            lam._graph_rag_qualname = f"{prefix}.<lambda{rank}>"
        return node._graph_rag_qualname
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
