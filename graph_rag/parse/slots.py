"""Callables kept on ``self``: what a method stores in an attribute and calls later.

``self.handler = handler`` in ``__init__`` and ``self.handler()`` in ``run`` meet in
an attribute *slot* of the class, named like a parameter so the repository-wide pass
(``flow.py``) binds it as it binds parameters: the slot of ``self.handler`` is the
pair (class, ``".handler"``). Callables kept in a container on ``self`` (a registry)
have slots named by where in the container they sit:

- ``".funcs[]"``: an element of a list or set (``self.funcs.append(f)``, read by
  ``for f in self.funcs``);
- ``".handlers{}"``: a value of a dict (``self.handlers[key] = f``, read by
  ``self.handlers[key]()``, ``.get(key)`` or ``for f in self.handlers.values()``; a
  loop over the dict itself reads its keys, never these);
- ``".hooks{}[]"``: an element of a list held in a dict
  (``self.hooks.setdefault(key, []).append(f)``, read by ``for f in self.hooks[key]``);
- ``".x[*]"``: what ``self.x[i]`` reads, an element or a value: the pass looks in both.

A parameter holding a container is read the same way, under the parameter's own
name (``table[name]()`` reads ``"table[*]"`` of its function; ``for step in steps``
reads ``"steps[]"``): callers bind the items of the literal they pass (``call_arguments.py``).

Only syntax is read here: which class ``self`` belongs to, and where a value goes in
or comes out. What the values are is the resolver's business.
"""

from __future__ import annotations

from collections.abc import Iterator

from astroid import nodes

from graph_rag.parse.names import binding_of, parameter_function
from graph_rag.parse.naming import qualname

Slot = tuple[str, str]  # (class qualname, ".attr" or ".attr[]")

# Methods that put their last positional argument into a list, set or deque.
_ADDERS = frozenset({"append", "add", "insert", "appendleft"})
# Methods of a dict whose result is one of its values (a list of callables, in a registry).
_VALUE_GETTERS = frozenset({"setdefault", "get"})
EITHER = "[*]"  # what a subscript reads: a list's element or a dict's value


def is_slot(param: str) -> bool:
    """Whether a flow key's name is a slot on ``self`` (``.attr``), not a parameter's."""
    return param.startswith(".")


def expand(param: str) -> tuple[str, ...]:
    """The slots a slot name stands for: ``".x[*]"`` is ``".x[]"`` or ``".x{}"``."""
    if param.endswith(EITHER):
        base = param[: -len(EITHER)]
        return (f"{base}[]", f"{base}{{}}")
    return (param,)


def receiver_class(name: nodes.Name) -> str:
    """The class whose method binds ``self``/``cls`` as its first parameter (a closure's
    too); "" for any other name, or a staticmethod's parameter of that name."""
    method = binding_method(name)
    return qualname(method.parent) if method is not None else ""


def binding_method(name: nodes.Name) -> nodes.FunctionDef | None:
    """The method that binds ``name`` (``self``/``cls``) as its first parameter, seen from
    that method or a function nested in it; None for any other name."""
    binding, _ = binding_of(name, name.name)
    if not (isinstance(binding, nodes.Arguments) and isinstance(binding.parent, nodes.FunctionDef)):
        return None
    method, first = binding.parent, (binding.posonlyargs + binding.args)[:1]
    if not isinstance(method.parent, nodes.ClassDef) or method.type == "staticmethod":
        return None
    return method if first and first[0].name == name.name else None


def is_method_receiver(expr: nodes.NodeNG) -> bool:
    """Whether ``expr`` is a method's own ``self`` or ``cls``: not a nested function's or a
    staticmethod's parameter of that name, declared like any other (flask's
    ``def wrapper_func(self: Scaffold, ...)`` inside ``setupmethod``)."""
    return isinstance(expr, nodes.Name) and expr.name in {"self", "cls"} and binding_method(expr) is not None


def attribute_slot(node: nodes.NodeNG) -> Slot | None:
    """``self.attr`` (read or assigned) in a method: its slot."""
    if not isinstance(node, nodes.Attribute | nodes.AssignAttr):
        return None
    receiver = node.expr
    if not (isinstance(receiver, nodes.Name) and receiver.name == "self"):
        return None
    owner = receiver_class(receiver)
    return (owner, f".{node.attrname}") if owner else None


def _inside(slot: Slot | None, suffix: str) -> Slot | None:
    return (slot[0], slot[1] + suffix) if slot else None


def _root(node: nodes.NodeNG) -> Slot | None:
    """A container's own key: ``self.x`` (its slot), or a parameter ``p`` (function, "p"),
    whose items callers pass in a literal (``dispatch(HANDLERS, name)``)."""
    slot = attribute_slot(node)
    if slot is not None or not isinstance(node, nodes.Name) or node.name in {"self", "cls"}:
        return slot
    function = parameter_function(node)
    return (qualname(function), node.name) if function is not None else None


