"""Django's app registry: ``apps.get_model("shop", "Order")`` is a model class, and
``get_user_model()`` the user model the settings name.

The registry reads the class from a dict filled at start-up (a migration's historical
models: from the project state), so astroid infers nothing for it, and every call on
the model (``Order.objects.create(...)``, ``Order(...).save()``) was unresolved. Which
model it is depends on the strings passed; that it is one does not: the call is taken
to give ``django.db.models.Model`` itself, so what every model has (its default
manager, ``save``, ``_meta``) resolves, and nothing a particular model adds is guessed.

``get_user_model()`` asks the registry for ``settings.AUTH_USER_MODEL``, so it gave that
``Model`` too, which lacks what users have: ``user.set_password(...)`` named nothing. The
setting is read from the repository's source (``AUTH_USER_MODEL = "accounts.Member"``):
the class of that name in the app's models module; where the repository sets none,
Django's default, ``django.contrib.auth.models.User``; where the class named is not
found (or the settings name several), ``AbstractBaseUser``, which every user model
derives from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from astroid import bases, nodes
from astroid.context import InferenceContext
from astroid.exceptions import AstroidError, UseInferenceDefault
from astroid.inference_tip import inference_tip

from graph_rag.parse.frameworks.lookup import (
    MODEL,
    Remembered,
    SourceScan,
    load_class,
    load_module,
    note,
    remembered,
)
from graph_rag.parse.names import last_name

GET_MODEL = frozenset({"django.apps.registry.Apps.get_model", "django.apps.config.AppConfig.get_model"})
GET_USER_MODEL = "django.contrib.auth.get_user_model"
DEFAULT_USER = ("django.contrib.auth.models", "User")
BASE_USER = ("django.contrib.auth.base_user", "AbstractBaseUser")
_SETTING = re.compile(r"""^AUTH_USER_MODEL\s*=\s*["'](\w+\.\w+)["']""", re.MULTILINE)


def _user_model_settings(text: str) -> Iterable[str]:
    return _SETTING.findall(text)


# "app_label.Model" -> the modules that set it
SETTINGS = SourceScan(_user_model_settings, "settings", whole=True)
_user_model: Remembered[None, nodes.ClassDef | None] = {}  # found once per session


def use(modules: Mapping[str, Path], django_read: bool) -> None:
    SETTINGS.use(modules, django_read)


def forget() -> None:
    SETTINGS.forget()
    _user_model.clear()


def _is_get_model(node: nodes.Call) -> bool:
    return isinstance(node.func, nodes.Attribute) and node.func.attrname == "get_model" and bool(node.args)


def _infer_model(node: nodes.Call, context: InferenceContext | None = None) -> Iterator[Any]:
    try:
        registry = any(
            isinstance(method, bases.BoundMethod) and method.qname() in GET_MODEL
            for method in node.func.infer(context)
        )
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    model = load_class(*MODEL.rsplit(".", 1)) if registry else None
    if model is None:
        raise UseInferenceDefault
    return iter([model])


def _is_get_user_model(node: nodes.Call) -> bool:
    return last_name(node.func) == "get_user_model" and not node.args and not node.keywords


def _infer_user_model(node: nodes.Call, context: InferenceContext | None = None) -> Iterator[Any]:
    try:
        asked = any(
            isinstance(f, nodes.FunctionDef) and f.qname() == GET_USER_MODEL for f in node.func.infer(context)
        )
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    model = user_model() if asked else None
    if model is None:
        raise UseInferenceDefault
    return iter([model])


def user_model() -> nodes.ClassDef | None:
    """The class ``settings.AUTH_USER_MODEL`` names, as the repository's source sets it."""

    def find() -> nodes.ClassDef | None:
        # what a module that sets it (or one that comes to) says: looked up, as read
        SETTINGS.consulted()
        named = SETTINGS.names()
        for modname in sorted(set().union(*named.values())):
            note(modname)
        if not named:
            return load_class(*DEFAULT_USER)
        found = _app_model(*next(iter(named)).split(".")) if len(named) == 1 else None
        return found or load_class(*BASE_USER)

    return remembered(_user_model, None, find)


def _app_model(label: str, name: str) -> nodes.ClassDef | None:
    """The model ``name`` of the app labelled ``label``: in its models module (an app's
    label is the last part of its package's name, unless its AppConfig says otherwise)."""
    for modname in SETTINGS.module_names():
        if modname == f"{label}.models" or modname.endswith(f".{label}.models"):
            module = load_module(modname)
            found = module.locals.get(name, []) if module is not None else []
            if found and isinstance(found[-1], nodes.ClassDef):
                return found[-1]
    return None


TIPS = (
    (nodes.Call, inference_tip(_infer_model), _is_get_model),
    (nodes.Call, inference_tip(_infer_user_model), _is_get_user_model),
)
