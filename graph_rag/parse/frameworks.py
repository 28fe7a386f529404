"""What Django's ORM makes at run time, told to astroid (read, never imported).

Django builds the names its users call most from metaclasses and ``type()``:
``Book.objects`` is added to each model class by ``ModelBase``, ``Book._meta`` too,
and a manager's ``filter``/``create``/``get`` are copied from its ``QuerySet`` by
``BaseManager.from_queryset``. astroid infers none of them, so in Django's own tests
most calls (``Book.objects.create(...)``) were unresolved. These inference tips model
exactly those three mechanisms, keyed on Django's qualified names, and only when
Django's source is read (the repository itself, or a dependency given as such):

- ``Manager.from_queryset(QS)`` is a class named as Django names it, whose base is
  the manager class and whose methods are ``QS``'s that the manager lacks (public
  ones unless marked ``queryset_only = True``, as Django copies them; private ones
  too, so what ``QS.filter`` returns infers through its own helpers, to a ``QS`` as at
  run time). A call then reaches the ``QuerySet`` method itself: ``Book.objects.filter``
  -> ``QuerySet.filter``, and ``Book.objects.filter(...).all()`` -> ``QuerySet.all``;
- ``Model.objects`` (also ``_default_manager``) on a model class that defines no
  ``objects`` of its own is a ``django.db.models.Manager()`` whose ``model`` is that
  class (``Book.objects.create(...)`` returns a ``Book``); ``_base_manager`` is too;
- ``Model._meta``, on the class or an instance, is a ``django.db.models.options.Options()``.

The made-up manager classes live under astroid's synthetic root, so no edge names
them, and ``real_class`` gives the manager class they stand for (the INHERITS base).

Connections are the other run-time names: ``django.db.connection`` and
``django.core.cache.cache`` are ``ConnectionProxy`` objects that forward every
attribute to whichever backend the settings name, ``connections[alias]`` is made by
``create_connection`` from an import path, and a database backend's parts
(``ops_class``, ``SchemaEditorClass``, ...) are ``None`` until a backend sets them.
Each is typed by the base class every backend derives from, as a declared type would:
``connection.ops.quote_name`` -> ``BaseDatabaseOperations.quote_name``,
``cache.get`` -> ``BaseCache.get`` (a backend's override is not guessed).

A model instance holds values where its class declares fields: ``book.title`` is a
``str`` for a ``CharField`` (an ``int``, ``float``, ``bool`` for those fields), and
``book.author`` the related model's instance for a ``ForeignKey``/``OneToOneField``
(its target a class, ``"self"`` or a model named in the same module). Other fields'
values (a many-to-many manager, a date) are not modelled: unknown, not the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from astroid import bases, nodes
from astroid.context import InferenceContext
from astroid.exceptions import AstroidError, UseInferenceDefault
from astroid.inference_tip import inference_tip
from astroid.manager import AstroidManager
from astroid.nodes.scoped_nodes import SYNTHETIC_ROOT
from astroid.util import Uninferable

FROM_QUERYSET = "django.db.models.manager.BaseManager.from_queryset"
MODEL = "django.db.models.base.Model"
MANAGER = ("django.db.models.manager", "Manager")
OPTIONS = ("django.db.models.options", "Options")
MANAGER_ATTRIBUTES = frozenset({"objects", "_default_manager", "_base_manager"})
CONNECTION_PROXY = "django.utils.connection.ConnectionProxy"
HANDED_OUT = {  # a connection handler -> the base class of what it hands out
    "django.db.utils.ConnectionHandler": ("django.db.backends.base.base", "BaseDatabaseWrapper"),
    "django.core.cache.CacheHandler": ("django.core.cache.backends.base", "BaseCache"),
}
DATABASE_WRAPPER = "django.db.backends.base.base.BaseDatabaseWrapper"
FIELD = "django.db.models.fields.Field"
RELATED_TO_ONE = "django.db.models.fields.related.ForeignKey"  # OneToOneField derives from it
FIELD_VALUES = {  # a field class (or any subclass) -> the builtin type of its values
    "django.db.models.fields.CharField": "str",  # EmailField, SlugField, URLField, ...
    "django.db.models.fields.TextField": "str",
    "django.db.models.fields.IntegerField": "int",  # AutoField, BigIntegerField, ...
    "django.db.models.fields.FloatField": "float",
    "django.db.models.fields.BooleanField": "bool",
}
# The syntax of a field declaration (``title = models.CharField(...)``) picks the class
# bodies given lazily inferred field values; the field's class is checked by inference.
_FIELD_NAME = re.compile(r"(Field|ForeignKey)$")
BACKEND_PARTS = {  # ``X_class = None`` on the base wrapper, set by each backend -> their base
    "client_class": ("django.db.backends.base.client", "BaseDatabaseClient"),
    "creation_class": ("django.db.backends.base.creation", "BaseDatabaseCreation"),
    "features_class": ("django.db.backends.base.features", "BaseDatabaseFeatures"),
    "introspection_class": ("django.db.backends.base.introspection", "BaseDatabaseIntrospection"),
    "ops_class": ("django.db.backends.base.operations", "BaseDatabaseOperations"),
    "SchemaEditorClass": ("django.db.backends.base.schema", "BaseDatabaseSchemaEditor"),
}

# (manager class, queryset class) -> the class from_queryset makes; and back
_made: dict[tuple[nodes.ClassDef, nodes.ClassDef], nodes.ClassDef] = {}
_stands_for: dict[nodes.ClassDef, nodes.ClassDef] = {}
_bases_made: dict[nodes.Call, list[nodes.ClassDef]] = {}  # from_queryset calls outside functions
_classes: dict[tuple[str, str], nodes.ClassDef | None] = {}  # Django's, by (module, name)
_managers: dict[tuple[nodes.ClassDef, nodes.ClassDef], nodes.ClassDef] = {}  # (manager, model)


def real_class(klass: nodes.ClassDef) -> nodes.ClassDef:
    """The manager class a class made by ``from_queryset`` derives from; else ``klass``."""
    return _stands_for.get(klass, klass)


def forget() -> None:
    """Drop what one repository's session made and read."""
    _made.clear()
    _stands_for.clear()
    _bases_made.clear()
    _classes.clear()
    _managers.clear()


