"""Django's connections, chosen by the settings at run time, typed by the base class
every backend derives from, as a declared type would: ``django.db.connection`` and
``django.core.cache.cache`` are ``ConnectionProxy`` objects that forward every
attribute to the backend the settings name, ``connections[alias]`` (and
``caches[alias]``) is made by ``create_connection`` from an import path, and a database backend's parts
(``ops_class``, ``SchemaEditorClass``, ...) are ``None`` until a backend sets them.
``connection.ops.quote_name`` -> ``BaseDatabaseOperations.quote_name``, ``cache.get``
-> ``BaseCache.get`` (a backend's override is not guessed). The other way round, a
part's ``self.connection`` (the wrapper that made it) is typed by the base wrapper:
``editor.connection.cursor()`` -> ``BaseDatabaseWrapper.cursor``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from astroid import bases, nodes
from astroid.context import InferenceContext
from astroid.exceptions import AstroidError, UseInferenceDefault
from astroid.inference_tip import inference_tip

from graph_rag.parse.frameworks.lookup import bound_by_call, derives, load_class, parameter_position
from graph_rag.parse.names import last_name

CONNECTION_PROXY = "django.utils.connection.ConnectionProxy"
HANDED_OUT = {  # a connection handler -> the base class of what it hands out
    "django.db.utils.ConnectionHandler": ("django.db.backends.base.base", "BaseDatabaseWrapper"),
    "django.core.cache.CacheHandler": ("django.core.cache.backends.base", "BaseCache"),
}
# ``connections[alias]``: astroid answers only the first ``return`` of ``__getitem__``
# (the handler's uninferable cache lookup). Only subscripts of these names are asked
# about (every subscript would be), and inference still checks what they hold.
HANDLER_NAMES = frozenset({"connections", "caches"})
DATABASE_WRAPPER = "django.db.backends.base.base.BaseDatabaseWrapper"
BACKEND_PARTS = {  # ``X_class = None`` on the base wrapper, set by each backend -> their base
    "client_class": ("django.db.backends.base.client", "BaseDatabaseClient"),
    "creation_class": ("django.db.backends.base.creation", "BaseDatabaseCreation"),
    "features_class": ("django.db.backends.base.features", "BaseDatabaseFeatures"),
    "introspection_class": ("django.db.backends.base.introspection", "BaseDatabaseIntrospection"),
    "ops_class": ("django.db.backends.base.operations", "BaseDatabaseOperations"),
    "SchemaEditorClass": ("django.db.backends.base.schema", "BaseDatabaseSchemaEditor"),
}
# What a database wrapper makes with itself as the first argument: its parts, and the
# validation it runs (``self.validation_class(self)``).
PARTS_MADE_BY_WRAPPER = (
    *BACKEND_PARTS.values(),
    ("django.db.backends.base.validation", "BaseDatabaseValidation"),
)


def _is_connection_call(node: nodes.Call) -> bool:
    name = last_name(node.func)
    return name == "create_connection" or (name == "ConnectionProxy" and bool(node.args))


def _infer_connection(node: nodes.Call, context: InferenceContext | None = None) -> Iterator[Any]:
    """``ConnectionProxy(handler, alias)`` and ``handler.create_connection(alias)``: an
    instance of the base class of what the handler hands out."""
    try:
        handlers: list[nodes.ClassDef] = []
        for func in node.func.infer(context):
            if isinstance(func, nodes.ClassDef) and func.qname() == CONNECTION_PROXY:
                handlers += _instances_classes(node.args[0], context)
            elif isinstance(func, bases.BoundMethod) and isinstance(func.bound, bases.Instance):
                handlers.append(func.bound._proxied)
        return _handed_out(handlers)
    except AstroidError as exc:
        raise UseInferenceDefault from exc


def _is_handler_subscript(node: nodes.Subscript) -> bool:
    return last_name(node.value) in HANDLER_NAMES


def _infer_handler_item(node: nodes.Subscript, context: InferenceContext | None = None) -> Iterator[Any]:
    """``connections[alias]``, ``caches[alias]``: what the handler hands out."""
    try:
        return _handed_out(_instances_classes(node.value, context))
    except AstroidError as exc:
        raise UseInferenceDefault from exc


def _instances_classes(node: nodes.NodeNG, context: InferenceContext | None) -> list[nodes.ClassDef]:
    return [value._proxied for value in node.infer(context) if isinstance(value, bases.Instance)]


def _handed_out(handlers: list[nodes.ClassDef]) -> Iterator[Any]:
    """Instances of the base classes of what ``handlers`` hand out (astroid's default
    inference where none is a Django connection handler)."""
    found = []
    for handler in handlers:
        for klass in (handler, *handler.ancestors()):
            if klass.qname() in HANDED_OUT:
                found.append(load_class(*HANDED_OUT[klass.qname()]))
                break
    made = [klass.instantiate_class() for klass in found if klass is not None]
    if not made:
        raise UseInferenceDefault
    return iter(made)


def _is_backend_part(node: nodes.Attribute) -> bool:
    return node.attrname in BACKEND_PARTS


def _infer_backend_part(node: nodes.Attribute, context: InferenceContext | None = None) -> Iterator[Any]:
    """A database wrapper's ``ops_class`` (and the like): the class a backend sets, or,
    where only the base wrapper's ``None`` is found, the base every backend's derives from."""
    try:
        # astroid's own answer, asked on a copy: the default inference that follows this
        # tip's UseInferenceDefault would take the node as already on its path and give up
        probe = context.clone() if context is not None else None
        if any(isinstance(v, nodes.ClassDef) for v in node._infer(probe)):
            raise UseInferenceDefault  # a backend's own class
        owners = [o._proxied if isinstance(o, bases.Instance) else o for o in node.expr.infer(context)]
        wrapper = any(isinstance(o, nodes.ClassDef) and derives(o, DATABASE_WRAPPER) for o in owners)
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    part = load_class(*BACKEND_PARTS[node.attrname]) if wrapper else None
    if part is None:
        raise UseInferenceDefault
    return iter([part])


def _is_part_connection(node: nodes.AssignName) -> bool:
    """The ``connection`` parameter of a class's ``__init__`` (``def __init__(self, connection)``)."""
    if node.name != "connection" or parameter_position(node) != 1:
        return False
    init = node.parent.parent
    return init.name == "__init__" and isinstance(init.parent, nodes.ClassDef)


def _infer_part_connection(node: nodes.AssignName, context: InferenceContext | None = None) -> Iterator[Any]:
    """A backend part (its operations, introspection, features, schema editor, ...) is made
    by the database wrapper it belongs to, with itself (``self.ops_class(self)``): the
    part's ``connection`` is an instance of the base every wrapper derives from."""
    if bound_by_call(node, context):  # a call's argument says what it holds
        raise UseInferenceDefault
    try:
        part = any(derives(node.parent.parent.parent, f"{m}.{c}") for m, c in PARTS_MADE_BY_WRAPPER)
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    wrapper = load_class(*DATABASE_WRAPPER.rsplit(".", 1)) if part else None
    if wrapper is None:
        raise UseInferenceDefault
    return iter([wrapper.instantiate_class()])


TIPS = (
    (nodes.AssignName, inference_tip(_infer_part_connection), _is_part_connection),
    (nodes.Call, inference_tip(_infer_connection), _is_connection_call),
    (nodes.Attribute, inference_tip(_infer_backend_part), _is_backend_part),
    (nodes.Subscript, inference_tip(_infer_handler_item), _is_handler_subscript),
)
