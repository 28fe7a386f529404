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
  too, so what ``QS.filter`` returns infers through its own helpers). A call then
  reaches the ``QuerySet`` method itself: ``Book.objects.filter`` -> ``QuerySet.filter``;
- ``Model.objects`` (also ``_default_manager``) on a model class that defines no
  ``objects`` of its own is a ``django.db.models.Manager()``; ``_base_manager`` is;
- ``Model._meta``, on the class or an instance, is a ``django.db.models.options.Options()``.

The made-up manager classes live under astroid's synthetic root, so no edge names
them, and ``real_class`` gives the manager class they stand for (the INHERITS base).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from astroid import bases, nodes
from astroid.context import InferenceContext
from astroid.exceptions import AstroidError, UseInferenceDefault
from astroid.inference_tip import inference_tip
from astroid.manager import AstroidManager
from astroid.nodes.scoped_nodes import SYNTHETIC_ROOT

FROM_QUERYSET = "django.db.models.manager.BaseManager.from_queryset"
MODEL = "django.db.models.base.Model"
MANAGER = ("django.db.models.manager", "Manager")
OPTIONS = ("django.db.models.options", "Options")
MANAGER_ATTRIBUTES = frozenset({"objects", "_default_manager", "_base_manager"})

# (manager class, queryset class) -> the class from_queryset makes; and back
_made: dict[tuple[nodes.ClassDef, nodes.ClassDef], nodes.ClassDef] = {}
_stands_for: dict[nodes.ClassDef, nodes.ClassDef] = {}


def real_class(klass: nodes.ClassDef) -> nodes.ClassDef:
    """The manager class a class made by ``from_queryset`` derives from; else ``klass``."""
    return _stands_for.get(klass, klass)


def forget() -> None:
    """Drop the classes made for one repository's session."""
    _made.clear()
    _stands_for.clear()


def _is_from_queryset(node: nodes.Call) -> bool:
    func = node.func
    return isinstance(func, nodes.Attribute) and func.attrname == "from_queryset" and bool(node.args)


def _is_model_attribute(node: nodes.Attribute) -> bool:
    return node.attrname in MANAGER_ATTRIBUTES or node.attrname == "_meta"


def _infer_from_queryset(node: nodes.Call, context: InferenceContext | None = None) -> Iterator[Any]:
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
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    if not made:
        raise UseInferenceDefault
    return iter(made)


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
    module, class_name = OPTIONS if name == "_meta" else MANAGER
    try:
        target = AstroidManager().ast_from_module_name(module).getattr(class_name)[0]
    except (AstroidError, IndexError):
        return []
    return [target.instantiate_class()] if isinstance(target, nodes.ClassDef) else []


def _declares(klass: nodes.ClassDef, name: str) -> bool:
    return name in klass.locals or any(name in c.locals for c in klass.ancestors())


def _is_model(klass: nodes.ClassDef) -> bool:
    return klass.qname() == MODEL or any(c.qname() == MODEL for c in klass.ancestors())


_TIPS = (
    (nodes.Call, inference_tip(_infer_from_queryset), _is_from_queryset),
    (nodes.Attribute, inference_tip(_infer_model_attribute), _is_model_attribute),
)


_registered = False


def register(manager: AstroidManager) -> None:
    """Teach astroid the tips (once); modules built from now on carry them."""
    global _registered
    if not _registered:
        for node_class, tip, predicate in _TIPS:
            manager.register_transform(node_class, tip, predicate)
        _registered = True


def unregister(manager: AstroidManager) -> None:
    """Take the tips back and forget the classes made (a session's end)."""
    global _registered
    if _registered:
        for node_class, tip, predicate in _TIPS:
            manager.unregister_transform(node_class, tip, predicate)
        _registered = False
    forget()