def _is_from_queryset(node: nodes.Call) -> bool:
    func = node.func
    return isinstance(func, nodes.Attribute) and func.attrname == "from_queryset" and bool(node.args)


def _is_model_attribute(node: nodes.Attribute) -> bool:
    return node.attrname in MANAGER_ATTRIBUTES or node.attrname == "_meta"


def _infer_from_queryset(node: nodes.Call, context: InferenceContext | None = None) -> Iterator[Any]:
    # A class's base (``class Manager(BaseManager.from_queryset(QuerySet))``) is inferred
    # each time astroid walks the class's ancestors, each time with a fresh context: outside
    # a function the answer cannot depend on the context, so it is worked out once.
    fixed = not isinstance(node.frame(), nodes.FunctionDef | nodes.Lambda)
    if fixed and node in _bases_made:
        made = _bases_made[node]
    else:
        made = _from_queryset(node, context)
        if fixed:
            _bases_made[node] = made
    if not made:
        raise UseInferenceDefault
    return iter(made)


def _from_queryset(node: nodes.Call, context: InferenceContext | None) -> list[nodes.ClassDef]:
    made = []
    try:
        for method in node.func.infer(context):
            if not isinstance(method, bases.BoundMethod) or method.qname() != FROM_QUERYSET:
                continue
            manager = method.bound
            if not isinstance(manager, nodes.ClassDef):
                continue
            for queryset in node.args[0].infer(context):
                if isinstance(queryset, nodes.ClassDef):
                    made.append(_manager_class(manager, queryset))
    except AstroidError:
        return []
    return made


def _manager_class(manager: nodes.ClassDef, queryset: nodes.ClassDef) -> nodes.ClassDef:
    """``type(f"{manager}From{queryset}", (manager,), queryset's methods)``, made once."""
    key = (manager, queryset)
    if key in _made:
        return _made[key]
    klass = nodes.ClassDef(
        f"{manager.name}From{queryset.name}", 0, 0, SYNTHETIC_ROOT, end_lineno=0, end_col_offset=0
    )
    klass.postinit(bases=[nodes.EvaluatedObject(manager, manager)], body=[], decorators=None)
    own = {name for c in (manager, *manager.ancestors()) for name in c.locals}
    for source in reversed([queryset, *queryset.ancestors()]):  # nearest definition wins
        if source.qname() == "builtins.object":
            continue
        for name, found in source.locals.items():
            method = found[-1]
            if name in own or not isinstance(method, nodes.FunctionDef) or _is_dunder(name):
                continue
            if not name.startswith("_") and _queryset_only(source, name):
                klass.locals.pop(name, None)
                continue
            klass.locals[name] = [method]
    # a QuerySet method run on the manager clones ``self.__class__``: a QuerySet, whose
    # methods the rest of a chain calls (``objects.filter(...).delete()``, ``.all()``)
    klass.instance_attrs["__class__"] = [nodes.EvaluatedObject(queryset, queryset)]
    klass.locals["_queryset_class"] = [queryset]  # what get_queryset() makes, as type()'s dict says
    _made[key] = klass
    _stands_for[klass] = manager
    return klass


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _queryset_only(klass: nodes.ClassDef, name: str) -> bool:
    """``name.queryset_only = True`` in the class body: a method managers do not get."""
    for assign in klass.body:
        if not isinstance(assign, nodes.Assign) or not isinstance(assign.value, nodes.Const):
            continue
        for target in assign.targets:
            if (
                isinstance(target, nodes.AssignAttr)
                and target.attrname == "queryset_only"
                and isinstance(target.expr, nodes.Name)
                and target.expr.name == name
            ):
                return assign.value.value is True
    return False


