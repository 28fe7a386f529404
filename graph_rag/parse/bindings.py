"""Which statement bound a name where it is read, from the syntax alone.

astroid's ``lookup`` answers the bindings that reach a read; the helpers here pick among
them as a type checker would: the last plain assignment, one per branch of an ``if``, the
annotated declaration that holds for the whole scope, a class body's last binding past a
property's setter. None of them infers.
"""

from __future__ import annotations

from astroid import nodes


def last_class_binding(klass: nodes.ClassDef, name: str) -> nodes.NodeNG | None:
    """The last binding of ``name`` in the class body, passing over the ``@name.setter``
    and ``@name.deleter`` functions that follow a property's getter."""
    for node in reversed(klass.locals.get(name, [])):
        if (
            isinstance(node, nodes.FunctionDef)
            and node.decorators
            and any(
                isinstance(d, nodes.Attribute) and d.attrname in {"setter", "deleter"}
                for d in node.decorators.nodes
            )
        ):
            continue
        return node
    return None


def is_positional(binding: nodes.NodeNG | None) -> bool:
    """Whether a binding gives its name a position: a loop, a comprehension, an unpacking
    (the tuple or list target a name is bound in; a name bound by an Assign itself is one
    of its plain targets, as ``mp`` in ``self.patch = mp = MonkeyPatch()``)."""
    return isinstance(binding, nodes.Tuple | nodes.List | nodes.For | nodes.Comprehension)


def last_assignment(name: nodes.Name) -> nodes.AssignName | None:
    """The binding ``name`` reads (the last one in its scope), if it is a plain assignment."""
    try:
        _, assignments = name.lookup(name.name)
    except Exception:  # lookup fails on malformed trees
        return None
    last = assignments[-1] if assignments else None
    return last if isinstance(last, nodes.AssignName) else None


def scope_declaration(name: nodes.Name) -> nodes.AnnAssign | None:
    """The ``name: T = ...`` (or bare ``name: T``) that declares ``name`` in the scope it
    is read from: as for a type checker, the declared type holds for every assignment."""
    try:
        scope, assignments = name.lookup(name.name)
    except Exception:  # lookup fails on malformed trees
        return None
    if not assignments or isinstance(scope, nodes.Module | nodes.ClassDef):
        return None
    for bound in scope.locals.get(name.name, ()):
        statement = bound.parent
        if isinstance(statement, nodes.AnnAssign) and statement.target is bound:
            return statement
    return None


def branch_assignments(name: nodes.Name) -> list[nodes.Assign]:
    """The plain assignments (``name = value``) that may each have bound ``name`` where it
    is read, when there are several (one per branch of an ``if``) and nothing else binds
    it there; astroid's lookup leaves out those a later one in the same block overrides."""
    try:
        _, assignments = name.lookup(name.name)
    except Exception:  # lookup fails on malformed trees
        return []
    statements = [a.parent for a in assignments]
    if len(statements) < 2 or not all(isinstance(s, nodes.Assign) for s in statements):
        return []
    return list(dict.fromkeys(statements))


def earlier_siblings(statement: nodes.NodeNG) -> list[nodes.NodeNG]:
    """The statements before ``statement`` in its block."""
    try:
        block = statement.parent.child_sequence(statement)
    except Exception:  # not in a block (astroid raises AstroidError)
        return []
    return block[: block.index(statement)] if isinstance(block, list) else []


def is_attribute_of(target: nodes.NodeNG, owner: str, name: str) -> bool:
    return (
        isinstance(target, nodes.AssignAttr)
        and target.attrname == name
        and isinstance(target.expr, nodes.Name)
        and target.expr.name == owner
    )


def enclosing_class(node: nodes.NodeNG) -> nodes.ClassDef | None:
    frame = node.frame()
    parent = frame.parent if isinstance(frame, nodes.FunctionDef) else None
    return parent if isinstance(parent, nodes.ClassDef) else None
