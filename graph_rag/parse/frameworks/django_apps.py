"""Django's app registry: ``apps.get_model("shop", "Order")`` is a model class.

The registry reads the class from a dict filled at start-up (a migration's historical
models: from the project state), so astroid infers nothing for it, and every call on
the model (``Order.objects.create(...)``, ``Order(...).save()``) was unresolved. Which
model it is depends on the strings passed; that it is one does not: the call is taken
to give ``django.db.models.Model`` itself, so what every model has (its default
manager, ``save``, ``_meta``) resolves, and nothing a particular model adds is guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from astroid import bases, nodes
from astroid.context import InferenceContext
from astroid.exceptions import AstroidError, UseInferenceDefault
from astroid.inference_tip import inference_tip

from graph_rag.parse.frameworks.lookup import MODEL, load_class

GET_MODEL = frozenset({"django.apps.registry.Apps.get_model", "django.apps.config.AppConfig.get_model"})


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


TIPS = ((nodes.Call, inference_tip(_infer_model), _is_get_model),)
