"""A module's names that hold one instance of a class (a library's singletons), or a
``functools.partial`` of one function.

Code calls methods on objects a library creates once, at import: Django's
``post_save.connect(handler)`` (``post_save = ModelSignal(...)``), ``apps.get_model``
(``apps = Apps(...)``), flask's ``request.get_json()`` (``request: Request =
LocalProxy(...)``). A repository parsed without the library's source names those calls
``django.db.models.signals.post_save.connect``: a path through an object, which no
definition has. Once the library is in the graph, what its module says the name holds
leads the call to the method (``ModelSignal``'s ``connect``, inherited from ``Signal``:
store/aliases.py), as a type checker reads it.

A name counts when the module binds it once, at module level, and either declares its
type (``request: Request = ...``, which wins over what the value is: a proxy's methods
are the declared class's) or assigns it a call that infers to an instance of exactly one
class. Builtin and ``typing`` classes are left out (``_MISSING = object()``,
``T = TypeVar("T")``): nothing to follow.
"""

from __future__ import annotations

from collections.abc import Iterator

from astroid import bases, nodes, objects

from graph_rag.parse.call_targets import TargetResolver

_LEFT_OUT = ("builtins.", "typing.", "typing_extensions.")


def module_instances(tree: nodes.Module, resolver: TargetResolver) -> tuple[tuple[str, str], ...]:
    """(name, qualified name of its class) for each module-level name holding one
    instance, by name; inferred within ``resolver``'s budget. A value some of whose
    inferences are unknown counts for nothing."""
    found: list[tuple[str, str]] = []
    for name, statement in _bound_once(tree):
        if isinstance(statement, nodes.AnnAssign):
            classes = [_name(c) for c in resolver.receivers.annotation_types(statement.annotation)]
        elif isinstance(statement.value, nodes.Call):
            values = _known(statement.value, resolver)
            if not values or not all(type(v) is bases.Instance for v in values):
                continue
            classes = [_name(v._proxied) for v in values]
        else:
            continue
        unique = set(classes)
        if len(unique) == 1 and (kind := unique.pop()) and not kind.startswith(_LEFT_OUT):
            found.append((name, kind))
    return tuple(sorted(found))


def module_partials(tree: nodes.Module, resolver: TargetResolver) -> tuple[tuple[str, str], ...]:
    """(name, qualified name of the function it calls) for each module-level name bound
    once to a ``functools.partial`` of one function: calling Django's ``path = partial(
    _path, Pattern=RoutePattern)`` calls ``_path``, so ``django.urls.path(...)`` leads
    there as an export does (store/aliases.py)."""
    found: list[tuple[str, str]] = []
    for name, statement in _bound_once(tree):
        if isinstance(statement, nodes.Assign) and isinstance(statement.value, nodes.Call):
            values = _known(statement.value, resolver)
            if values and all(isinstance(v, objects.PartialFunction) for v in values):
                targets = {t for v in values for t in resolver.targets(v)}
                if len(targets) == 1:
                    found.append((name, targets.pop()))
    return tuple(sorted(found))


def _bound_once(tree: nodes.Module) -> Iterator[tuple[str, nodes.Assign | nodes.AnnAssign]]:
    """Each module-level name one assignment binds (and nothing else: no def, import or
    second assignment), with that statement."""
    for name, bindings in tree.locals.items():
        if name.startswith("__") or len(bindings) != 1:
            continue
        binding = bindings[0]
        statement = binding.parent
        if (
            isinstance(binding, nodes.AssignName)
            and binding.frame() is tree
            and isinstance(statement, nodes.Assign | nodes.AnnAssign)
        ):
            yield name, statement


def _known(value: nodes.NodeNG, resolver: TargetResolver) -> list[object]:
    """What ``value`` infers to, or nothing where some of it is unknown."""
    values = resolver.infer(value)
    return [] if value in resolver.partial else values


def _name(klass: object) -> str:
    if isinstance(klass, str):
        return klass
    return klass.qname() if isinstance(klass, nodes.ClassDef) else ""
