"""``builtins``, ``abc`` and ``functools`` as the parser builds them, pickled once per machine.

Every parser process starts by building astroid's ``builtins`` from the live module
(inspecting ~2,900 methods) and ``abc`` and ``functools`` from their source: about
0.07 s, a tenth of flask's parse with its dependencies, and paid again by every
spawned worker. What they hold depends only on astroid, Python and this parser's code,
so they are pickled once and loaded after (about 0.04 s).

astroid's bootstrap also leaves pointers into ``builtins`` on its own classes (the
classes of constants, of the container nodes, of generators): the pickle holds those
too, and ``load`` puts them back as the bootstrap would. A few nodes point at live
objects: a builtin class's ``__dict__``, types only the ``types`` module names, inference
tips (a closure over a module-level function) and astroid's marker for "no live object"
(a member descriptor's node: read by identity, so a copy would be inferred as an
``object``). They are written as how to find them again; any other, and the modules
are not stored but built as before.
An entry that does not read back is built again and replaced.
"""

from __future__ import annotations

import io
import pickle
import sys
import types
from collections.abc import Collection
from functools import cache

import astroid
from astroid import bases, nodes, raw_building, util
from astroid.const import _EMPTY_OBJECT_MARKER
from astroid.inference_tip import _inference_tip_cached
from astroid.manager import AstroidManager
from astroid.nodes import node_classes

from graph_rag.parse.built_cache import is_inference_tip, tip_function
from graph_rag.parse.collector import not_collecting
from graph_rag.parse.disk_cache import DiskCache, parser_code

_ENTRY = "externals"
# Stored where they cannot be pickled (a live object no name finds again): later processes
# build them without trying to store them again (the attempt costs a tenth of a second).
_UNSTORABLE = "unstorable"
# astroid's classes whose ``_proxied`` the bootstrap points at a class of ``builtins``
_PROXIED_BASES = (bases.Generator, bases.AsyncGenerator, bases.UnionType)
_CONTAINERS = tuple(node for kind, node in node_classes.CONST_CLS.items() if kind in (dict, list, set, tuple))
_TYPES = {value: name for name, value in vars(types).items() if isinstance(value, type)}


class _Unstorable(Exception):
    """A live object the modules point at that cannot be found again by name."""


def bootstrapped() -> bool:
    """Whether this process holds astroid's ``builtins`` already (built or loaded)."""
    return raw_building.InspectBuilder.bootstrapped


def load(manager: AstroidManager, names: Collection[str]) -> bool:
    """Put the stored modules ``names`` into astroid's cache, with the pointers astroid's
    bootstrap sets; False (and nothing changed) where no entry of them reads back."""
    payload = _disk_cache().load(_ENTRY)
    if not isinstance(payload, bytes):
        return False
    try:
        with not_collecting():  # tens of thousands of nodes, all alive
            modules, constants, containers, generators = _Unpickler(io.BytesIO(payload)).load()
    except Exception:
        return False
    if set(modules) != set(names) or len(generators) != len(_PROXIED_BASES):
        return False
    manager.astroid_cache.update(modules)
    raw_building._CONST_PROXY.update(constants)
    for node_class, proxy in containers.items():
        node_class._proxied = proxy
    for klass, proxy in zip(_PROXIED_BASES, generators, strict=True):
        klass._proxied = proxy
    nodes.Const._proxied = property(raw_building._set_proxied)
    raw_building.InspectBuilder.bootstrapped = True
    return True


def store(manager: AstroidManager, names: Collection[str]) -> bool:
    """Keep the modules ``names`` as built now, with the bootstrap's pointers; False where
    they point at a live object that cannot be found again (then they are built each time,
    and this is not tried again: the entry says so)."""
    if _disk_cache().load(_ENTRY) == _UNSTORABLE:
        return False
    modules = {name: manager.astroid_cache[name] for name in names}
    state = (
        modules,
        dict(raw_building._CONST_PROXY),
        {node_class: node_class._proxied for node_class in _CONTAINERS},
        tuple(klass._proxied for klass in _PROXIED_BASES),
    )
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, modules).dump(state)
    except (_Unstorable, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        _disk_cache().store(_ENTRY, _UNSTORABLE)
        return False
    _disk_cache().store(_ENTRY, buffer.getvalue())
    return True


def _class_dict_owner(held: types.MappingProxyType, modules: Collection[str]) -> tuple[str, str]:
    """The live class of ``modules`` (or ``types``) whose ``__dict__`` ``held`` is (an empty
    node holds an exception's members so), as (module, class name)."""
    for module in (*modules, "types"):
        for name, value in vars(sys.modules.get(module, types)).items():
            if isinstance(value, type) and dict(vars(value)) == dict(held):
                return module, name
    raise _Unstorable(f"a mapping proxy of {len(held)} items, of no class of {', '.join(modules)}")


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, modules: Collection[str]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._modules = modules

    def persistent_id(self, obj: object) -> object:
        if isinstance(obj, nodes.NodeNG):  # by far the most: pickled as they are
            return None
        if is_inference_tip(obj):
            inferred_by = tip_function(obj)
            if inferred_by is None:
                raise _Unstorable(f"inference tip {obj!r}")
            return ("tip", inferred_by)
        if obj is _EMPTY_OBJECT_MARKER:  # astroid tells "no live object" by identity
            return ("no object",)
        if type(obj) is object or isinstance(obj, util.UninferableBase):
            raise _Unstorable("a sentinel read by identity")  # a copy would not be it
        if isinstance(obj, types.MappingProxyType):
            return ("class dict", *_class_dict_owner(obj, self._modules))
        if isinstance(obj, type) and obj in _TYPES and not _named(obj):
            return ("types", _TYPES[obj])  # ``generator``, ``function``: no builtin has that name
        return None


def _named(kind: type) -> bool:
    """Whether pickle finds ``kind`` again by its module and name."""
    found: object = sys.modules.get(kind.__module__)
    for part in kind.__qualname__.split("."):
        found = getattr(found, part, None)
    return found is kind


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: object) -> object:
        kind, *value = pid  # type: ignore[misc]
        if kind == "tip":
            return _inference_tip_cached(value[0])
        if kind == "no object":
            return _EMPTY_OBJECT_MARKER
        if kind == "class dict":
            module, name = value
            return vars(getattr(sys.modules[module], name))
        if kind == "types":
            return getattr(types, value[0])
        raise pickle.UnpicklingError(f"unknown reference {kind!r}")


@cache
def _disk_cache() -> DiskCache:
    """The modules as built by this astroid, this Python and this parser's code."""
    return DiskCache("prebuilt", f"{astroid.__version__} {sys.version} {parser_code()}")
