"""Callables kept on ``self``: what a method stores in an attribute and calls later.

``self.handler = handler`` in ``__init__`` and ``self.handler()`` in ``run`` meet in
an attribute *slot* of the class, named like a parameter so the repository-wide pass
(``flow.py``) binds it as it binds parameters: the slot of ``self.handler`` is the
pair (class, ``".handler"``). Callables kept in a container on ``self`` (a registry:
``self.funcs.append(f)``, ``self.handlers[key] = f``,
``self.hooks.setdefault(key, []).append(f)``) share the element slot ``".funcs[]"``,
which a loop over the container, a subscript or ``.values()`` reads back.

Only syntax is read here: which class ``self`` belongs to, and where a value goes in
or comes out. What the values are is the resolver's business.
"""

from __future__ import annotations

from collections.abc import Iterator

from astroid import nodes

from graph_rag.parse.names import binding_of
from graph_rag.parse.naming import qualname

Slot = tuple[str, str]  # (class qualname, ".attr" or ".attr[]")

# Methods that put their last positional argument into a list, set or deque.
_ADDERS = frozenset({"append", "add", "insert", "appendleft"})
# Methods of a dict whose result is one of its values (a list of callables, in a registry).
_VALUE_GETTERS = frozenset({"setdefault", "get"})


def receiver_class(name: nodes.Name) -> str:
    """The class whose method binds ``self``/``cls`` (a closure's too); "" when it is not
    a method's first parameter."""
    binding, _ = binding_of(name, name.name)
    if isinstance(binding, nodes.Arguments) and isinstance(binding.parent, nodes.FunctionDef):
        owner = binding.parent.parent
        if isinstance(owner, nodes.ClassDef):
            return qualname(owner)
    return ""


def attribute_slot(node: nodes.NodeNG) -> Slot | None:
    """``self.attr`` (read or assigned) in a method: its slot."""
    if not isinstance(node, nodes.Attribute | nodes.AssignAttr):
        return None
    receiver = node.expr
    if not (isinstance(receiver, nodes.Name) and receiver.name == "self"):
        return None
    owner = receiver_class(receiver)
    return (owner, f".{node.attrname}") if owner else None


def element_slot(node: nodes.NodeNG) -> Slot | None:
    """The element slot of an expression that holds a registry's callables: ``self.funcs``,
    ``self.funcs[key]``, ``self.funcs.values()``, ``self.funcs.setdefault(key, [])``."""
    if isinstance(node, nodes.Subscript):
        node = node.value
    elif (
        isinstance(node, nodes.Call)
        and isinstance(node.func, nodes.Attribute)
        and node.func.attrname in {*_VALUE_GETTERS, "values"}
    ):
        node = node.func.expr
    slot = attribute_slot(node)
    return (slot[0], f"{slot[1]}[]") if slot else None


def stored(node: nodes.NodeNG) -> Iterator[tuple[Slot, nodes.NodeNG]]:
    """(slot, value) for each value ``node`` stores on ``self``: an assignment to an
    attribute (``self.handler = handler``; a list, tuple, set or dict literal fills the
    element slot), into a container (``self.handlers[key] = f``), or an adder call
    (``self.funcs.append(f)``)."""
    if isinstance(node, nodes.Assign | nodes.AnnAssign) and node.value is not None:
        targets = node.targets if isinstance(node, nodes.Assign) else [node.target]
        for target in targets:
            slot = attribute_slot(target)
            if slot is not None:
                yield slot, node.value
                yield from _literal_elements(slot, node.value)
            elif isinstance(target, nodes.Subscript) and (slot := element_slot(target)) is not None:
                yield slot, node.value
    elif (
        isinstance(node, nodes.Call)
        and isinstance(node.func, nodes.Attribute)
        and node.func.attrname in _ADDERS
        and node.args
        and not isinstance(node.args[-1], nodes.Starred)
    ):
        slot = element_slot(node.func.expr)
        if slot is not None:
            yield slot, node.args[-1]


def called_slot(func: nodes.NodeNG) -> Slot | None:
    """The slot a called expression reads: ``self.handler()``, ``self.handlers[key]()``,
    or a name bound from one (``for func in self.funcs: func()``, ``h = self.handler``)."""
    if isinstance(func, nodes.Attribute):
        return attribute_slot(func)
    if isinstance(func, nodes.Subscript):
        return element_slot(func)
    if not isinstance(func, nodes.Name):
        return None
    statement, _ = binding_of(func, func.name)
    if isinstance(statement, nodes.For | nodes.Comprehension) and isinstance(
        statement.target, nodes.AssignName
    ):
        return element_slot(statement.iter)
    if isinstance(statement, nodes.Assign) and [type(t) for t in statement.targets] == [nodes.AssignName]:
        value = statement.value  # ``h = self.handler`` holds it; ``fs = self.funcs``, the container
        return attribute_slot(value) if isinstance(value, nodes.Attribute) else element_slot(value)
    return None


def _literal_elements(slot: Slot, value: nodes.NodeNG) -> Iterator[tuple[Slot, nodes.NodeNG]]:
    element = (slot[0], f"{slot[1]}[]")
    if isinstance(value, nodes.List | nodes.Tuple | nodes.Set):
        for item in value.elts:
            yield element, item
    elif isinstance(value, nodes.Dict):
        for _, item in value.items:
            yield element, item
