"""A Django model instance holds values where its class declares fields: ``book.title``
is a ``str`` for a ``CharField`` (an ``int``, ``float``, ``bool`` for those fields),
``book.author`` the related model's instance for a ``ForeignKey``/``OneToOneField``,
``book.tags`` a ``ManyRelatedManager`` over the related model's manager for a
``ManyToManyField`` (the target a class, ``"self"`` or a model named in the same
module). Other fields' values (a date, a file) are not modelled: unknown, not the
field. Reverse relations (``author.book_set``) are ``django_relations``'.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from astroid import nodes
from astroid.context import InferenceContext
from astroid.exceptions import AstroidError
from astroid.manager import AstroidManager
from astroid.util import Uninferable

from graph_rag.parse.frameworks.django_managers import MANAGER, model_manager
from graph_rag.parse.frameworks.lookup import (
    Remembered,
    derives,
    is_model,
    load_class,
    load_module,
    made_class,
    remembered,
)
from graph_rag.parse.names import last_name, passed_argument

FIELD = "django.db.models.fields.Field"
RELATED_TO_ONE = "django.db.models.fields.related.ForeignKey"  # OneToOneField derives from it
RELATED_TO_MANY = "django.db.models.fields.related.ManyToManyField"
MANY_RELATED = ("django.db.models.fields.related_descriptors", "create_forward_many_to_many_manager")
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

# (factory, related model) -> the manager class the factory makes over its manager
_related_managers: Remembered[tuple[tuple[str, str], nodes.ClassDef], nodes.ClassDef | None] = {}


def forget() -> None:
    _related_managers.clear()


def _declares_fields(klass: nodes.ClassDef) -> bool:
    return any(field_declaration(node) is not None for node in klass.body)


def field_declaration(node: nodes.NodeNG) -> tuple[str, nodes.Call] | None:
    """``name = SomeField(...)`` in a class body: the name and the call."""
    if not isinstance(node, nodes.Assign) or len(node.targets) != 1 or not isinstance(node.value, nodes.Call):
        return None
    target = node.targets[0]
    if not isinstance(target, nodes.AssignName) or not _FIELD_NAME.search(last_name(node.value.func) or ""):
        return None
    return target.name, node.value


def _add_field_values(klass: nodes.ClassDef) -> None:
    for node in klass.body:
        declared = field_declaration(node)
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
        model = isinstance(self.parent, nodes.ClassDef) and is_model(self.parent)
        if not model or not any(derives(c, FIELD) for c in field_classes):
            yield from self.call.infer(context)
            return
        for field in field_classes:
            yield from _field_value(field, self.call, self.parent) or [Uninferable]


def _field_value(field: nodes.ClassDef, call: nodes.Call, model: nodes.NodeNG) -> list[Any]:
    to_many = derives(field, RELATED_TO_MANY)
    if to_many or derives(field, RELATED_TO_ONE):
        target = passed_argument(call, 0, "to")
        related = related_model(target, model) if target is not None else None
        if related is None:
            return []
        if not to_many:
            return [related.instantiate_class()]
        made = related_manager(MANY_RELATED, related)
        return [made.instantiate_class()] if made is not None else []
    for qname, builtin in FIELD_VALUES.items():
        if derives(field, qname):
            found = AstroidManager().builtins_module.getattr(builtin)[0]
            return [found.instantiate_class()] if isinstance(found, nodes.ClassDef) else []
    return []


def related_manager(factory: tuple[str, str], related: nodes.ClassDef) -> nodes.ClassDef | None:
    """The manager class Django's ``factory`` (module, function) makes over the related
    model's manager, its own methods first (``add``/``set``/``remove``), then the
    manager's and the QuerySet's: ``create_forward_many_to_many_manager``'s
    ``ManyRelatedManager``, ``create_reverse_many_to_one_manager``'s ``RelatedManager``.
    Made once per factory and related model."""
    return remembered(_related_managers, (factory, related), lambda: _made_related_manager(factory, related))


def _made_related_manager(factory: tuple[str, str], related: nodes.ClassDef) -> nodes.ClassDef | None:
    module = load_module(factory[0])
    function = module.locals.get(factory[1], [None])[-1] if module is not None else None
    found = (
        [n for n in function.body if isinstance(n, nodes.ClassDef)]
        if isinstance(function, nodes.FunctionDef)
        else []
    )
    manager = load_class(*MANAGER)
    made = None
    if found and manager is not None:
        made = made_class(found[0].name, [found[0], model_manager(manager, related)])
    return made


def related_model(target: nodes.NodeNG, model: nodes.NodeNG) -> nodes.ClassDef | None:
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


TRANSFORMS = ((nodes.ClassDef, _add_field_values, _declares_fields),)
