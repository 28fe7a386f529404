"""Repository-wide pass: what flows into parameters, and overrides reached through self.

Workers see one file at a time; this pass joins their facts. A call of a
parameter resolves to every function some call site passes for it (followed
through parameters forwarded to other functions), which covers callbacks,
decorator wrappers and higher-order code. A call through ``self`` to ``C.m``
also reaches every override of ``C.m`` in a subclass (dynamic dispatch).
Edges found here carry ``Confidence.NAME``: they are an over-approximation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph_rag.model import Call, Confidence, Overrides
from graph_rag.parse.calls import Binding, ParamCall, SelfCall, param_ref


@dataclass(slots=True)
class FlowResult:
    calls: dict[str, list[Call]] = field(default_factory=dict)  # by caller module
    resolved_param_calls: int = 0
    unresolved_param_calls: int = 0


def _values(bindings: Iterable[Binding]) -> dict[str, set[str]]:
    """Function qualnames each parameter (``owner\\x00param``) may hold, to a fixpoint."""
    direct: dict[str, set[str]] = defaultdict(set)
    forwarded: dict[str, set[str]] = defaultdict(set)
    for b in bindings:
        key = param_ref(b.function, b.param)
        (forwarded if "\x00" in b.value else direct)[key].add(b.value)
    resolved: dict[str, set[str]] = {}

    def visit(key: str, path: frozenset[str]) -> set[str]:
        if key in resolved:
            return resolved[key]
        found = set(direct.get(key, ()))
        for source in forwarded.get(key, ()):
            if source not in path:
                found |= visit(source, path | {source})
        if not path - {key}:  # memoise only complete answers (no cycle cut below the root)
            resolved[key] = found
        return found

    return {key: visit(key, frozenset({key})) for key in {*direct, *forwarded}}


def join(
    param_calls: Iterable[tuple[str, ParamCall]],
    bindings: Iterable[Binding],
    self_calls: Iterable[tuple[str, SelfCall]],
    overrides: Iterable[Overrides],
) -> FlowResult:
    """Edges for parameter calls and overriding methods, grouped by the caller's module."""
    values = _values(bindings)
    result = FlowResult()
    for module, pc in param_calls:
        targets = sorted(values.get(param_ref(pc.owner, pc.param), ()))
        if targets:
            result.resolved_param_calls += 1
        else:
            result.unresolved_param_calls += 1
        for target in targets:
            result.calls.setdefault(module, []).append(Call(pc.caller, target, pc.lineno, Confidence.NAME))
    overriders: dict[str, list[str]] = defaultdict(list)
    for edge in overrides:
        overriders[edge.overridden].append(edge.method)
    for module, sc in self_calls:
        stack, seen = list(overriders.get(sc.callee, ())), set()
        while stack:
            method = stack.pop()
            if method in seen:
                continue
            seen.add(method)
            stack.extend(overriders.get(method, ()))
            result.calls.setdefault(module, []).append(Call(sc.caller, method, sc.lineno, Confidence.NAME))
    return result
