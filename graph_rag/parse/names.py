"""Name resolution without inference: scopes and the import table.

This is the fallback when astroid cannot infer a call target (externals are
never built, parameters have no known value). A dotted expression is resolved
by finding what its head name is bound to in the enclosing scopes: an import
gives the import-qualified name (``import numpy as np; np.dot`` -> ``numpy.dot``).
"""

from __future__ import annotations

import builtins
import operator
import sys

from astroid import nodes

BUILTIN_NAMES = frozenset(dir(builtins))


def dotted_parts(node: nodes.NodeNG) -> list[str] | None:
    """``a.b.c`` -> ["a", "b", "c"]; None for anything that is not a plain name chain."""
    parts: list[str] = []
    while isinstance(node, nodes.Attribute):
        parts.append(node.attrname)
        node = node.expr
    if not isinstance(node, nodes.Name):
        return None
    parts.append(node.name)
    return parts[::-1]


def head_name(node: nodes.NodeNG) -> nodes.NodeNG:
    """The leftmost node of an attribute chain (``a`` in ``a.b.c``): the one with scopes."""
    while isinstance(node, nodes.Attribute):
        node = node.expr
    return node


def absolute_module(node: nodes.ImportFrom) -> str:
    """The absolute name of the module a ``from ... import`` reads from."""
    if not node.level:
        return imported_module(node, node.modname)
    if not node.modname:  # ``from . import x``: astroid answers "" for the bare package
        root = node.root()
        package = root.name if root.package else root.name.rpartition(".")[0]
        return package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
    try:
        return node.root().relative_to_absolute_name(node.modname, node.level)
    except Exception:  # astroid raises TooManyLevelsError for a relative import past the top
        return node.modname


def imported_module(node: nodes.Import | nodes.ImportFrom, modname: str) -> str:
    """The module an absolute import of ``modname`` reads in ``node``'s file (a script's
    own directory first, where several directories hold a module of that name)."""
    return node.root().relative_to_absolute_name(modname, None)


def import_target(binding: nodes.NodeNG, name: str) -> str | None:
    """The qualified name ``name`` refers to when bound by an import statement."""
    if isinstance(binding, nodes.Import):
        for modname, asname in binding.names:
            if asname == name:
                return imported_module(binding, modname)
            if asname is None and modname.partition(".")[0] == name:
                return imported_module(binding, name)
    elif isinstance(binding, nodes.ImportFrom):
        module = absolute_module(binding)
        for orig, asname in binding.names:
            if (asname or orig) == name and orig != "*":
                return f"{module}.{orig}"
    return None


def binding_of(node: nodes.NodeNG, name: str) -> tuple[nodes.NodeNG | None, bool]:
    """The statement that binds ``name`` at ``node`` (last one wins) and whether it is global.

    Returns (None, True) for a name no scope binds: a builtin or an undefined name.
    """
    try:
        frame, assignments = node.lookup(name)
    except Exception:  # lookup can fail on malformed trees; treat the name as unbound
        return None, True
    if not assignments:
        return None, True
    binding = (assignments if len(assignments) < 2 else _in_taken_branches(assignments))[-1]
    if isinstance(binding, nodes.AssignName | nodes.DelName):
        binding = binding.parent
    return binding, isinstance(frame, nodes.Module)


def _in_taken_branches(assignments: list[nodes.NodeNG]) -> list[nodes.NodeNG]:
    """Of a name's bindings, those in the branches this interpreter takes where an ``if``
    tests ``sys.version_info`` (``if sys.version_info >= (3, 8): from typing import X``
    ``else: from typing_extensions import X``: the last one written was named, the dead
    one); all of them where no such test tells."""
    running = [a for a in assignments if not _in_branch_not_taken(a)]
    return running or assignments


def _in_branch_not_taken(node: nodes.NodeNG) -> bool:
    child, parent = node, node.parent
    while parent is not None and not isinstance(parent, nodes.FunctionDef | nodes.ClassDef | nodes.Module):
        holds = version_test_holds(parent.test) if isinstance(parent, nodes.If) else None
        if holds is not None and child in (parent.orelse if holds else parent.body):
            return True
        child, parent = parent, parent.parent
    return False


_COMPARISONS = {
    ">=": operator.ge,
    ">": operator.gt,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}


def version_test_holds(test: nodes.NodeNG) -> bool | None:
    """Whether ``sys.version_info <op> (3, 8)`` (also ``sys.version_info[:2]``, or ``not``
    of one) holds for this interpreter; None for any other test."""
    if isinstance(test, nodes.UnaryOp) and test.op == "not":
        inner = version_test_holds(test.operand)
        return None if inner is None else not inner
    if not (isinstance(test, nodes.Compare) and len(test.ops) == 1):
        return None
    left, (op, right) = test.left, test.ops[0]
    if isinstance(left, nodes.Subscript):
        left = left.value
    if not (isinstance(left, nodes.Attribute) and left.as_string() == "sys.version_info"):
        return None
    if not (isinstance(right, nodes.Tuple) and all(isinstance(e, nodes.Const) for e in right.elts)):
        return None
    compare = _COMPARISONS.get(op)
    wanted = tuple(e.value for e in right.elts)
    return None if compare is None else compare(sys.version_info[: len(wanted)], wanted)


