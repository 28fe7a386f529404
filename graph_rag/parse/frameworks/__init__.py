"""What frameworks make at run time, told to astroid (their source read, never imported).

Django builds the names its users call most from metaclasses, ``type()`` and settings:
``Book.objects`` and ``Book._meta`` are added to each model class by ``ModelBase``, a
manager's ``filter``/``create``/``get`` are copied from its ``QuerySet``, a model
instance holds its fields' values, and ``connection`` forwards to whichever backend the
settings name. astroid infers none of them, so in Django's own tests most calls
(``Book.objects.create(...)``) were unresolved. The inference tips here model those
mechanisms, keyed on Django's qualified names, and only when Django's source is read
(the repository itself, or a dependency given as such): managers and options in
``django_managers``, fields' values in ``django_fields``, connections in
``django_connections``, reverse relations in ``django_relations``, the app registry's
``get_model`` in ``django_apps``, what a data migration's function is given in
``django_migrations``, the request views (and the admin, middleware) are given in
``django_views``, which functions URL patterns route to in ``django_urls``.
The classes they
make live under astroid's synthetic root, so no edge names them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from astroid.manager import AstroidManager

from graph_rag.parse.frameworks import (
    django_apps,
    django_connections,
    django_fields,
    django_managers,
    django_migrations,
    django_relations,
    django_urls,
    django_views,
    lookup,
)
from graph_rag.parse.frameworks.django_managers import real_class

__all__ = ["fingerprint", "named_relations", "real_class", "register", "scanned_keys", "unregister"]

_TRANSFORMS = (
    *django_managers.TIPS,
    *django_connections.TIPS,
    *django_fields.TRANSFORMS,
    *django_relations.TIPS,
    *django_apps.TIPS,
    *django_migrations.TIPS,
    *django_views.TIPS,
)
_registered = False


def register(
    manager: AstroidManager,
    modules: Mapping[str, Path],
    django_read: bool,
    lookups: lookup.Lookups | None = None,
) -> None:
    """Teach astroid the tips (once), when Django's source is read at all (``django_read``):
    else no tip could find a Django class, and their predicates would only cost time on
    every call, attribute and parameter. Modules built from now on carry them. ``modules``
    are the repository's (name -> file): where other models' relation fields may be;
    ``lookups`` records which modules a file read (what the tips found once is looked up
    again for each file that uses it)."""
    global _registered
    lookup.record_lookups_with(lookups)
    django_apps.use(modules, django_read)
    django_relations.use(modules, django_read)
    django_urls.use(modules, django_read)
    if django_read and not _registered:
        for node_class, transform, predicate in _TRANSFORMS:
            manager.register_transform(node_class, transform, predicate)
        _registered = True


def fingerprint() -> str:
    """What the tips' decisions at build time read of the repository (the names its
    sources offer: reverse relations, routed views, the user model), as a digest; ""
    when the tips are not in use. A dependency's module built under one fingerprint is
    not the one another would build (parse/built_cache.py)."""
    return lookup.SourceScan.fingerprint() if _registered else ""


def named_relations(text: str) -> set[str]:
    """The reverse relations a module of this text names (django_relations.named_relations)."""
    return django_relations.named_relations(text)


def scanned_keys(text: str) -> set[str]:
    """The keys a module of this text offers the tips' source scans (lookup.SourceScan):
    an incremental ingest parses again the files that used them."""
    return lookup.SourceScan.keys(text)


def unregister(manager: AstroidManager) -> None:
    """Take the tips back and forget what one repository's session made and read."""
    global _registered
    if _registered:
        for node_class, transform, predicate in _TRANSFORMS:
            manager.unregister_transform(node_class, transform, predicate)
        _registered = False
    lookup.record_lookups_with(None)
    for module in (
        django_apps,
        django_managers,
        django_fields,
        django_migrations,
        django_relations,
        django_urls,
        lookup,
    ):
        module.forget()
