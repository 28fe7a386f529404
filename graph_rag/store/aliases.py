"""A library's exported names, followed to the definitions they name.

Code calls a library by the names it exports: ``requests.get``, ``fastapi.APIRouter``,
``django.db.models.Model``. The parser keeps those names (it reads no other repository,
and PyCG names externals so), while the library defines them elsewhere:
``requests.api.get``, ``fastapi.routing.APIRouter``, ``django.db.models.base.Model``.
Once the library is in the graph, its modules' exports (``Module.exports``: what each
module-level import binds) lead from one name to the other, and its classes' INHERITS
edges lead a member a class inherits to the base that defines it
(``fastapi.APIRouter.add_route`` -> ``starlette.routing.Router.add_route``). A name a
module binds to an instance of a class (``Module.instances``, stored among the exports
as ``Class()``) leads its attributes to the class's: ``django.db.models.signals.
post_save.connect`` -> ``...signals.ModelSignal.connect``, which ``Signal`` defines.

Bases are asked in the order of Python's MRO (C3, graph_rag/c3.py), so in a diamond a
sibling that overrides a member wins over the base they share. A base nobody ingested
(its own bases unknown) is asked only when no ingested one defines the member.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence

from graph_rag.c3 import Linearization
from graph_rag.model import Label
from graph_rag.store.graph_store import GraphStore
from graph_rag.store.rows import INSTANCE

MAX_HOPS = 8  # an export of an export of ... (a package re-exporting its subpackage's)
MAX_DEPTH = 8  # levels of bases walked up from a class
MAX_CANDIDATES = 4  # things one name may be bound to, followed at once

Target = tuple[Label, str]  # a node's label and id (an External's id is its qualified name)
Defined = Callable[[Sequence[str]], Mapping[str, Target]]  # the definitions of these names


class ExportedNames:
    """What exported names lead to, read from the graph; answers are cached, so one
    instance serves one write (a repository written meanwhile may change them)."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        # module -> name -> what it binds the name to; None: no module of that name
        self._exports: dict[str, dict[str, list[str]] | None] = {}
        self._bases: dict[str, list[tuple[str, Label]]] = {}  # class -> its bases, in order
        self._labels: dict[str, Label] = {}  # each base's label

    def targets(self, names: Iterable[str], defined: Defined) -> dict[str, tuple[str, Target]]:
        """name -> (qualified name, target) for each name that leads to a definition
        under another name, or to a member of a base nobody ingested (an External named
        by that base). ``defined`` looks definitions up by qualified name. Where a module
        binds a name to one of several things (``try: from .c_ext import x`` / ``except
        ImportError: from .py_impl import x``), the first that the graph defines wins."""
        followed = self.follow(names)
        found = defined(sorted({c for n, cs in followed.items() for c in cs if c != n}))
        result: dict[str, tuple[str, Target]] = {}
        for name, candidates in followed.items():
            hit = next((c for c in candidates if c != name and c in found), None)
            if hit is not None:
                result[name] = (hit, found[hit])
        rest = {n: cs for n, cs in followed.items() if n not in result}
        inherited = self._inherited(sorted({c for cs in rest.values() for c in cs}), defined)
        for name, candidates in rest.items():
            hit = next((c for c in candidates if c in inherited), None)
            if hit is not None:
                result[name] = inherited[hit]
        return result

    def follow(self, names: Iterable[str]) -> dict[str, list[str]]:
        """Each name with the exports it starts with replaced by what they bind, as far
        as they go: ``fastapi.APIRouter.get`` -> [``fastapi.routing.APIRouter.get``]; a
        name bound to several things gives each, in the order the module binds them."""
        done: dict[str, list[str]] = {}
        pending = {name: [name] for name in names}
        for _ in range(MAX_HOPS):
            if not pending:
                break
            self._load_exports({p for dotted in pending.values() for d in dotted for p in _prefixes(d)})
            moved: dict[str, list[str]] = {}
            for name, candidates in pending.items():
                stepped = [s for c in candidates for s in self._step(c)]
                if stepped == candidates:
                    done[name] = candidates
                else:
                    moved[name] = list(dict.fromkeys(stepped))[:MAX_CANDIDATES]
            pending = moved
        return {**done, **pending}

    def _step(self, dotted: str) -> list[str]:
        """One export replaced: the longest prefix that is a module decides (a name it
        does not export is its own, or nothing: ``dotted`` stays). A name holding an
        instance leads its attributes to its class's (``signals.post_save.connect`` ->
        ``signals.ModelSignal.connect``); the instance itself is no definition."""
        parts = dotted.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            exports = self._exports.get(".".join(parts[:cut]))
            if exports is not None:
                rest = parts[cut + 1 :]
                stepped = [
                    ".".join([t.removesuffix(INSTANCE), *rest])
                    for t in exports.get(parts[cut], [])
                    if rest or not t.endswith(INSTANCE)
                ]
                return stepped or [dotted]
        return [dotted]

    def _load_exports(self, modules: set[str]) -> None:
        missing = sorted(m for m in modules if m not in self._exports)
        if not missing:
            return
        for row in self._store.read("module_exports", names=missing):
            if self._exports.get(row["name"]) is None:  # two repositories' module: the first
                self._exports[row["name"]] = json.loads(row["exports"]) if row["exports"] else {}
        for module in missing:
            self._exports.setdefault(module, None)

    def _inherited(self, names: Sequence[str], defined: Defined) -> dict[str, tuple[str, Target]]:
        """``Class.member`` -> where the class's ingested bases define it, for members
        the class does not define itself; else the first base nobody ingested names it
        (what that defines is unknown, so it is asked last: ``Generic[T]`` before a
        class's real base does not take its methods)."""
        members = {n: n.rpartition(".") for n in names if "." in n}
        lines = self._ancestors({owner for owner, _, _ in members.values()})
        candidates = sorted(
            {
                f"{base}.{member}"
                for owner, _, member in members.values()
                for base, label in lines.get(owner, [])
                if label is Label.CLASS
            }
        )
        found = defined(candidates) if candidates else {}
        result: dict[str, tuple[str, Target]] = {}
        for name, (owner, _, member) in members.items():
            line = lines.get(owner, [])
            ingested = (f"{b}.{member}" for b, label in line if label is Label.CLASS)
            defining = next((q for q in ingested if q in found), None)
            outside = next((b for b, label in line if label is Label.EXTERNAL), None)
            if defining is not None:
                result[name] = (defining, found[defining])
            elif outside is not None:
                result[name] = (f"{outside}.{member}", (Label.EXTERNAL, f"{outside}.{member}"))
        return result

    def _ancestors(self, classes: set[str]) -> dict[str, list[tuple[str, Label]]]:
        """Each class's ancestors in MRO order, with their labels."""
        level = set(classes)
        for _ in range(MAX_DEPTH):
            missing = sorted(c for c in level if c not in self._bases)
            if missing:
                first: dict[str, str] = {}
                for row in self._store.read("class_bases", names=missing):
                    if first.setdefault(row["name"], row["class_id"]) == row["class_id"]:
                        self._bases.setdefault(row["name"], []).append((row["base"], Label(row["label"])))
                        self._labels[row["base"]] = Label(row["label"])
                for klass in missing:
                    self._bases.setdefault(klass, [])
            level = {b for c in level for b, label in self._bases[c] if label is Label.CLASS}
            if not level:
                break
        # Bases read so far only: a later call may read further up, so orders are not kept.
        orders = Linearization(lambda klass: [b for b, _ in self._bases.get(klass, ())])
        return {klass: [(b, self._labels[b]) for b in orders.mro(klass)[1:]] for klass in classes}


def _prefixes(dotted: str) -> list[str]:
    """The dotted prefixes that could name a module exporting the next part."""
    parts = dotted.split(".")
    return [".".join(parts[:cut]) for cut in range(1, len(parts))]