def typing_binding_of(node: nodes.NodeNG, name: str) -> tuple[nodes.NodeNG | None, bool]:
    """``binding_of``, past augmented assignments: ``errors += more`` leaves ``errors``
    of the type it had (a list stays a list, a str a str), so what types the name is
    the binding before."""
    binding, is_global = binding_of(node, name)
    if not isinstance(binding, nodes.AugAssign):
        return binding, is_global
    try:
        scope, _ = node.lookup(name)  # astroid's lookup stops at the augmented assignment
    except Exception:  # lookup can fail on malformed trees
        return None, is_global
    earlier = [a for a in scope.locals.get(name, []) if a.lineno is not None and a.lineno < binding.lineno]
    for assigned in reversed(earlier):
        statement = assigned.parent if isinstance(assigned, nodes.AssignName | nodes.DelName) else assigned
        if not isinstance(statement, nodes.AugAssign):
            return statement, is_global
    return None, is_global


def parameter_function(name: nodes.Name) -> nodes.FunctionDef | nodes.Lambda | None:
    """The function (or lambda) of which ``name`` is a parameter, where it is one."""
    binding, _ = binding_of(name, name.name)
    return binding.parent if isinstance(binding, nodes.Arguments) else None


def plain_assignment(name: nodes.Name) -> tuple[nodes.Assign | None, bool]:
    """The ``name = value`` statement that ``name`` reads (one target, the bare name) and
    whether it is module-level; None for any other binding (an import, an unpacking)."""
    binding, is_global = binding_of(name, name.name)
    if (
        isinstance(binding, nodes.Assign)
        and len(binding.targets) == 1
        and isinstance(binding.targets[0], nodes.AssignName)
    ):
        return binding, is_global
    return None, is_global


def is_super_call(node: nodes.NodeNG) -> bool:
    """``super()`` or ``super(C, self)``."""
    return isinstance(node, nodes.Call) and isinstance(node.func, nodes.Name) and node.func.name == "super"


def resolve_dotted(node: nodes.NodeNG) -> str | None:
    """Import-qualified name of a name chain, e.g. ``os.path.join``, or None."""
    parts = dotted_parts(node)
    if parts is None:
        return None
    binding, _ = binding_of(head_name(node), parts[0])
    if binding is None:
        if parts[0] in BUILTIN_NAMES:
            return ".".join(["builtins", *parts])
        return None
    if binding.root().name == "builtins":  # astroid's lookup ends in its builtins module
        return ".".join(["builtins", *parts])
    if _is_import_fallback(binding):
        binding = _guarded_import(head_name(node), parts[0]) or binding
    target = import_target(binding, parts[0])
    if target is None:
        return None
    return ".".join([target, *parts[1:]])


def _is_import_fallback(binding: nodes.NodeNG) -> bool:
    """``x = None`` in an ``except`` clause: what a module that failed to import is set to."""
    return (
        isinstance(binding, nodes.Assign)
        and isinstance(binding.value, nodes.Const)
        and binding.value.value is None
        and isinstance(binding.parent, nodes.ExceptHandler)
    )


def _guarded_import(node: nodes.NodeNG, name: str) -> nodes.Import | nodes.ImportFrom | None:
    """The import in the ``try`` whose ``except`` sets ``name`` to None: where the module is
    there (the only case in which the code calls it), ``name`` is what it imports."""
    try:
        _, assignments = node.lookup(name)
    except Exception:  # lookup can fail on malformed trees
        return None
    imports = [a for a in assignments if isinstance(a, nodes.Import | nodes.ImportFrom)]
    return imports[-1] if imports else None


def last_name(node: nodes.NodeNG) -> str | None:
    """The name a name or an attribute ends in (``property`` of ``property`` and of
    ``functools.property``, ``create`` of ``Book.objects.create``); None for anything else."""
    if isinstance(node, nodes.Name):
        return node.name
    return node.attrname if isinstance(node, nodes.Attribute) else None


def passed_argument(call: nodes.Call, position: int, name: str) -> nodes.NodeNG | None:
    """The argument ``call`` passes for the parameter at ``position`` named ``name``."""
    for index, argument in enumerate(call.args):
        if isinstance(argument, nodes.Starred):
            return None
        if index == position:
            return argument
    for keyword in call.keywords or ():
        if keyword.arg == name:
            return keyword.value
    return None
