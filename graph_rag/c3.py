"""Python's method resolution order (C3 linearisation) over classes known by name.

Both the parser's repository-wide pass (which method a call on an instance runs) and
the store (which ingested base defines a member a class inherits) order a class's
ancestors from facts that name each class's direct bases: they share this.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


class Linearization:
    """Each class's C3 linearisation, computed once from its direct bases (``bases_of``);
    depth-first where the bases admit no consistent order, and a cycle in the facts is
    cut where it closes. A class with no known bases is its own whole order."""

    def __init__(self, bases_of: Callable[[str], Sequence[str]]) -> None:
        self._bases_of = bases_of
        self._orders: dict[str, list[str]] = {}
        self._visiting: set[str] = set()

    def mro(self, klass: str) -> list[str]:
        """``klass`` followed by its ancestors, in the order Python's MRO gives them."""
        if klass in self._orders:
            return self._orders[klass]
        self._visiting.add(klass)
        parents = [b for b in self._bases_of(klass) if b not in self._visiting]
        lines = [self.mro(b) for b in parents]
        self._visiting.discard(klass)
        merged = c3_merge([*lines, parents])
        order = [klass, *(merged if merged is not None else dict.fromkeys(c for line in lines for c in line))]
        self._orders[klass] = order
        return order


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