def _infer_model_attribute(node: nodes.Attribute, context: InferenceContext | None = None) -> Iterator[Any]:
    found: list[Any] = []
    try:
        for owner in node.expr.infer(context):
            klass = owner if isinstance(owner, nodes.ClassDef) else None
            if isinstance(owner, bases.Instance) and node.attrname == "_meta":
                klass = owner._proxied
            if klass is not None and _is_model(klass):
                found.extend(_model_attribute(klass, node.attrname, context))
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    if not found:
        raise UseInferenceDefault
    return iter(found)


def _model_attribute(klass: nodes.ClassDef, name: str, context: InferenceContext | None) -> list[Any]:
    """What the metaclass puts under ``name``; nothing where the class declares it (a
    custom manager, its own or an abstract parent's: inferred as written)."""
    if _declares(klass, name):
        return []
    if name == "_default_manager" and _declares(klass, "objects"):
        return list(klass.igetattr("objects", context))  # the manager it declares
    if name == "_meta":
        options = _load_class(*OPTIONS)
        return [options.instantiate_class()] if options is not None else []
    manager = _load_class(*MANAGER)
    return [_model_manager(manager, klass).instantiate_class()] if manager is not None else []


def _model_manager(manager: nodes.ClassDef, model: nodes.ClassDef) -> nodes.ClassDef:
    """The manager class with ``model`` set, as ``contribute_to_class`` sets it on the
    instance: ``Book.objects.create(...)`` makes (and returns) a ``Book``."""
    key = (manager, model)
    if key not in _managers:
        klass = nodes.ClassDef(manager.name, 0, 0, SYNTHETIC_ROOT, end_lineno=0, end_col_offset=0)
        klass.postinit(bases=[nodes.EvaluatedObject(manager, manager)], body=[], decorators=None)
        klass.instance_attrs["model"] = [nodes.EvaluatedObject(model, model)]
        _managers[key] = klass
    return _managers[key]


def _load_class(module: str, name: str) -> nodes.ClassDef | None:
    """A class of Django's, read when it is first needed (None when Django is not read)."""
    if (module, name) not in _classes:
        try:
            found = AstroidManager().ast_from_module_name(module).getattr(name)[0]
        except (AstroidError, IndexError):
            found = None
        _classes[module, name] = found if isinstance(found, nodes.ClassDef) else None
    return _classes[module, name]


def _is_connection_call(node: nodes.Call) -> bool:
    func = node.func
    name = func.attrname if isinstance(func, nodes.Attribute) else getattr(func, "name", "")
    return name == "create_connection" or (name == "ConnectionProxy" and bool(node.args))


def _infer_connection(node: nodes.Call, context: InferenceContext | None = None) -> Iterator[Any]:
    """``ConnectionProxy(handler, alias)`` and ``handler.create_connection(alias)``: an
    instance of the base class of what the handler hands out."""
    handlers: list[nodes.ClassDef] = []
    try:
        for func in node.func.infer(context):
            if isinstance(func, nodes.ClassDef) and func.qname() == CONNECTION_PROXY:
                handlers += [h._proxied for h in node.args[0].infer(context) if isinstance(h, bases.Instance)]
            elif isinstance(func, bases.BoundMethod) and isinstance(func.bound, bases.Instance):
                handlers.append(func.bound._proxied)
        found = [c for h in handlers if (c := _handed_out(h)) is not None]
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    if not found:
        raise UseInferenceDefault
    return iter([c.instantiate_class() for c in found])


def _handed_out(handler: nodes.ClassDef) -> nodes.ClassDef | None:
    for klass in (handler, *handler.ancestors()):
        if klass.qname() in HANDED_OUT:
            return _load_class(*HANDED_OUT[klass.qname()])
    return None


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
        wrapper = any(isinstance(o, nodes.ClassDef) and _derives(o, DATABASE_WRAPPER) for o in owners)
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    part = _load_class(*BACKEND_PARTS[node.attrname]) if wrapper else None
    if part is None:
        raise UseInferenceDefault
    return iter([part])


def _derives(klass: nodes.ClassDef, qname: str) -> bool:
    return klass.qname() == qname or any(c.qname() == qname for c in klass.ancestors())