def _container(node: nodes.NodeNG) -> Slot | None:
    """The slot of a container expression: ``self.x`` (or a parameter) itself, ``self.x[k]``
    (either kind of item), ``self.x.get(k)`` / ``self.x.setdefault(k, ...)`` (a dict's value)."""
    if isinstance(node, nodes.Subscript):
        return _inside(_root(node.value), EITHER)
    if isinstance(node, nodes.Call) and isinstance(node.func, nodes.Attribute):
        if node.func.attrname in _VALUE_GETTERS:
            return _inside(_root(node.func.expr), "{}")
        return None
    return _root(node)


def _iterated(node: nodes.NodeNG) -> Slot | None:
    """The slot of what a loop over ``node`` yields: ``self.x`` its elements,
    ``self.x.values()`` its values, ``self.x[k]`` the elements of one value."""
    if (
        isinstance(node, nodes.Call)
        and isinstance(node.func, nodes.Attribute)
        and node.func.attrname == "values"
    ):
        return _inside(_root(node.func.expr), "{}")
    container = _container(node)
    if container is None:
        return None
    owner, name = container
    if name.endswith(EITHER):  # ``for f in self.hooks[key]``: a list held in a dict
        return owner, name[: -len(EITHER)] + "{}[]"
    return owner, name + "[]"


def stored(node: nodes.NodeNG) -> Iterator[tuple[Slot, nodes.NodeNG]]:
    """(slot, value) for each value ``node`` stores on ``self``: an assignment to an
    attribute (``self.handler = handler``; a list, tuple, set or dict literal fills its
    items' slot), into a dict (``self.handlers[key] = f``), or an adder call
    (``self.funcs.append(f)``, ``self.hooks.setdefault(key, []).append(f)``)."""
    if isinstance(node, nodes.Assign | nodes.AnnAssign) and node.value is not None:
        targets = node.targets if isinstance(node, nodes.Assign) else [node.target]
        for target in targets:
            slot = attribute_slot(target)
            if slot is not None:
                yield slot, node.value
                yield from _literal_items(slot, node.value)
            elif isinstance(target, nodes.Subscript) and (slot := attribute_slot(target.value)) is not None:
                yield (slot[0], f"{slot[1]}{{}}"), node.value
    elif (
        isinstance(node, nodes.Call)
        and isinstance(node.func, nodes.Attribute)
        and node.func.attrname in _ADDERS
        and node.args
        and not isinstance(node.args[-1], nodes.Starred)
    ):
        slot = _iterated(node.func.expr)
        if slot is not None:
            yield slot, node.args[-1]


def called_slot(func: nodes.NodeNG) -> Slot | None:
    """The slot a called expression reads: ``self.handler()``, ``self.handlers[key]()``,
    ``self.handlers.get(key)()``, or a name bound from one (``for func in self.funcs:
    func()``, ``h = self.handler``)."""
    if isinstance(func, nodes.Attribute | nodes.Subscript | nodes.Call):
        return _container(func)
    if not isinstance(func, nodes.Name):
        return None
    statement, _ = binding_of(func, func.name)
    if isinstance(statement, nodes.Tuple) and isinstance(statement.parent, nodes.For | nodes.Comprehension):
        return _item_value(statement.parent, func.name)  # the name is one of the loop's targets
    if isinstance(statement, nodes.For | nodes.Comprehension):
        return _iterated(statement.iter) if isinstance(statement.target, nodes.AssignName) else None
    if isinstance(statement, nodes.Assign) and [type(t) for t in statement.targets] == [nodes.AssignName]:
        return _container(statement.value)  # ``h = self.handler``; ``fs = self.funcs`` holds no callable
    return None


def _item_value(loop: nodes.For | nodes.Comprehension, name: str) -> Slot | None:
    """``for key, handler in self.handlers.items()``: ``handler`` is a value of the dict."""
    target, iterated = loop.target, loop.iter
    if not (
        isinstance(target, nodes.Tuple)
        and len(target.elts) == 2
        and isinstance(target.elts[1], nodes.AssignName)
        and target.elts[1].name == name
        and isinstance(iterated, nodes.Call)
        and isinstance(iterated.func, nodes.Attribute)
        and iterated.func.attrname == "items"
    ):
        return None
    return _inside(_root(iterated.func.expr), "{}")


def _literal_items(slot: Slot, value: nodes.NodeNG) -> Iterator[tuple[Slot, nodes.NodeNG]]:
    if isinstance(value, nodes.List | nodes.Tuple | nodes.Set):
        for item in value.elts:
            yield (slot[0], f"{slot[1]}[]"), item
    elif isinstance(value, nodes.Dict):
        for _, item in value.items:
            yield (slot[0], f"{slot[1]}{{}}"), item
