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
Doc("...")] = ...`` in ``__init__`` calls no ``Doc`` (``in_unevaluated_annotation``).
"""

from __future__ import annotations

from astroid import nodes


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


def in_unevaluated_annotation(node: nodes.NodeNG) -> bool:
    """Whether ``node`` lies in an annotation Python does not evaluate: an assignment's in
    a function body, or any under ``from __future__ import annotations``."""
    holder = _annotation_holder(node)
    if holder is None:
        return False
    in_function = isinstance(holder, nodes.AnnAssign) and isinstance(holder.scope(), nodes.FunctionDef)
    return in_function or _postponed(holder)


def _annotation_holder(node: nodes.NodeNG) -> nodes.NodeNG | None:
    """The parameters, function or annotated assignment whose annotation ``node`` lies in."""
    child, parent = node, node.parent
    while parent is not None and not parent.is_statement:
        if isinstance(parent, nodes.Arguments):
            in_default = child in parent.defaults or child in parent.kw_defaults
            return None if in_default or isinstance(child, nodes.AssignName) else parent
        child, parent = parent, parent.parent
    if isinstance(parent, nodes.AnnAssign) and child is parent.annotation:
        return parent
    if isinstance(parent, nodes.FunctionDef) and child is parent.returns:
        return parent
    return None


def _postponed(node: nodes.NodeNG) -> bool:
    """``from __future__ import annotations`` (PEP 563): annotations stay strings."""
    return "annotations" in node.root().future_imports
