"""What only type checkers read: declarations under ``if TYPE_CHECKING:``, and
annotations Python never evaluates.

A class body's stub for type checkers is no method the program runs: SQLAlchemy's
``PropComparator`` declares ``operate`` under ``if TYPE_CHECKING:`` only, and
``self.operate(...)`` runs ``Operators.operate``, its base's. Call targets are named
from what the MRO binds at run time (``class_members.runtime_attribute``); inference
and typing still read the stub, whose annotations often say more of what the base's
method returns (``DMLState.get_plugin_class -> Type[DMLState]``).

Module-level names bound in both branches of ``if TYPE_CHECKING: ... else:`` are left
as astroid reads them, both: what type checkers see there is often what the program
does, told more plainly (SQLAlchemy's ``HasMemoized_ro_memoized_attribute = property``
for a memoizing descriptor: without it ``self._row_getter(row)`` read as a call of the
method, not of the function it returns).

Annotations of assignments in a function body are never evaluated, nor any annotation
under ``from __future__ import annotations``: FastAPI's ``self.scopes: Annotated[...,
Doc("...")] = ...`` in ``__init__`` calls no ``Doc`` (``unevaluated_annotations``).
"""

from __future__ import annotations

from astroid import nodes

from graph_rag.parse.module_nodes import nodes_of


def under_type_checking(node: nodes.NodeNG) -> bool:
    """Whether ``node`` lies in the body of an ``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``)."""
    child, parent = node, node.parent
    while parent is not None and not isinstance(parent, nodes.Module):
        if isinstance(parent, nodes.If) and _is_type_checking(parent.test) and child in parent.body:
            return True
        child, parent = parent, parent.parent
    return False


def _is_type_checking(test: nodes.NodeNG) -> bool:
    if isinstance(test, nodes.Name):
        return test.name == "TYPE_CHECKING"
    return isinstance(test, nodes.Attribute) and test.attrname == "TYPE_CHECKING"


def unevaluated_annotations(module: nodes.Module) -> set[nodes.NodeNG]:
    """The calls and attribute reads in annotations Python does not evaluate: an
    assignment's in a function body, and any under ``from __future__ import annotations``."""
    postponed = "annotations" in module.future_imports
    roots: list[nodes.NodeNG | None] = []
    for node in nodes_of(module, (nodes.AnnAssign, nodes.FunctionDef)):
        if isinstance(node, nodes.AnnAssign):
            if postponed or isinstance(node.scope(), nodes.FunctionDef):
                roots.append(node.annotation)
        elif postponed:
            args = node.args
            roots += [*args.annotations, *args.posonlyargs_annotations, *args.kwonlyargs_annotations]
            roots += [args.varargannotation, args.kwargannotation, node.returns]
    return {
        found
        for root in roots
        if root is not None
        for found in root.nodes_of_class((nodes.Call, nodes.Attribute))
    }
