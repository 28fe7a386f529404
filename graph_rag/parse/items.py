"""What a dict or list kept in a variable holds once items are stored into it.

astroid reads a container from its literal and ignores the stores that follow:
``handlers = {}`` then ``handlers["x"] = on_x`` gives nothing for ``handlers["x"]()``,
and ``table = {"a": f}`` then ``table["a"] = g`` gives ``f`` where ``g`` runs. This
module reads the stores of the module too: ``name[key] = value``, ``name.update({...})``
or ``name.update(key=value)``, and ``name.setdefault(key, value)``, wherever they are
(a decorator that registers what it decorates stores from inside a function).

Which entries a call ``name[key]()`` may reach: with a constant key (a literal, or a
module constant naming one), those stored under that key or under a key that is no
constant; for one key, a store in the call's own block of statements, before it,
replaces what came earlier in that block (straight-line code, as in ``table["a"] = g``),
while stores elsewhere (under an ``if``, in a function run at any time) all stay, and
``setdefault`` never replaces. With a key that is no constant, every entry. Only
containers that some store changes are answered here, and not those built from
``{**other}``: the others are astroid's, read from their literal.
"""

from __future__ import annotations

from dataclasses import dataclass

from astroid import nodes
from astroid.const import Context

from graph_rag.parse.module_nodes import nodes_of
from graph_rag.parse.names import plain_assignment

_NO_KEY = object()  # an entry whose key is not a constant


@dataclass(frozen=True, slots=True)
class Entry:
    key: object  # the constant key (an int index for a list), or _NO_KEY
    value: nodes.NodeNG
    at: nodes.NodeNG  # where it is stored: its block and position order the entries
    replaces: bool = True  # False for setdefault, which keeps a value already there


class ItemStores:
    """The item stores of one module, indexed by the assignment that made the container."""

    def __init__(self, tree: nodes.Module) -> None:
        self.tree = tree
        self._stores: dict[nodes.Assign, list[Entry]] | None = None
        self._entries: dict[nodes.Assign, list[Entry] | None] = {}

    def values_at(self, subscript: nodes.Subscript) -> list[nodes.NodeNG] | None:
        """The value nodes ``subscript`` may read, or None when no store changes its
        container (then astroid's reading of the literal stands)."""
        if not isinstance(subscript.value, nodes.Name):
            return None
        container = _container(subscript.value)
        entries = self._entries_of(container) if container is not None else None
        if entries is None:
            return None
        key = _constant(subscript.slice)
        if isinstance(container.value, nodes.List) and not (isinstance(key, int) and key >= 0):
            key = _NO_KEY  # ``handlers[-1]``: counted from an end that the stores move
        if key is _NO_KEY:
            return [e.value for e in entries]
        same_key = [e for e in entries if e.key is not _NO_KEY and e.key == key]
        # the last store under this key in the call's block, before it, hides earlier ones there
        call = subscript.statement()
        here = [e for e in same_key if _block(e) is call.parent and _position(e.at) < _position(call)]
        latest = max((e for e in here if e.replaces), key=lambda e: _position(e.at), default=None)
        kept = [
            e
            for e in same_key
            if latest is None or not (_block(e) is call.parent and _position(e.at) < _position(latest.at))
        ]
        return [e.value for e in kept] + [e.value for e in entries if e.key is _NO_KEY]

    def _entries_of(self, container: nodes.Assign) -> list[Entry] | None:
        """The literal's entries and the stores', once per container; None when no store
        changes it or the literal unpacks another (``{**base}``)."""
        if container not in self._entries:
            stores = self._index().get(container)
            literal = container.value
            unpacks = isinstance(literal, nodes.Dict) and any(
                isinstance(k, nodes.DictUnpack) for k, _ in literal.items
            )
            self._entries[container] = (
                [*_literal_entries(container), *stores] if stores and not unpacks else None
            )
        return self._entries[container]

    def _index(self) -> dict[nodes.Assign, list[Entry]]:
        if self._stores is None:
            self._stores = {}
            for node in nodes_of(self.tree, (nodes.Subscript, nodes.Call)):
                for container, entry in _stores_of(node):
                    self._stores.setdefault(container, []).append(entry)
        return self._stores


def _stores_of(node: nodes.Subscript | nodes.Call) -> list[tuple[nodes.Assign, Entry]]:
    if isinstance(node, nodes.Subscript):
        assign = node.parent
        if node.ctx != Context.Store or not isinstance(assign, nodes.Assign) or node not in assign.targets:
            return []
        if not isinstance(node.value, nodes.Name) or (container := _container(node.value)) is None:
            return []
        return [(container, Entry(_constant(node.slice), assign.value, node))]
    func = node.func
    if not (isinstance(func, nodes.Attribute) and isinstance(func.expr, nodes.Name)):
        return []
    if func.attrname not in ("update", "setdefault") or (container := _container(func.expr)) is None:
        return []
    if func.attrname == "setdefault":
        if len(node.args) != 2:
            return []
        return [(container, Entry(_constant(node.args[0]), node.args[1], node, replaces=False))]
    entries = [Entry(k.arg, k.value, node) for k in node.keywords or () if k.arg is not None]
    for arg in node.args[:1]:
        if isinstance(arg, nodes.Dict):
            entries.extend(Entry(_constant(k), v, node) for k, v in arg.items)
    return [(container, entry) for entry in entries]


def _container(name: nodes.Name) -> nodes.Assign | None:
    """The assignment ``name = {...}`` or ``name = [...]`` that ``name`` reads, if one."""
    binding, _ = plain_assignment(name)
    return binding if binding is not None and isinstance(binding.value, nodes.Dict | nodes.List) else None


def _literal_entries(container: nodes.Assign) -> list[Entry]:
    literal = container.value
    if isinstance(literal, nodes.Dict):
        return [Entry(_constant(k), v, container) for k, v in literal.items]
    if any(isinstance(v, nodes.Starred) for v in literal.elts):
        return [Entry(_NO_KEY, v, container) for v in literal.elts]  # indexes unknown after a *rest
    return [Entry(i, v, container) for i, v in enumerate(literal.elts)]


def _constant(node: nodes.NodeNG) -> object:
    """A literal key, or a module constant's (``START = "start"`` then ``table[START]``)."""
    if isinstance(node, nodes.Name):
        binding, is_global = plain_assignment(node)
        if is_global and binding is not None:
            node = binding.value
    return node.value if isinstance(node, nodes.Const) else _NO_KEY


def _block(entry: Entry) -> nodes.NodeNG:
    """The node whose statement list holds the entry's statement."""
    return entry.at.statement().parent


def _position(node: nodes.NodeNG) -> tuple[int, int]:
    return (node.lineno or 0, node.col_offset or 0)
