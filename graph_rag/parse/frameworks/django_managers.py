"""Django's managers and model options, made at run time by a metaclass and ``type()``:

- ``Manager.from_queryset(QS)`` is a class named as Django names it, whose base is
  the manager class and whose methods are ``QS``'s that the manager lacks (public
  ones unless marked ``queryset_only = True``, as Django copies them; private ones
  too, so what ``QS.filter`` returns infers through its own helpers, to a ``QS`` as at
  run time). A call then reaches the ``QuerySet`` method itself: ``Book.objects.filter``
  -> ``QuerySet.filter``, and ``Book.objects.filter(...).all()`` -> ``QuerySet.all``;
- ``Model.objects`` (also ``_default_manager``) on a model class that defines no
  ``objects`` of its own is a ``django.db.models.Manager()`` whose ``model`` is that
  class (``Book.objects.create(...)`` and ``Book.objects.get(...)`` return a ``Book``);
  ``_base_manager`` is too; a manager the class declares (``objects = UserManager()``)
  is bound to it the same way;
- ``Model._meta``, on the class or an instance, is a ``django.db.models.options.Options()``.

``real_class`` gives the manager class a made one stands for (the INHERITS base).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from astroid import bases, nodes
from astroid.context import InferenceContext
from astroid.exceptions import AstroidError, UseInferenceDefault
from astroid.inference_tip import inference_tip

from graph_rag.parse.frameworks.lookup import (
    Remembered,
    declares,
    derives,
    is_model,
    load_class,
    made_class,
    remembered,
)

FROM_QUERYSET = "django.db.models.manager.BaseManager.from_queryset"
MANAGER = ("django.db.models.manager", "Manager")
BASE_MANAGER = "django.db.models.manager.BaseManager"
OPTIONS = ("django.db.models.options", "Options")
MANAGER_ATTRIBUTES = frozenset({"objects", "_default_manager", "_base_manager"})
QUERYSET = "django.db.models.query.QuerySet"
MODEL_RETURNING = frozenset({"get", "first", "last", "earliest", "latest"})  # QuerySet methods

# (manager class, queryset class) -> the class from_queryset makes; and back
_made: Remembered[tuple[nodes.ClassDef, nodes.ClassDef], nodes.ClassDef] = {}
_stands_for: dict[nodes.ClassDef, nodes.ClassDef] = {}
_bases_made: Remembered[nodes.Call, list[nodes.ClassDef]] = {}  # from_queryset calls outside functions
_managers: Remembered[tuple[nodes.ClassDef, nodes.ClassDef], nodes.ClassDef] = {}  # (manager, model)


def real_class(klass: nodes.ClassDef) -> nodes.ClassDef:
    """The manager class a class made by ``from_queryset`` derives from; else ``klass``."""
    return _stands_for.get(klass, klass)


def forget() -> None:
    for made in (_made, _stands_for, _bases_made, _managers):
        made.clear()


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
    if fixed:
        made = remembered(_bases_made, node, lambda: _from_queryset(node, context))
    else:
        made = _from_queryset(node, context)
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
    return remembered(_made, (manager, queryset), lambda: _made_manager_class(manager, queryset))


def _made_manager_class(manager: nodes.ClassDef, queryset: nodes.ClassDef) -> nodes.ClassDef:
    klass = made_class(f"{manager.name}From{queryset.name}", [manager])
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
            if klass is not None and is_model(klass):
                found.extend(_model_attribute(klass, node.attrname))
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    if not found:
        raise UseInferenceDefault
    return iter(found)


def _model_attribute(klass: nodes.ClassDef, name: str) -> list[Any]:
    """What the metaclass puts under ``name``. A manager the class declares (its own or
    an abstract parent's: ``objects = UserManager()``) is that manager bound to this
    model, as ``contribute_to_class`` binds it: ``self.model(...)`` in its methods makes
    one (``User.objects.create_user(...)`` is a ``User``)."""
    declared = "objects" if name == "_default_manager" and declares(klass, "objects") else name
    if declares(klass, declared):
        if declared not in MANAGER_ATTRIBUTES:
            return []  # ``_meta`` written in the class: inferred as written
        # inferred in a context of its own: where this gives way to the default inference,
        # the caller's must still have room (sharing it lost objects.all() in Django's tests)
        values = list(klass.igetattr(declared))
        managers = [v for v in values if isinstance(v, bases.Instance) and derives(v._proxied, BASE_MANAGER)]
        if len(managers) != len(values):
            return values if name != declared else []  # not (only) managers: as written
        return [model_manager(m._proxied, klass).instantiate_class() for m in managers]
    if name == "_meta":
        options = load_class(*OPTIONS)
        return [options.instantiate_class()] if options is not None else []
    manager = load_class(*MANAGER)
    return [model_manager(manager, klass).instantiate_class()] if manager is not None else []


def model_manager(manager: nodes.ClassDef, model: nodes.ClassDef) -> nodes.ClassDef:
    """The manager class with ``model`` set, as ``contribute_to_class`` sets it on the
    instance: ``Book.objects.create(...)`` and ``Book.objects.get(...)`` make (and
    return) a ``Book``. The QuerySets its methods clone are not bound to the model: a
    second class to follow at each step of a chain (``self.__class__``) ran long chains
    past astroid's inference budget."""

    def find() -> nodes.ClassDef:
        klass = made_class(manager.name, [manager])
        klass.instance_attrs["model"] = [nodes.EvaluatedObject(model, model)]
        return klass

    return remembered(_managers, (manager, model), find)


def _returns_instance(node: nodes.Call) -> bool:
    return isinstance(node.func, nodes.Attribute) and node.func.attrname in MODEL_RETURNING


def _infer_returned_instance(node: nodes.Call, context: InferenceContext | None = None) -> Iterator[Any]:
    """``get()``, ``first()``, ... on a model's default manager (``Book.objects.get()``):
    an instance of that model (Django reads it from ``_result_cache``, which astroid cannot)."""
    found = []
    try:
        for method in node.func.infer(context):
            if not isinstance(method, bases.BoundMethod) or not isinstance(method.bound, bases.Instance):
                continue
            if method.qname().rpartition(".")[0] == QUERYSET:
                found += [m.instantiate_class() for m in _bound_models(method.bound._proxied)]
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    if not found:
        raise UseInferenceDefault
    return iter(found)


def _bound_models(klass: nodes.ClassDef) -> list[nodes.ClassDef]:
    """The model a manager class made here (``model_manager``) was bound to."""
    for owner in (klass, *klass.ancestors()):
        bound = [v for v in owner.instance_attrs.get("model", []) if isinstance(v, nodes.EvaluatedObject)]
        if bound:
            return [v.value for v in bound if isinstance(v.value, nodes.ClassDef)]
    return []


TIPS = (
    (nodes.Call, inference_tip(_infer_from_queryset), _is_from_queryset),
    (nodes.Attribute, inference_tip(_infer_model_attribute), _is_model_attribute),
    (nodes.Call, inference_tip(_infer_returned_instance), _returns_instance),
)
