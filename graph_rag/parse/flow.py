"""Repository-wide pass: what flows into parameters, and overrides reached through self.

Workers see one file at a time; this pass joins their facts. A call of a
parameter resolves to every function some call site passes for it (followed
through parameters forwarded to other functions), which covers callbacks,
decorator wrappers and higher-order code. A callable kept on ``self`` (slots.py)
is a slot of its class, bound and called like a parameter; the slot is shared
by the class's ancestors and subclasses, since ``self`` may be any of them.
A call through ``self`` to ``C.m`` in a method of class ``R`` also reaches every
override of ``C.m`` in ``R`` or a subclass of ``R`` (dynamic dispatch: ``self``
is an ``R``, so a sibling's override never runs there).
Edges found here carry ``Confidence.NAME``: they are an over-approximation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field

from graph_rag.model import Binding, Call, Confidence, FlowFacts
from graph_rag.parse.calls import param_ref
from graph_rag.parse.slots import expand, is_slot


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


def join(facts: Mapping[str, FlowFacts], counted: Container[str] | None = None) -> FlowResult:
    """Edges for parameter calls and overriding methods, grouped by the caller's module.

    ``facts`` are every module's (by qualified name); parameter calls are counted as
    resolved or not only for the modules in ``counted`` (default: all).
    """
    modules = sorted(facts)
    values = _values(b for m in modules for b in facts[m].bindings)
    overriders: dict[str, list[str]] = defaultdict(list)
    subclasses: dict[str, list[str]] = defaultdict(list)
    bases: dict[str, list[str]] = defaultdict(list)
    for module in modules:
        for edge in facts[module].overrides:
            overriders[edge.overridden].append(edge.method)
        for link in facts[module].inherits:
            subclasses[link.base].append(link.child)
            bases[link.child].append(link.base)
    overriding, below, above = _Reachable(overriders), _Reachable(subclasses), _Reachable(bases)
    result = FlowResult()
    for module in modules:
        found: list[Call] = []
        for pc in facts[module].param_calls:
            owners = [pc.owner]
            if is_slot(pc.param):  # a slot on self: any class self may be stores into it
                owners += [*above.of(pc.owner), *below.of(pc.owner)]
            keys = [param_ref(owner, name) for owner in owners for name in expand(pc.param)]
            targets = sorted({t for key in keys for t in values.get(key, ())})
            if counted is None or module in counted:
                result.resolved_param_calls += bool(targets)
                result.unresolved_param_calls += not targets
            found.extend(Call(pc.caller, target, pc.lineno, Confidence.NAME) for target in targets)
        for sc in facts[module].self_calls:
            # self is an instance of the receiver or of a subclass: a sibling's override
            # never runs there (an unknown receiver lets every override run).
            family = below.of(sc.receiver) if sc.receiver else None
            found.extend(
                Call(sc.caller, method, sc.lineno, Confidence.NAME)
                for method in overriding.of(sc.callee)
                if family is None or (owner := method.rpartition(".")[0]) == sc.receiver or owner in family
            )
        if found:
            result.calls[module] = found
    return result


class _Reachable:
    """What a start reaches along edges, at any depth, in the order found, memoised:
    the overrides of a method, the subclasses of a class (the start itself included)."""

    def __init__(self, edges: Mapping[str, list[str]]) -> None:
        self.edges = edges
        self.known: dict[str, dict[str, None]] = {}

    def of(self, start: str) -> dict[str, None]:
        """Everything ``start`` reaches, excluding itself unless an edge leads back to it
        (a dict: a set that keeps the order)."""
        if start not in self.known:
            stack, found = list(self.edges.get(start, ())), {}
            while stack:
                current = stack.pop()
                if current not in found:
                    found[current] = None
                    stack.extend(self.edges.get(current, ()))
            self.known[start] = found
        return self.known[start]


def moved_modules(before: Mapping[str, FlowFacts], after: Mapping[str, FlowFacts]) -> set[str]:
    """Modules present in both whose joined edges differ between two sets of facts: what a
    change to other modules' facts does to them."""
    old, new = join(before).calls, join(after).calls
    return {m for m in before.keys() & after.keys() if _call_keys(old.get(m)) != _call_keys(new.get(m))}


def _call_keys(calls: list[Call] | None) -> list[tuple[str, str, int]]:
    return sorted((c.caller, c.callee, c.lineno) for c in calls or ())
