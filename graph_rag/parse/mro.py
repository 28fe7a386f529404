"""Which method a call on an instance runs, from the repository's facts alone.

The repository-wide pass (flow.py) knows classes by name: their bases (INHERITS, in
order) and the methods each defines. A call on an instance of ``C`` runs the first
definition along ``C``'s C3 linearisation, as Python's MRO; from ``super()`` in class
``M``, the first one after ``M`` in it. A value of a builtin type (``builtins.str``)
looks its method up on the running interpreter's builtins.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping

BUILTINS = "builtins."


class MethodLookup:
    """The method a call on an instance of a class runs: the first class of its C3 MRO
    (the repository's classes, as the facts name them) that defines it."""

    def __init__(self, bases: Mapping[str, list[str]], methods: set[str]) -> None:
        self.bases = bases
        self.methods = methods
        self.orders: dict[str, list[str]] = {}
        self._visiting: set[str] = set()

    def find(self, klass: str, method: str, after: str = "") -> str | None:
        """``method`` as an instance of ``klass`` finds it, or, from ``super()`` in class
        ``after``, the definition its MRO gives next after that class (None if not in it)."""
        if klass.startswith(BUILTINS) and not after:
            return builtin_method(klass.removeprefix(BUILTINS), method)
        order = self.mro(klass)
        if after:
            if after not in order:
                return None
            order = order[order.index(after) + 1 :]
        return next((f"{c}.{method}" for c in order if f"{c}.{method}" in self.methods), None)

    def mro(self, klass: str) -> list[str]:
        """The class's C3 linearisation (depth-first where its bases admit none), each
        class's computed once; a cycle in the facts is cut where it closes."""
        if klass in self.orders:
            return self.orders[klass]
        self._visiting.add(klass)
        parents = [b for b in self.bases.get(klass, ()) if b not in self._visiting]
        lines = [self.mro(b) for b in parents]
        self._visiting.discard(klass)
        merged = c3_merge([*lines, parents])
        order = [klass, *(merged if merged is not None else dict.fromkeys(c for line in lines for c in line))]
        self.orders[klass] = order
        return order


def builtin_method(kind: str, method: str) -> str | None:
    """``str.split`` for a string's ``split``: the builtin type of that name that defines
    it (its MRO's), as astroid names it; None where only ``object`` does, and for the
    protocol methods (a loop over a list runs no code of anyone's: no edge, as at parse time)."""
    found = getattr(builtins, kind, None)
    if not isinstance(found, type) or method.startswith("__"):
        return None
    owner = next((k for k in found.__mro__ if method in vars(k)), object)
    if owner is object or not callable(vars(owner)[method]):  # ``int.real`` is no method
        return None
    return f"{BUILTINS}{owner.__name__}.{method}"


def c3_merge(lines: list[list[str]]) -> list[str] | None:
    """C3 linearisation's merge; None where the bases admit no consistent order."""
    lines = [list(line) for line in lines if line]
    order: list[str] = []
    while lines:
        head = next((line[0] for line in lines if not any(line[0] in other[1:] for other in lines)), None)
        if head is None:
            return None
        order.append(head)
        lines = [rest for line in lines if (rest := line[1:] if line[0] == head else line)]
    return order
