"""Function views: the functions a project's URL patterns route requests to.

``path("books/", views.book_list)`` makes Django call ``book_list(request, ...)``.
Which functions are views is written in the URL modules, not in the views, and a
view's module may be built before any URL module: so the repository's sources are
scanned once, as text, for the names URL patterns route to, and a function of such a
name is taken for a view only once its URL module, built, routes to it (a call of
Django's ``path``, ``re_path`` or ``url`` whose view argument names that function).
Only when Django's source is read at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from astroid import nodes

from graph_rag.parse.frameworks.lookup import Remembered, SourceScan, load_module, remembered
from graph_rag.parse.names import passed_argument, resolve_dotted

ROUTES = frozenset(
    {
        "django.urls.path",
        "django.urls.re_path",
        "django.urls.conf.path",
        "django.urls.conf.re_path",
        "django.conf.urls.url",
    }
)
# path("route", views.detail, ...): the view's name (a bare or dotted name, not a call
# such as as_view() or include()).
_ROUTED = re.compile(
    r"""\b(?:re_path|path|url)\(\s*[rRbBuU]{0,2}(["'])(?:(?!\1).)*?\1\s*,\s*([A-Za-z_][\w.]*)\s*[,)]"""
)


def _routed_names(text: str) -> list[str]:
    return [routed.rpartition(".")[2] for _, routed in _ROUTED.findall(text)]


SCAN = SourceScan(_routed_names, "urls")  # a routed name -> URL modules that may route to it
_routed: Remembered[str, frozenset[str]] = {}  # a URL module -> qualified names of its views


def use(modules: Mapping[str, Path], django_read: bool) -> None:
    SCAN.use(modules, django_read)


def forget() -> None:
    SCAN.forget()
    _routed.clear()


def may_be_view(function: nodes.FunctionDef) -> bool:
    """Whether a URL module may route to ``function`` (its name is routed somewhere)."""
    return isinstance(function.parent, nodes.Module) and SCAN.offers(function.name, function.parent.name)


def is_view(function: nodes.FunctionDef) -> bool:
    """Whether a URL pattern of the repository routes to ``function``."""
    qualified = function.qname()
    return may_be_view(function) and any(
        # in order: ``any`` stops at the first, so that is what the file reads (a set's
        # order changes from one process to the next)
        qualified in _views_of(modname)
        for modname in sorted(SCAN.names()[function.name])
    )


def _views_of(modname: str) -> frozenset[str]:
    """Qualified names of the functions the URL patterns of ``modname`` route to."""

    def find() -> frozenset[str]:
        module = load_module(modname)
        views: set[str] = set()
        for call in module.nodes_of_class(nodes.Call) if module is not None else ():
            if resolve_dotted(call.func) not in ROUTES:
                continue
            view = passed_argument(call, 1, "view")
            if isinstance(view, nodes.Name):  # a function of the URL module itself
                views.update(f.qname() for f in view.lookup(view.name)[1] if isinstance(f, nodes.FunctionDef))
            if isinstance(view, nodes.Name | nodes.Attribute) and (dotted := resolve_dotted(view)):
                views.add(dotted)
        return frozenset(views)

    return remembered(_routed, modname, find)
