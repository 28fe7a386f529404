"""Edges that follow from two repositories together, derived from the graph.

The parser reads one repository. Within it, a call of a class also calls the class's
``__init__`` (its own or the one it inherits), and a method overrides the nearest
same-named method up the MRO. Where the class, or the base that defines the member,
is in another repository, the parser cannot know either edge:
``flask.app.App.__init__`` builds a werkzeug ``Map``, and ``flask.wrappers.Request.
_load_form_data`` overrides werkzeug's. The store knows both once both repositories
are in the graph, whichever came first.

Such edges carry ``derived: true`` and are recomputed from the graph after every
write that changes it, from nodes (by id, so two copies of a library never mix), bases in C3 order
and the definitions there now: what a library's change or removal no longer implies
goes, and the graph is what a clean ingest of the same repositories gives. A base
nobody ingested is skipped, as ``store/aliases.py`` asks it last.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from graph_rag.c3 import Linearization
from graph_rag.model import Label
from graph_rag.store.graph_store import GraphStore
from graph_rag.store.rows import Row, merged_call_props

INIT = "__init__"

Edge = tuple[str, str]  # source id, target id


@dataclass(frozen=True)
class DerivedChange:
    added: int
    removed: int


class _Hierarchy:
    """Classes by id: their bases in order, their repository and the methods they define."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.bases: dict[str, list[str]] = {}
        self.labels: dict[str, Label] = {}
        self.methods: dict[str, dict[str, str]] = defaultdict(dict)  # class -> name -> id
        self.linked: set[str] = set()  # methods with an OVERRIDES edge the parser gave
        self._orders = Linearization(lambda klass: self.bases.get(klass, ()))

    def load(self, classes: Iterable[str]) -> None:
        """Read these classes and all their ancestors."""
        level = {c for c in classes if c not in self.bases}
        seen: set[str] = set()
        while level:
            seen |= level
            for klass in level:
                self.bases[klass] = []
                self.labels[klass] = Label.CLASS
            for row in self._store.read("class_bases_by_id", ids=sorted(level)):
                self.bases[row["class_id"]].append(row["base"])
                self.labels.setdefault(row["base"], Label(row["label"]))
            bases = {b for c in level for b in self.bases[c] if self.labels[b] is Label.CLASS}
            level = bases - self.bases.keys()
        for row in self._store.read("class_methods_by_id", ids=sorted(seen)):
            self.methods[row["class_id"]][row["name"]] = row["id"]
            if row["overrides"]:
                self.linked.add(row["id"])

    def definer(self, ancestors: Iterable[str], name: str) -> str | None:
        """The id of the first ingested class among ``ancestors`` that defines ``name``."""
        ingested = (c for c in ancestors if self.labels.get(c) is Label.CLASS)
        return next((c for c in ingested if name in self.methods[c]), None)

    def mro(self, klass: str) -> list[str]:
        return self._orders.mro(klass)


def _repo(node_id: str) -> str:
    return node_id.partition(":")[0]


class DerivedEdges:
    """Recompute the derived CALLS and OVERRIDES edges of the whole graph."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store

    def update(self) -> DerivedChange:
        """Write the derived edges the graph implies now and delete those it no longer does."""
        crossing = self._subclasses({row["id"] for row in self._store.read("classes_with_foreign_bases")})
        class_calls = self._store.read("class_calls_crossing_repositories", ids=sorted(crossing))
        hierarchy = _Hierarchy(self._store)
        hierarchy.load(crossing | {row["class"] for row in class_calls})
        calls = _init_calls(class_calls, hierarchy)
        overrides = _overrides(crossing, hierarchy)

        old_calls = {(r["src"], r["dst"]) for r in self._store.read("derived_calls", init=INIT)}
        old_overrides = {(r["src"], r["dst"]) for r in self._store.read("derived_overrides")}
        created: dict[str, list[Row]] = defaultdict(list)
        for (src, dst), (label, props) in sorted(calls.items()):
            if (src, dst) not in old_calls:
                created[f"create_derived_calls_{label.lower()}"].append({"src": src, "dst": dst, **props})
        created["create_derived_overrides"] = _rows(overrides - old_overrides)
        steps = [
            ("delete_derived_calls", _rows(old_calls - calls.keys())),
            ("delete_derived_overrides", _rows(old_overrides - overrides)),
            *sorted(created.items()),
        ]
        # One transaction: a reader sees the derived edges before or after, never half.
        counters = self._store.write_many([(name, {"rows": rows}) for name, rows in steps if rows])
        return DerivedChange(
            added=counters.get("relationships_created", 0), removed=counters.get("relationships_deleted", 0)
        )

    def _subclasses(self, classes: set[str]) -> set[str]:
        """These classes and every class that inherits from them, however deep."""
        found, level = set(classes), set(classes)
        while level:
            rows = self._store.read("direct_subclasses", ids=sorted(level))
            level = {row["id"] for row in rows} - found
            found |= level
        return found


def _init_calls(class_calls: Iterable[Row], hierarchy: _Hierarchy) -> dict[Edge, tuple[str, Row]]:
    """(caller, __init__) -> the caller's label and its call of the class's lines, for calls
    where the class or the __init__ it runs is in another repository than the caller."""
    calls: dict[Edge, tuple[str, Row]] = {}
    for row in class_calls:
        init = hierarchy.definer(hierarchy.mro(row["class"]), INIT)
        if init is None or row["repo_id"] == _repo(row["class"]) == _repo(init):
            continue  # nothing to run, or all in one repository: the parser's to know
        key = (row["src"], hierarchy.methods[init][INIT])
        props = {k: row[k] for k in ("lineno", "lines", "count", "confidence")}
        if key in calls:  # two classes that run one __init__ (``Base()``, ``Sub()``): one edge
            props = merged_call_props(calls[key][1], props)
        calls[key] = (row["label"], props)
    return calls


def _overrides(classes: Iterable[str], hierarchy: _Hierarchy) -> set[Edge]:
    """(method, overridden) for methods of these classes that the parser linked to nothing
    and whose name the first class up the MRO to define it defines in another repository."""
    edges: set[Edge] = set()
    for klass in classes:
        for name, method in hierarchy.methods[klass].items():
            base = hierarchy.definer(hierarchy.mro(klass)[1:], name)
            if method not in hierarchy.linked and base is not None and _repo(base) != _repo(klass):
                edges.add((method, hierarchy.methods[base][name]))
    return edges


def _rows(edges: Iterable[Edge]) -> list[Row]:
    return [{"src": src, "dst": dst} for src, dst in sorted(edges)]
