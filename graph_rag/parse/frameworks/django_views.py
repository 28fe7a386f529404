"""Django's requests, as the classes Django calls with one are given them.

``View.as_view()`` makes a function that calls ``setup(request, ...)`` and then
``dispatch(request, ...)``, which calls the handler named by the HTTP method
(``get``, ``post``, ...) with the same request. The admin (``ModelAdmin``,
``AdminSite``), middleware built on ``MiddlewareMixin`` and authentication backends
are called with it too, as their parameter named ``request``. Nothing in them says
what the request is, so astroid inferred nothing for ``request.GET.get(...)``, nor
for ``self.request`` anywhere in a view (``setup`` stores it). Here those parameters,
on a class derived from one of Django's, are an instance of ``HttpRequest``: the base
class of every request Django makes (a WSGI or ASGI one's override is not guessed, as
for connections).

Middleware sets ``request.user`` and ``request.session`` on it: the user the
authentication backends find, else an ``AnonymousUser`` (the user model is the one
``get_user_model()`` gives: django_apps.py), and a session of the engine the settings
name, typed by ``SessionBase``, which every engine derives from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from astroid import bases, nodes
from astroid.context import InferenceContext
from astroid.exceptions import AstroidError, UseInferenceDefault
from astroid.inference_tip import inference_tip

from graph_rag.parse.frameworks import django_apps, django_urls
from graph_rag.parse.frameworks.lookup import bound_by_call, declares, derives, load_class, parameter_position

VIEW = "django.views.generic.base.View"
REQUEST = ("django.http.request", "HttpRequest")
ANONYMOUS_USER = ("django.contrib.auth.models", "AnonymousUser")
SESSION = ("django.contrib.sessions.backends.base", "SessionBase")
SET_BY_MIDDLEWARE = frozenset({"user", "session"})
# Classes every method of which that takes a parameter named ``request`` is given one.
REQUEST_TAKERS = (
    "django.contrib.admin.options.BaseModelAdmin",
    "django.contrib.admin.sites.AdminSite",
    "django.utils.deprecation.MiddlewareMixin",
    "django.contrib.auth.backends.BaseBackend",
)
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
    function = node.parent.parent
    if not isinstance(function, nodes.FunctionDef):
        return False
    if isinstance(function.parent, nodes.ClassDef):
        if node.name != "request" and function.name not in GIVEN_THE_REQUEST:
            return False
        position = parameter_position(node)
        return position is not None and position > 0
    return django_urls.may_be_view(function) and parameter_position(node) == 0


def _given_a_request(node: nodes.AssignName) -> bool:
    """A view's handler's first parameter after ``self``, a parameter named ``request`` of
    a method of the admin's, a middleware's or an authentication backend's class, or the
    first parameter of a function a URL pattern routes to."""
    function = node.parent.parent
    owner = function.parent
    if not isinstance(owner, nodes.ClassDef):
        return django_urls.is_view(function)
    if function.name in GIVEN_THE_REQUEST and parameter_position(node) == 1 and derives(owner, VIEW):
        return True
    return node.name == "request" and any(derives(owner, base) for base in REQUEST_TAKERS)


def _infer_request(node: nodes.AssignName, context: InferenceContext | None = None) -> Iterator[Any]:
    """An instance of ``HttpRequest``, where Django gives the method one."""
    if bound_by_call(node, context):  # a call's argument says what it holds
        raise UseInferenceDefault
    try:
        given = _given_a_request(node)
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    request = load_class(*REQUEST) if given else None
    if request is None:
        raise UseInferenceDefault
    return iter([request.instantiate_class()])


def _is_set_by_middleware(node: nodes.Attribute) -> bool:
    return node.attrname in SET_BY_MIDDLEWARE


def _infer_set_by_middleware(node: nodes.Attribute, context: InferenceContext | None = None) -> Iterator[Any]:
    """``request.user``: the user model or ``AnonymousUser``; ``request.session``: a
    ``SessionBase``; on a request Django made, whose class does not declare them."""
    try:
        requests = [
            value
            for value in node.expr.infer(context)
            if isinstance(value, bases.Instance)
            and derives(value._proxied, ".".join(REQUEST))
            and not declares(value._proxied, node.attrname)
        ]
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    if not requests:
        raise UseInferenceDefault
    if node.attrname == "user":
        classes = [django_apps.user_model(), load_class(*ANONYMOUS_USER)]
    else:
        classes = [load_class(*SESSION)]
    found = [klass.instantiate_class() for klass in classes if klass is not None]
    if not found:
        raise UseInferenceDefault
    return iter(found)


TIPS = (
    (nodes.AssignName, inference_tip(_infer_request), _is_request_parameter),
    (nodes.Attribute, inference_tip(_infer_set_by_middleware), _is_set_by_middleware),
)
