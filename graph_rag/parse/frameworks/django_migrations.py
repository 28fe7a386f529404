"""Django's data migrations: what the functions ``RunPython`` runs are given.

``migrations.RunPython(forwards, backwards)`` calls ``forwards(apps, schema_editor)``
with the historical app registry (``from_state.apps``, a ``StateApps``) and the
connection's schema editor (``RunPython.database_forwards``). Nothing in the function
says so, so astroid inferred neither parameter, and every call in a data migration
(``apps.get_model("shop", "Order")``, then ``Order.objects.filter(...)``) was
unresolved. Here the first two positional parameters of a function that its module
passes to Django's ``RunPython`` (as ``code`` or ``reverse_code``) are instances of
``StateApps`` and of ``BaseDatabaseSchemaEditor``, the base class of every backend's
editor (a backend's override is not guessed, as for connections).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from astroid import nodes
from astroid.context import InferenceContext
from astroid.exceptions import AstroidError, UseInferenceDefault
from astroid.inference_tip import inference_tip

from graph_rag.parse.frameworks.lookup import (
    Remembered,
    bound_by_call,
    load_class,
    parameter_position,
    remembered,
)
from graph_rag.parse.names import last_name

RUN_PYTHON = "django.db.migrations.operations.special.RunPython"
# What RunPython passes, by position: (module, class).
PASSED = (
    ("django.db.migrations.state", "StateApps"),
    ("django.db.backends.base.schema", "BaseDatabaseSchemaEditor"),
)
_CODE_KEYWORDS = frozenset({"code", "reverse_code"})

# A module's functions passed to RunPython -> the calls that pass them, found once per module.
_passed: Remembered[nodes.Module, dict[nodes.FunctionDef, list[nodes.Call]]] = {}


def forget() -> None:
    _passed.clear()


def _passed_functions(module: nodes.Module) -> dict[nodes.FunctionDef, list[nodes.Call]]:
    return remembered(_passed, module, lambda: _find_passed_functions(module))


def _find_passed_functions(module: nodes.Module) -> dict[nodes.FunctionDef, list[nodes.Call]]:
    found: dict[nodes.FunctionDef, list[nodes.Call]] = {}
    # Only a module that names RunPython or Django's migrations package can call it;
    # the others are never walked.
    if "RunPython" in module.locals or "migrations" in module.locals:
        for call in module.nodes_of_class(nodes.Call):
            if last_name(call.func) != "RunPython":
                continue
            given = [*call.args[:2], *(k.value for k in call.keywords or () if k.arg in _CODE_KEYWORDS)]
            for name in given:
                if isinstance(name, nodes.Name):
                    for bound in name.lookup(name.name)[1]:
                        if isinstance(bound, nodes.FunctionDef):
                            found.setdefault(bound, []).append(call)
    return found


def _position(node: nodes.AssignName) -> int | None:
    """Which of the parameters RunPython passes ``node`` is, if it is one."""
    position = parameter_position(node)
    return position if position is not None and position < len(PASSED) else None


def _is_run_python_parameter(node: nodes.AssignName) -> bool:
    if not isinstance(node.parent, nodes.Arguments) or not isinstance(node.parent.parent, nodes.FunctionDef):
        return False
    return _position(node) is not None and node.parent.parent in _passed_functions(node.root())


def _infer_parameter(node: nodes.AssignName, context: InferenceContext | None = None) -> Iterator[Any]:
    """An instance of what Django's RunPython passes at this parameter's position."""
    if bound_by_call(node, context):  # a call's argument says what it holds
        raise UseInferenceDefault
    position = _position(node)
    calls = _passed_functions(node.root()).get(node.parent.parent, [])
    try:
        djangos = any(_is_run_python(call) for call in calls)
    except AstroidError as exc:
        raise UseInferenceDefault from exc
    klass = load_class(*PASSED[position]) if djangos and position is not None else None
    if klass is None:
        raise UseInferenceDefault
    return iter([klass.instantiate_class()])


def _is_run_python(call: nodes.Call) -> bool:
    """Whether ``call`` makes Django's RunPython (not a class of the same name)."""
    return any(isinstance(made, nodes.ClassDef) and made.qname() == RUN_PYTHON for made in call.func.infer())


TIPS = ((nodes.AssignName, inference_tip(_infer_parameter), _is_run_python_parameter),)
