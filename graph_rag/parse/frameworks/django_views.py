"""Django's class-based views: the request their handlers are given.

``View.as_view()`` makes a function that calls ``setup(request, ...)`` and then
``dispatch(request, ...)``, which calls the handler named by the HTTP method
(``get``, ``post``, ...) with the same request. Nothing in a view says what the
request is, so astroid inferred nothing for ``request.GET.get(...)`` in a handler,
nor for ``self.request`` anywhere in the view (``setup`` stores it). Here the
parameter after ``self`` of those methods, on a class that derives from Django's
``View``, is an instance of ``HttpRequest``: the base class of every request Django
makes (a WSGI or ASGI one's override is not guessed, as for connections).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from astroid import nodes
from astroid.context import InferenceContext
from astroid.exceptions import AstroidError, UseInferenceDefault
from astroid.inference_tip import inference_tip

from graph_rag.parse.frameworks.lookup import bound_by_call, derives, load_class

VIEW = "django.views.generic.base.View"
REQUEST = ("django.http.request", "HttpRequest")
# The methods View calls with the request: as_view's setup and dispatch, and dispatch's
# handlers (View.http_method_names, and what it calls for any other method).
GIVEN_THE_REQUEST = frozenset(
    {
        "setup",
        "dispatch",
        "http_method_not_allowed",
        *("get", "post", "put", "patch", "delete", "head", "options", "trace"),
    }
)


def _is_request_parameter(node: nodes.AssignName) -> bool:
    arguments = node.parent
    if not isinstance(arguments, nodes.Arguments):
        return False
    method = arguments.parent
    if not isinstance(method, nodes.FunctionDef) or method.name not in GIVEN_THE_REQUEST:
        return False
    positional = [*(arguments.posonlyargs or ()), *(arguments.args or ())]
    return len(positional) > 1 and positional[1] is node and isinstance(method.parent, nodes.ClassDef)


def _infer_request(node: nodes.AssignName, context: InferenceContext | None = None) -> Iterator[Any]:
    """An instance of ``HttpRequest``, for a method of a class derived from ``View``."""
    if bound_by_call(node, context):  # a call's argument says what it holds
        raise UseInferenceDefault
    try:
        view = derives(node.parent.parent.parent, VIEW)
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    request = load_class(*REQUEST) if view else None
    if request is None:
        raise UseInferenceDefault
    return iter([request.instantiate_class()])


TIPS = ((nodes.AssignName, inference_tip(_infer_request), _is_request_parameter),)
