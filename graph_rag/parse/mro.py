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

from graph_rag.c3 import Linearization

BUILTINS = "builtins."


class MethodLookup:
    """The method a call on an instance of a class runs: the first class of its C3 MRO
    (the repository's classes, as the facts name them) that defines it."""

    def __init__(self, bases: Mapping[str, list[str]], methods: set[str]) -> None:
        self.bases = bases
        self.methods = methods
        self._orders = Linearization(lambda klass: bases.get(klass, ()))

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
        """The class's C3 linearisation (graph_rag/c3.py), each class's computed once."""
        return self._orders.mro(klass)


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