def _declares(klass: nodes.ClassDef, name: str) -> bool:
    return name in klass.locals or any(name in c.locals for c in klass.ancestors())


def _declares_fields(klass: nodes.ClassDef) -> bool:
    return any(_field_declaration(node) is not None for node in klass.body)


def _field_declaration(node: nodes.NodeNG) -> tuple[str, nodes.Call] | None:
    """``name = SomeField(...)`` in a class body: the name and the call."""
    if not isinstance(node, nodes.Assign) or len(node.targets) != 1 or not isinstance(node.value, nodes.Call):
        return None
    target, func = node.targets[0], node.value.func
    called = func.attrname if isinstance(func, nodes.Attribute) else getattr(func, "name", "")
    if not isinstance(target, nodes.AssignName) or not _FIELD_NAME.search(called):
        return None
    return target.name, node.value


def _add_field_values(klass: nodes.ClassDef) -> None:
    for node in klass.body:
        declared = _field_declaration(node)
        if declared is not None:
            name, call = declared
            klass.instance_attrs.setdefault(name, []).append(FieldValue(call, klass))


class FieldValue(nodes.NodeNG):
    """What an instance holds under a declared field's name, inferred when looked up
    (the field's and the model's classes are known only then): a value of the field's
    type, the related model's instance, nothing known for other Django fields; and for a
    class attribute that is no Django field, or of a class that is no model (Django
    reads fields only from models), that attribute as written."""

    def __init__(self, call: nodes.Call, klass: nodes.ClassDef) -> None:
        super().__init__(
            lineno=call.lineno,
            col_offset=call.col_offset,
            parent=klass,
            end_lineno=call.end_lineno,
            end_col_offset=call.end_col_offset,
        )
        self.call = call

    def _infer(self, context: InferenceContext | None = None, **kwargs: Any) -> Iterator[Any]:
        field_classes = [c for c in self.call.func.infer(context) if isinstance(c, nodes.ClassDef)]
        model = isinstance(self.parent, nodes.ClassDef) and _is_model(self.parent)
        if not model or not any(_derives(c, FIELD) for c in field_classes):
            yield from self.call.infer(context)
            return
        for field in field_classes:
            yield from _field_value(field, self.call, self.parent) or [Uninferable]


def _field_value(field: nodes.ClassDef, call: nodes.Call, model: nodes.NodeNG) -> list[Any]:
    if _derives(field, RELATED_TO_ONE):
        target = (
            call.args[0] if call.args else next((k.value for k in call.keywords or () if k.arg == "to"), None)
        )
        related = _related_model(target, model) if target is not None else None
        return [related.instantiate_class()] if related is not None else []
    for qname, builtin in FIELD_VALUES.items():
        if _derives(field, qname):
            found = AstroidManager().builtins_module.getattr(builtin)[0]
            return [found.instantiate_class()] if isinstance(found, nodes.ClassDef) else []
    return []


def _related_model(target: nodes.NodeNG, model: nodes.NodeNG) -> nodes.ClassDef | None:
    """A ForeignKey's target: a class, or ``"self"``, ``"Model"`` or ``"app.Model"`` for
    a model of the same module (the app registry is not read)."""
    if isinstance(target, nodes.Const) and isinstance(target.value, str):
        if target.value == "self":
            return model if isinstance(model, nodes.ClassDef) else None
        found = model.root().locals.get(target.value.rpartition(".")[2], [])
        return found[-1] if found and isinstance(found[-1], nodes.ClassDef) else None
    try:
        return next((c for c in target.infer() if isinstance(c, nodes.ClassDef)), None)
    except AstroidError:
        return None


def _is_model(klass: nodes.ClassDef) -> bool:
    return _derives(klass, MODEL)


_TIPS = (
    (nodes.Call, inference_tip(_infer_from_queryset), _is_from_queryset),
    (nodes.Attribute, inference_tip(_infer_model_attribute), _is_model_attribute),
    (nodes.Call, inference_tip(_infer_connection), _is_connection_call),
    (nodes.Attribute, inference_tip(_infer_backend_part), _is_backend_part),
)
_TRANSFORMS = ((nodes.ClassDef, _add_field_values, _declares_fields),)

_registered = False


def register(manager: AstroidManager) -> None:
    """Teach astroid the tips (once); modules built from now on carry them."""
    global _registered
    if not _registered:
        for node_class, tip, predicate in (*_TIPS, *_TRANSFORMS):
            manager.register_transform(node_class, tip, predicate)
        _registered = True


def unregister(manager: AstroidManager) -> None:
    """Take the tips back and forget the classes made (a session's end)."""
    global _registered
    if _registered:
        for node_class, tip, predicate in (*_TIPS, *_TRANSFORMS):
            manager.unregister_transform(node_class, tip, predicate)
        _registered = False
    forget()
