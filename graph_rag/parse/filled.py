"""What a container made empty, then filled where it was made, holds.

``links = []`` followed by ``links.append({...})``, ``result = set()`` by
``result.add(root / name)``, ``families = {}`` by ``families["base"] = {...}``: untyped
code builds most of its lists this way, and what it puts in is what a loop over the
container, or an item read from it, gets back.

That holds only while nothing else can put something in: the name is bound once, in a
function or a module, and every use of it is a read, one of the adding methods below, or
an argument to a builtin that does not change it (``len``, ``sorted``). A container
handed to any other call, stored elsewhere or aliased may be filled out of sight, so it
tells nothing. Reading is syntax only; typing the added values is the caller's
(elements.ElementTypes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from astroid import nodes
from astroid.const import Context

from graph_rag.parse.names import resolve_dotted

_EMPTY_MAKERS = frozenset(
    {"builtins.list", "builtins.set", "builtins.dict", "collections.deque", "collections.OrderedDict"}
)
# method -> the position of the argument it adds as one element
_ADDS_ONE = {"append": 0, "add": 0, "appendleft": 0, "insert": 1}
# methods that add every element of their one argument (a dict's update: what iterating it gives)
_ADDS_ALL = frozenset({"extend", "extendleft", "update"})
# methods that change nothing, or only take out (what is left was put in by the others)
_KEEPS = frozenset(
    {
        "copy", "count", "index", "get", "keys", "values", "items", "pop", "popleft", "popitem",
        "remove", "discard", "clear", "sort", "reverse", "issubset", "issuperset", "isdisjoint",
        "union", "intersection", "difference", "symmetric_difference", "__contains__", "__len__",
    }
)  # fmt: skip
# builtins that read a container they are given and never change it
_READERS = frozenset(
    f"builtins.{name}"
    for name in (
        "len", "sorted", "list", "tuple", "set", "frozenset", "dict", "iter", "reversed", "enumerate",
        "zip", "any", "all", "min", "max", "sum", "bool", "repr", "str", "print", "isinstance", "map",
        "filter", "id", "hash",
    )
)  # fmt: skip

# where a use of the name only reads the container: ``for x in names``, ``x in names``,
# ``return names``, ``if names``, ``while names``, ``not names``
_READS = (nodes.For, nodes.Comprehension, nodes.Compare, nodes.Return, nodes.If, nodes.While, nodes.UnaryOp)


@dataclass(slots=True)
class Fills:
    """The expressions put into one container after it was made (empty, ``[]``, ``set()``,
    ``{}``, ``deque()``, or not): added one by one, added by iterating them, and stored as
    values under keys (``d[key] = value``, ``d.setdefault(key, value)``)."""

    made_empty: bool
    elements: list[nodes.NodeNG] = field(default_factory=list)
    iterables: list[nodes.NodeNG] = field(default_factory=list)
    values: list[nodes.NodeNG] = field(default_factory=list)


def fills(name: nodes.Name) -> Fills | None:
    """What the code where the container ``name`` reads was made puts into it: None
    unless the name is bound once, by a plain assignment, in its function or module, and
    nothing can fill the container out of sight."""
    try:
        scope, assignments = name.lookup(name.name)
    except Exception:  # lookup fails on malformed trees
        return None
    if not isinstance(scope, nodes.FunctionDef | nodes.Module) or len(scope.locals.get(name.name, ())) != 1:
        return None
    if len(assignments) != 1 or not isinstance(made := assignments[0], nodes.AssignName):
        return None
    statement = made.parent
    if not (isinstance(statement, nodes.Assign) and statement.targets == [made]):
        return None
    found = Fills(made_empty=_empty(statement.value))
    for use in scope.nodes_of_class(nodes.Name):
        if use.name != name.name or not _same_binding(use, made):
            continue
        if not _record(use, found):
            return None
    return found


def _empty(value: nodes.NodeNG) -> bool:
    if isinstance(value, nodes.List | nodes.Set | nodes.Tuple):
        return not value.elts
    if isinstance(value, nodes.Dict):
        return not value.items
    return (
        isinstance(value, nodes.Call)
        and not value.args
        and not value.keywords
        and resolve_dotted(value.func) in _EMPTY_MAKERS
    )


def _same_binding(use: nodes.Name, made: nodes.AssignName) -> bool:
    """Whether ``use`` reads the binding ``made`` (a nested function may bind its own)."""
    try:
        _, assignments = use.lookup(use.name)
    except Exception:  # lookup fails on malformed trees
        return False
    return assignments == [made]


def _record(use: nodes.Name, found: Fills) -> bool:
    """Adds what ``use`` puts into the container to ``found``; False where it may let
    something else fill it."""
    parent = use.parent
    if isinstance(parent, nodes.Attribute) and parent.expr is use:
        call = parent.parent
        if not (isinstance(call, nodes.Call) and call.func is parent):
            return False  # ``add = links.append``: a bound method that may be called anywhere
        method = parent.attrname
        if method in _ADDS_ONE:
            at = _ADDS_ONE[method]
            if len(call.args) != at + 1 or call.keywords or isinstance(call.args[at], nodes.Starred):
                return False
            found.elements.append(call.args[at])
            return True
        if method in _ADDS_ALL:
            if len(call.args) != 1 or call.keywords:
                return False
            found.iterables.append(call.args[0])
            return True
        if method == "setdefault" and len(call.args) == 2:
            found.values.append(call.args[1])
            return True
        return method in _KEEPS
    if isinstance(parent, nodes.Subscript) and parent.value is use:
        holder = parent.parent
        if isinstance(holder, nodes.Assign) and parent in holder.targets and len(holder.targets) == 1:
            if not _reads(holder.value, use.name):  # ``parts[0] = parts[0].strip()``: no new kind
                found.values.append(holder.value)
            return True
        return not _stored_into(parent)  # a read, or ``del d[key]``
    if isinstance(parent, nodes.AugAssign) and parent.target is use:  # ``names += more``
        found.iterables.append(parent.value)
        return True
    if isinstance(parent, nodes.Call) and use in parent.args:
        return resolve_dotted(parent.func) in _READERS or _joins(parent)
    tested = isinstance(parent, nodes.BoolOp) and isinstance(parent.parent, nodes.If | nodes.While)
    return tested or isinstance(parent, _READS)


def _reads(value: nodes.NodeNG, container: str) -> bool:
    """Whether ``value`` reads the container (``families["base"].copy()``): made from what
    it holds already, which a type checker would take to be of the same kind."""
    return any(name.name == container for name in value.nodes_of_class(nodes.Name))


def _joins(call: nodes.Call) -> bool:
    """``", ".join(names)``"""
    func = call.func
    return (
        isinstance(func, nodes.Attribute)
        and func.attrname == "join"
        and isinstance(func.expr, nodes.Const)
        and isinstance(func.expr.value, str)
    )


def _stored_into(subscript: nodes.Subscript) -> bool:
    """Whether ``d[key]`` is written by something other than a plain ``d[key] = value``
    (an unpacking, an augmented assignment: what goes in is not a known expression)."""
    return subscript.ctx is Context.Store
