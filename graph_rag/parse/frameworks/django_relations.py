"""Reverse relations: what a model's instances get from the relation fields of other models.

``shelf = ForeignKey(Shelf, ...)`` on ``Volume`` gives every ``Shelf`` a ``volume_set``
(``related_name="volumes"``: a ``volumes``), a ``RelatedManager`` over ``Volume``'s
manager: ``shelf.volume_set.filter(...)`` reaches ``QuerySet.filter``. A
``ManyToManyField`` gives the other side the many-related manager its own side has; a
``OneToOneField`` one instance, named after the model alone (``shelf.catalogue``). A
``related_name`` Django fills in (``"%(class)s_items"``) is not modelled.

The declaring model may be in any module. The repository's sources are scanned once,
as text, for the names such fields can give (``related_name`` strings, and
``<class>_set`` for each class of a file that declares a relation field); a read of such
a name on a model instance then builds the modules that may declare it and keeps the
fields whose target is that model. Only when Django's source is read at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from astroid import bases, nodes
from astroid.context import InferenceContext
from astroid.exceptions import AstroidError, UseInferenceDefault
from astroid.inference_tip import inference_tip

from graph_rag.parse.frameworks.django_fields import (
    MANY_RELATED,
    RELATED_TO_MANY,
    RELATED_TO_ONE,
    field_declaration,
    related_manager,
    related_model,
)
from graph_rag.parse.frameworks.lookup import (
    Remembered,
    SourceScan,
    declares,
    derives,
    is_model,
    load_module,
    remembered,
)
from graph_rag.parse.names import passed_argument

ONE_TO_ONE = "django.db.models.fields.related.OneToOneField"
REVERSE_MANAGER = ("django.db.models.fields.related_descriptors", "create_reverse_many_to_one_manager")
_RELATION_FIELD = re.compile(r"\b(?:ForeignKey|ManyToManyField|OneToOneField)\(")
_RELATED_NAME = re.compile(r"""related_name\s*=\s*["']([A-Za-z_]\w*)["']""")
_CLASS = re.compile(r"^class\s+(\w+)", re.MULTILINE)


def _offered_names(text: str) -> list[str]:
    """The names the relation fields of a module's text may give other models."""
    if not _RELATION_FIELD.search(text):
        return []
    classes = [c.lower() for c in _CLASS.findall(text)]
    return [*_RELATED_NAME.findall(text), *(f"{c}_set" for c in classes), *classes]


SCAN = SourceScan(_offered_names)  # a name a field may give -> modules that may declare it


def named_relations(text: str) -> set[str]:
    """The reverse relations a module's text names outright (``related_name="posts"``,
    ``book_set``): a file that reads ``.posts`` is parsed again when this text changes
    (services/ingest.py). A one-to-one's bare model name (``.user``) is left out: nearly
    every view reads ``request.user``."""
    if not _RELATION_FIELD.search(text):
        return set()
    return {*_RELATED_NAME.findall(text), *(f"{c.lower()}_set" for c in _CLASS.findall(text))}


_reverse: Remembered[tuple[nodes.ClassDef, str], list[nodes.ClassDef]] = {}


def use(modules: Mapping[str, Path], django_read: bool) -> None:
    SCAN.use(modules, django_read)


def forget() -> None:
    SCAN.forget()
    _reverse.clear()


def _may_be_reverse(node: nodes.Attribute) -> bool:
    return SCAN.offers(node.attrname)


def _infer_reverse(node: nodes.Attribute, context: InferenceContext | None = None) -> Iterator[Any]:
    found: list[Any] = []
    try:
        # A context of its own: the caller's caps how much one inference may infer, and
        # the default inference that follows where this finds nothing needs that room
        # (a declared business.employees lost its edge).
        for owner in node.expr.infer():
            if not isinstance(owner, bases.Instance) or isinstance(owner, bases.BoundMethod):
                continue
            klass = owner._proxied
            if isinstance(klass, nodes.ClassDef) and is_model(klass) and not declares(klass, node.attrname):
                found.extend(made.instantiate_class() for made in _reverse_values(klass, node.attrname))
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    if not found:
        raise UseInferenceDefault
    return iter(found)


def _reverse_values(target: nodes.ClassDef, name: str) -> list[nodes.ClassDef]:
    """The managers the relation fields that give ``target`` a ``name`` make, once."""

    def find() -> list[nodes.ClassDef]:
        made = []
        for modname in sorted(SCAN.names().get(name, ())):
            module = load_module(modname)
            for klass in module.body if module is not None else ():
                if isinstance(klass, nodes.ClassDef) and is_model(klass):
                    made.extend(_given(klass, target, name))
        return made

    # a field's target may lead back here while it is worked out
    return remembered(_reverse, (target, name), find, meanwhile=[])


def _given(model: nodes.ClassDef, target: nodes.ClassDef, name: str) -> list[nodes.ClassDef]:
    """What each relation field of ``model`` that gives ``target`` a ``name`` puts there:
    a manager's class, or ``model`` itself for a one-to-one."""
    made: list[nodes.ClassDef] = []
    for statement in model.body:
        declared = field_declaration(statement)
        if declared is None:
            continue
        call = declared[1]
        related_name = passed_argument(call, -1, "related_name")
        given = related_name.value if isinstance(related_name, nodes.Const) else None
        if name not in (given, f"{model.name.lower()}_set", model.name.lower()):
            continue
        target_argument = passed_argument(call, 0, "to")
        if target_argument is None or related_model(target_argument, model) is not target:
            continue
        try:
            fields = [c for c in call.func.infer() if isinstance(c, nodes.ClassDef)]
        except AstroidError:
            continue
        for field in fields:
            one = derives(field, ONE_TO_ONE)
            if (given or f"{model.name.lower()}{'' if one else '_set'}") != name:
                continue
            value: nodes.ClassDef | None = None
            if one:
                value = model
            elif derives(field, RELATED_TO_MANY):
                value = related_manager(MANY_RELATED, model)
            elif derives(field, RELATED_TO_ONE):
                value = related_manager(REVERSE_MANAGER, model)
            made.extend([value] if value is not None else [])
    return made


TIPS = ((nodes.Attribute, inference_tip(_infer_reverse), _may_be_reverse),)
