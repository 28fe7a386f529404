"""Write parsed files into the graph: batched, idempotent, one transaction per chunk.

A chunk of files is replaced in ONE transaction (a reader sees each file's old
version or its new one, never half): the definitions a file no longer has are
deleted (edges other files had into them are pointed at External stand-ins),
its outgoing edges are dropped, its nodes are MERGEd by stable id and its edges
created again. Everything is keyed by id, so writing the same files twice
leaves the same graph, and a run killed half-way converges when re-run.

Edge targets are resolved at write time: a definition already in the graph
(this repository first, then any other), else an ``External`` stand-in named by
its qualified name. ``relink`` later points stand-ins at definitions that
arrived since, which is how cross-repository links form in either order.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field

from graph_rag.model import Call, FlowFacts, Imports, Label, ParsedFile, RelType, Repository, node_id
from graph_rag.store.aliases import MAX_HOPS, ExportedNames
from graph_rag.store.derived import DerivedChange, DerivedEdges
from graph_rag.store.graph_store import GraphStore
from graph_rag.store.rows import (
    Row,
    call_props,
    class_row,
    flow_from_json,
    function_row,
    import_props,
    inherits_props,
    module_row,
    parse_written_entry,
    repository_row,
    written_entry,
)

# Rows per transaction: large enough to amortise round-trips (measured: 5,000-row
# UNWIND batches write ~2x faster than 1,000-row ones on the local server).
CHUNK_ROWS = 5000

_EDGE_SOURCES = {
    RelType.CALLS: (Label.FUNCTION, Label.MODULE),
    RelType.IMPORTS: (Label.MODULE,),
    RelType.INHERITS: (Label.CLASS,),
    RelType.OVERRIDES: (Label.FUNCTION,),
}


@dataclass
class WriteStats:
    files: int = 0
    nodes: int = 0
    relationships: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    deleted_definitions: int = 0
    seconds: float = 0.0

    def add(self, other: WriteStats) -> None:
        self.files += other.files
        self.nodes += other.nodes
        self.relationships += other.relationships
        self.deleted_definitions += other.deleted_definitions
        self.seconds += other.seconds
        for key, value in other.by_type.items():
            self.count(key, value)

    def count(self, rel: RelType, amount: int) -> None:
        """Add ``amount`` edges of one type; a type none were written of stays out."""
        if amount:
            self.by_type[rel] = self.by_type.get(rel, 0) + amount


def defined_as(store: GraphStore, symbol: str) -> str | None:
    """The qualified name an ingested library defines ``symbol`` under, where ``symbol`` is
    a name it exports (``requests.get`` -> ``requests.api.get``) or a member one of its
    classes inherits (``flask.Flask.route`` -> ``flask.sansio.scaffold.Scaffold.route``);
    None where ``symbol`` is itself defined (an override is not the member it overrides)
    or leads nowhere."""
    resolver = TargetResolver(store, "", {})
    if resolver.definitions([symbol]):
        return None
    found = resolver.exported([symbol]).get(symbol)
    return found[0] if found else None


class TargetResolver:
    """Qualified name -> (label, id) of the node an edge should point at: a definition
    of that name, else the one an exported name leads to (store/aliases.py), else an
    External stand-in of that name."""

    def __init__(self, store: GraphStore, repo_id: str, known: Mapping[str, Label]) -> None:
        self._store = store
        self._repo_id = repo_id
        self.known: dict[str, Label] = dict(known)  # ids present in the graph
        self._elsewhere: dict[str, tuple[Label, str] | None] = {}
        self._exported = ExportedNames(store)
        self._renamed: dict[str, tuple[Label, str] | None] = {}  # exported names, followed
        self._pending: dict[str, Label] = {}  # qualified names this run writes, by label

    def add(self, ids: Mapping[str, Label]) -> None:
        self.known.update(ids)

    def expect(self, names: Mapping[str, Label]) -> None:
        """Qualified names this run defines: until their chunk is written, an edge to one
        is a stand-in that relink points at it, never another repository's copy of it."""
        self._pending.update(names)

    def waiting(self, name: str) -> Label | None:
        """The label of a definition this run writes later under ``name`` or a prefix of it
        (a member of a class still to come is looked up once the class is there)."""
        prefix = name
        while True:
            label = self._pending.get(prefix)
            if label is not None and node_id(self._repo_id, prefix) not in self.known:
                return label if prefix == name else Label.EXTERNAL
            if "." not in prefix:
                return None
            prefix = prefix.rpartition(".")[0]

    def forget(self, ids: Iterable[str]) -> None:
        for gone in ids:
            self.known.pop(gone, None)

    def resolve(self, names: Iterable[str]) -> dict[str, tuple[Label, str]]:
        unique = sorted(set(names))
        found = self.definitions(unique)
        for name in unique:
            if name not in found and self.waiting(name):
                found[name] = (Label.EXTERNAL, name)
        missing = [n for n in unique if n not in found and n not in self._renamed]
        followed = self.exported(missing)
        self._renamed.update((name, followed[name][1] if name in followed else None) for name in missing)
        for name in unique:
            if name not in found:
                found[name] = self._renamed[name] or (Label.EXTERNAL, name)
        return found

    def exported(self, names: Iterable[str]) -> dict[str, tuple[str, tuple[Label, str]]]:
        """name -> (qualified name, (label, id)) for names that lead to a definition (or a
        base's stand-in) under another name: ``requests.get`` -> ``requests.api.get``."""
        return self._exported.targets(names, self.definitions)

    def definitions(self, names: Sequence[str]) -> dict[str, tuple[Label, str]]:
        """The definitions of these qualified names (this repository's first), by name;
        names nothing defines are left out."""
        found: dict[str, tuple[Label, str]] = {}
        unknown: list[str] = []
        for name in names:
            local = node_id(self._repo_id, name)
            if local in self.known:
                found[name] = (self.known[local], local)
            elif self.waiting(name):
                continue
            elif name in self._elsewhere:
                if (hit := self._elsewhere[name]) is not None:
                    found[name] = hit
            else:
                unknown.append(name)
        if unknown:
            for label, query in (
                (Label.FUNCTION, "resolve_functions"),
                (Label.CLASS, "resolve_classes"),
                (Label.MODULE, "resolve_modules"),
            ):
                for row in self._store.read(query, names=unknown):
                    if row["id"] == node_id(self._repo_id, row["name"]):
                        # This repository's own definition, not among the ids the writer
                        # was given (a re-ingest knows only its changed files' ids).
                        self.known.setdefault(row["id"], label)
                    else:
                        self._elsewhere.setdefault(row["name"], (label, row["id"]))
            for name in unknown:
                local = node_id(self._repo_id, name)
                if local in self.known:
                    found[name] = (self.known[local], local)
                elif (hit := self._elsewhere.setdefault(name, None)) is not None:
                    found[name] = hit
        return found


def _own_labels(file: ParsedFile) -> dict[str, Label]:
    labels = {file.module.qualname: Label.MODULE}
    labels.update((c.qualname, Label.CLASS) for c in file.classes)
    labels.update((f.qualname, Label.FUNCTION) for f in file.functions)
    return labels


def _written(names: Sequence[str], label: Label, dst: str, entries: Sequence[str] = ()) -> Row:
    """The edge's ``written`` property where a name the code wrote for its target is not
    the target's own (an exported name, an inherited member: ``lib.get`` for
    ``lib.http.api.get``): for a CALLS edge one entry per name with its lines, count and
    confidence (rows.written_entry), for INHERITS the name. relink() follows the names
    again when their library changes, splitting the edge by name where they part, and a
    stand-in that replaces a deleted target is named by them."""
    qualname = dst if label is Label.EXTERNAL else dst.partition(":")[2]
    return {} if list(names) == [qualname] else {"written": list(entries or names)}


def _source(qualname: str, own: Mapping[str, Label]) -> tuple[str, Label]:
    """The nearest definition of this file enclosing ``qualname`` (a lambda -> its scope)."""
    name = qualname
    while name not in own and "." in name:
        name = name.rpartition(".")[0]
    return (name, own[name]) if name in own else (qualname, Label.MODULE)


def file_rows(file: ParsedFile) -> int:
    return (
        1
        + len(file.classes)
        + len(file.functions)
        + len(file.defines)
        + len(file.calls)
        + len(file.imports)
        + len(file.inherits)
        + len(file.overrides)
    )


def chunk_files(files: Sequence[ParsedFile], max_rows: int = CHUNK_ROWS) -> list[list[ParsedFile]]:
    chunks: list[list[ParsedFile]] = [[]]
    rows = 0
    for file in files:
        size = file_rows(file)
        if chunks[-1] and rows + size > max_rows:
            chunks.append([])
            rows = 0
        chunks[-1].append(file)
        rows += size
    return [chunk for chunk in chunks if chunk]


# Edges into stand-ins that a definition of each label replaces.
_RELINKS = (
    ("relink_calls_to_function", Label.FUNCTION),
    ("relink_calls_to_class", Label.CLASS),
    ("relink_inherits_to_class", Label.CLASS),
    ("relink_imports_to_module", Label.MODULE),
)


class GraphWriter:
    """The ingest's write side; one writer at a time (the local server refuses
    concurrent MERGE of one new key, and transactions touching the same pages retry)."""

    def __init__(
        self,
        store: GraphStore,
        *,
        chunk_rows: int = CHUNK_ROWS,
        links_lock: Callable[[], AbstractContextManager[None]] = nullcontext,
    ) -> None:
        self.store = store
        self.chunk_rows = chunk_rows
        self._links_lock = links_lock  # held while writing and relinking (graph_rag/locks.links_lock)
        self._holding = False
        self._pending_modules: set[str] = set()
        # Qualified names of definitions new to the graph, by label: what relink() looks for.
        self._fresh: dict[Label, set[str]] = defaultdict(set)
        self._later_overrides: list[Row] = []  # OVERRIDES into a later chunk of this run
        self._deleted = False  # stand-ins may have lost their last edge
        self._wrote = False  # files written since the last relink
        self._deleted_modules: set[str] = set()  # qualnames of the modules deleted since
        self.derived = DerivedChange(0, 0)  # what the last relink or removal changed

    # -- what is there already -------------------------------------------------------

    def existing_modules(self, repo_id: str) -> dict[str, tuple[str, str]]:
        """path -> (module id, sha256) of what the graph holds for a repository."""
        rows = self.store.read("repository_modules", repo_id=repo_id)
        return {row["path"]: (row["id"], row["sha256"]) for row in rows}

    def dependent_modules(self, repo_id: str, module_ids: Sequence[str], names: Sequence[str]) -> set[str]:
        """Ids of the repository's other modules whose edges may have been inferred through
        these stored modules or these module names (changed, deleted or added): those whose
        parse looked one of the names up (or that were stored before lookups were recorded),
        and those with CALLS / INHERITS / OVERRIDES edges into the modules' definitions."""
        if not names:
            return set()
        found = {
            row["id"]
            for row in self.store.read("modules_reading", repo_id=repo_id, module_ids=module_ids, names=names)
        }
        if module_ids:
            found |= {
                row["id"]
                for row in self.store.read("dependent_modules", repo_id=repo_id, module_ids=module_ids)
            }
        return found

    def stored_flow(self, repo_id: str) -> dict[str, tuple[str, FlowFacts | None]]:
        """path -> (module qualname, the flow facts stored with it; None where the module
        was ingested before they were stored, or stored them in an older shape)."""
        rows = self.store.read("repository_flow", repo_id=repo_id)
        return {
            row["path"]: (row["qualname"], flow_from_json(row["flow"]) if row["flow"] else None)
            for row in rows
        }

    def existing_ids(self, repo_id: str) -> dict[str, Label]:
        rows = self.store.read("repository_symbols", repo_id=repo_id)
        ids = {row["id"]: Label(row["label"]) for row in rows}
        ids.update((mid, Label.MODULE) for mid, _ in self.existing_modules(repo_id).values())
        return ids

    def existing_ids_in(self, module_ids: Sequence[str]) -> dict[str, Label]:
        """Ids of the classes and functions some modules define (a re-ingest's changed files)."""
        rows = self.store.read("module_symbols", module_ids=list(module_ids)) if module_ids else []
        return {row["id"]: Label(row["label"]) for row in rows}

    def repository_state(self, repo_id: str) -> dict[str, object] | None:
        rows = self.store.read("repository_state", id=repo_id)
        return rows[0] if rows else None

    # -- writes ------------------------------------------------------------------------

    def upsert_repository(self, repo: Repository, **extra: object) -> None:
        self.store.write("upsert_repository", id=repo.id, props={**repository_row(repo), **extra})

    def finish_repository(self, repo_id: str, **props: object) -> None:
        self.store.write("finish_repository", id=repo_id, props=props)

    def delete_modules(self, module_ids: Sequence[str]) -> int:
        """Remove files that disappeared, pointing other files' edges into them at stand-ins."""
        if not module_ids:
            return 0
        self._deleted = True
        self._deleted_modules |= {module.partition(":")[2] for module in module_ids}
        stale = self.store.read("stale_definitions", module_ids=list(module_ids), keep=[])
        ids = [row["id"] for row in stale]
        self.store.write_many(
            [
                ("orphan_incoming_calls", {"module_ids": list(module_ids), "ids": ids}),
                ("orphan_incoming_inherits", {"module_ids": list(module_ids), "ids": ids}),
                ("orphan_incoming_imports", {"module_ids": list(module_ids)}),
                ("delete_modules", {"module_ids": list(module_ids)}),
            ]
        )
        return len(module_ids)

    def remove_repository(self, repo_id: str) -> bool:
        """Delete one repository's subgraph; other repositories keep their edges (as stand-ins)."""
        with self.exclusive():
            state = self.repository_state(repo_id)
            if state is None:
                return False
            modules = [mid for mid, _ in self.existing_modules(repo_id).values()]
            modules += [row["id"] for row in self.store.read("uncontained_modules", repo_id=repo_id)]
            # What a removal killed half-way deleted already counts as deleted now.
            removing = {*(state.get("removing") or ()), *(m.partition(":")[2] for m in modules)}  # type: ignore[union-attr]
            self.store.write("mark_removing", id=repo_id, modules=sorted(removing))
            self.delete_modules(modules)
            self._deleted_modules |= removing
            self._deleted = True
            # Names other code wrote that led through the repository lead elsewhere now (a
            # class it re-exported from a third one): relink as after a write of its modules.
            self.relink()
            self.store.write("remove_repository_node", id=repo_id)  # last: until then, rerunnable
        return True

    def write_files(
        self,
        repo_id: str,
        files: Sequence[ParsedFile],
        resolver: TargetResolver,
        *,
        replacing: frozenset[str] = frozenset(),
        on_chunk: Callable[[WriteStats], None] | None = None,
    ) -> WriteStats:
        """Write files chunk by chunk; ``replacing`` holds module ids already in the graph."""
        # Modules this run will write: an import of one not yet written becomes a
        # stand-in edge that relink() points at it once it exists.
        self._pending_modules = {f.module.qualname for f in files}
        resolver.expect({name: label for f in files for name, label in _own_labels(f).items()})
        self._later_overrides = []
        self._wrote = self._wrote or bool(files)
        total = WriteStats()
        for chunk in chunk_files(files, self.chunk_rows):
            stats = self._write_chunk(repo_id, chunk, resolver, replacing)
            total.add(stats)
            if on_chunk is not None:
                on_chunk(stats)
        # Overrides of methods a later chunk wrote: an OVERRIDES edge has no stand-in.
        self._write_chunked("create_overrides_function_function", "rows", self._later_overrides)
        total.count(RelType.OVERRIDES, len(self._later_overrides))
        total.relationships += len(self._later_overrides)
        return total

    def _write_chunk(
        self, repo_id: str, chunk: Sequence[ParsedFile], resolver: TargetResolver, replacing: frozenset[str]
    ) -> WriteStats:
        began = time.perf_counter()
        stats = WriteStats(files=len(chunk))
        steps: list[tuple[str, Mapping[str, object]]] = []

        old = [f.module.id for f in chunk if f.module.id in replacing]
        new_ids: dict[str, Label] = {}
        for file in chunk:
            new_ids[file.module.id] = Label.MODULE
            new_ids.update((c.id, Label.CLASS) for c in file.classes)
            new_ids.update((f.id, Label.FUNCTION) for f in file.functions)
        if old:
            # A name that changed kind (``def f`` -> ``class f``) is a new node: the old one is
            # stale, as MERGE by id under the new label would leave it beside the new one.
            keep = [i for i, label in new_ids.items() if resolver.known.get(i, label) is label]
            stale = self.store.read("stale_definitions", module_ids=old, keep=keep)
            stale_ids = [row["id"] for row in stale]
            stats.deleted_definitions = len(stale_ids)
            self._deleted = self._deleted or bool(stale_ids)
            resolver.forget(stale_ids)
            if stale_ids:
                params = {"module_ids": old, "ids": stale_ids}
                steps += [
                    ("orphan_incoming_calls", params),
                    ("orphan_incoming_inherits", params),
                    ("delete_definitions", params),
                ]
            steps.append(("delete_outgoing_edges", {"module_ids": old}))
            self._deleted = True

        # Nodes first, then the DEFINES edges between them. What is new to the graph
        # is CREATEd with its edges; what exists is updated in place and keeps them.
        fresh = {i for i in new_ids if i not in resolver.known}
        modules = [module_row(f.module, f.flow) for f in chunk]
        classes = [class_row(c, f.module.id) for f in chunk for c in f.classes]
        functions = [function_row(fn, f.module.id) for f in chunk for fn in f.functions]
        steps.append(("upsert_modules", {"rows": [m for m in modules if m["id"] not in fresh]}))
        steps.append(
            ("create_modules", {"repo_id": repo_id, "rows": [m for m in modules if m["id"] in fresh]})
        )
        for label, rows in (("classes", classes), ("functions", functions)):
            # A qualified name defined twice in a file (conditional defs) is one node: the
            # last definition wins, as MERGE + SET did; CREATE needs the ids distinct.
            unique = list({row["id"]: row for row in rows}.values())
            steps.append((f"upsert_{label}", {"rows": [r for r in unique if r["id"] not in fresh]}))
            steps.append((f"create_{label}", {"rows": [r for r in unique if r["id"] in fresh]}))
        stats.nodes = len(modules) + len(classes) + len(functions)
        resolver.add(new_ids)
        for file in chunk:
            for qualname, label in _own_labels(file).items():
                if node_id(repo_id, qualname) in fresh:
                    self._fresh[label].add(qualname)

        # One DEFINES edge per pair: a name defined twice (``if/else: def f``, a property's
        # getter and setter) is one node, and a second edge counted it twice.
        defines: dict[str, dict[tuple[str, str], Row]] = defaultdict(dict)
        for file in chunk:
            own = _own_labels(file)
            for edge in file.defines:
                if edge.parent in own and edge.child in own and node_id(repo_id, edge.child) in fresh:
                    key = f"define_{own[edge.parent].value.lower()}_{own[edge.child].value.lower()}"
                    src, dst = node_id(repo_id, edge.parent), node_id(repo_id, edge.child)
                    defines[key][(src, dst)] = {"src": src, "dst": dst}
        for name, pairs in sorted(defines.items()):
            steps.append((name, {"rows": list(pairs.values())}))
            stats.count(RelType.DEFINES, len(pairs))
        stats.count(RelType.CONTAINS, len(modules))

        edge_rows, externals = self._edge_rows(repo_id, chunk, resolver)
        if externals:
            rows = [{"id": q, "name": q.rpartition(".")[2]} for q in sorted(externals)]
            steps.append(("merge_externals", {"rows": rows}))
            stats.nodes += len(rows)
        for (rel, src_label, dst_label), rows in sorted(edge_rows.items()):
            steps.append((f"create_{rel.lower()}_{src_label.lower()}_{dst_label.lower()}", {"rows": rows}))
            stats.count(rel, len(rows))

        self.store.write_many([(name, params) for name, params in steps if params.get("rows", True)])
        stats.relationships = sum(stats.by_type.values())
        stats.seconds = time.perf_counter() - began
        return stats

    def _edge_rows(
        self, repo_id: str, chunk: Sequence[ParsedFile], resolver: TargetResolver
    ) -> tuple[dict[tuple[str, str, str], list[Row]], set[str]]:
        # "from pkg import mod" imports the module pkg.mod when there is one.
        submodules = {f"{i.target}.{n}" for f in chunk for i in f.imports for n in i.names}
        targets = resolver.resolve(
            [c.callee for f in chunk for c in f.calls]
            + [i.target for f in chunk for i in f.imports]
            + list(submodules)
            + [i.base for f in chunk for i in f.inherits]
            + [o.overridden for f in chunk for o in f.overrides]
        )
        rows: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
        externals: set[str] = set()

        def add(
            rel: RelType,
            src: tuple[str, Label],
            target: str,
            props: Row,
            names: Sequence[str] = (),
            entries: Sequence[str] = (),
        ) -> None:
            label, dst = targets[target]
            names = names or [target]
            if src[1] not in _EDGE_SOURCES[rel]:
                return
            if rel == RelType.OVERRIDES and resolver.waiting(target) is Label.FUNCTION:
                self._later_overrides.append(
                    {"src": node_id(repo_id, src[0]), "dst": node_id(repo_id, target)}
                )
                return
            if rel == RelType.OVERRIDES and label is not Label.FUNCTION:
                return  # an override of something never ingested says nothing useful
            if rel == RelType.INHERITS and label not in (Label.CLASS, Label.EXTERNAL):
                label, dst = Label.EXTERNAL, target
            if rel == RelType.CALLS and label is Label.MODULE:
                label, dst = Label.EXTERNAL, target
            if rel == RelType.IMPORTS and label not in (Label.MODULE, Label.EXTERNAL):
                label, dst = Label.EXTERNAL, target
            if label is Label.EXTERNAL:
                externals.add(dst)  # the name written, or the base's a member is inherited from
            rows[(rel, src[1].value, label.value)].append(
                {"src": node_id(repo_id, src[0]), "dst": dst, **props, **_written(names, label, dst, entries)}
            )

        for file in chunk:
            own = _own_labels(file)
            calls: dict[tuple[str, str], list[Call]] = defaultdict(list)
            for call in file.calls:
                label, dst = targets[call.callee]
                # one edge per definition called, by whichever names (``requests.get`` and
                # ``requests.api.get``); a module called is a stand-in of the name written
                key = call.callee if label is Label.MODULE else dst
                calls[(_source(call.caller, own)[0], key)].append(call)
            for (caller, _), group in calls.items():
                names = sorted({c.callee for c in group})
                add(
                    RelType.CALLS,
                    (caller, own.get(caller, Label.MODULE)),
                    group[0].callee,
                    call_props(group),
                    names,
                    # sorted as whole strings, as cypher/ingest.cypher sorts them when it merges
                    sorted(written_entry(n, call_props(c for c in group if c.callee == n)) for n in names),
                )
            imports: dict[str, list[Imports]] = defaultdict(list)
            for imp in file.imports:
                imports[imp.target].append(imp)
                for name in imp.names:
                    # The submodule of that very name only: a module re-exported under it
                    # (``from pkg.app import cli``, ``cli`` being ``pkg.cli``) is found only
                    # once pkg.app is stored, so the edge would depend on the write order.
                    sub = f"{imp.target}.{name}"
                    label, dst = targets[sub]
                    if (label is Label.MODULE and dst.endswith(f":{sub}")) or sub in self._pending_modules:
                        imports[f"{imp.target}.{name}"].append(
                            Imports(imp.module, imp.target, (), imp.lineno)
                        )
            for target, group in imports.items():
                if target == file.module.qualname:  # ``from . import utils`` in a package's __init__
                    continue  # imports pkg.utils (kept above), not the package from itself
                add(RelType.IMPORTS, (file.module.qualname, Label.MODULE), target, import_props(group))
            for edge in file.inherits:
                if edge.child in own:
                    add(RelType.INHERITS, (edge.child, own[edge.child]), edge.base, inherits_props(edge))
            for edge in file.overrides:
                if edge.method in own:
                    add(RelType.OVERRIDES, (edge.method, own[edge.method]), edge.overridden, {})
        return rows, externals

    def resume(self, known: Mapping[str, Label]) -> None:
        """A killed run may have written definitions and died before relink(): count every
        definition already in the graph as new, so relink() points stand-ins at them too."""
        for node, label in known.items():
            self._fresh[label].add(node.partition(":")[2])

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the links lock across a whole write (an ingest's write stage, a removal):
        edges resolved against other repositories are written before anything else writes.
        A library written between a dependant's resolve and its write left the dependant's
        edges on stand-ins nobody relinked; one removed then made its edges vanish."""
        if self._holding:
            yield
            return
        with self._links_lock():
            self._holding = True
            try:
                yield
            finally:
                self._holding = False

    def relink(self) -> None:
        """Point edges at External stand-ins to the definitions this writer created; drop unused ones."""
        with self.exclusive():
            prefixes = self._written_prefixes()
            for query, label in _RELINKS:
                self._write_pairs(query, [{"external": n, "qualname": n} for n in sorted(self._fresh[label])])
            relinked = self._relink_exported(prefixes)
            # Then the names written that lead elsewhere now, until none does: a move can
            # change what another name leads to (a subclass's base was a stand-in).
            for _ in range(MAX_HOPS):
                moved = self._unlink_moved_names(prefixes)
                if moved is None:
                    break
                self._write_relinks(moved)
                relinked = self._relink_exported(prefixes) or relinked
            changed = self._wrote or any(self._fresh.values()) or self._deleted or relinked
            # After the relinks (a stand-in just pointed at a class may make one), and only
            # where the graph changed: over Django + allauth it reads for about a second.
            self.derived = DerivedEdges(self.store).update() if changed else DerivedChange(0, 0)
            if any(self._fresh.values()) or self._deleted or relinked:
                self.store.write("delete_unused_externals")
        self._fresh.clear()
        self._deleted = False
        self._wrote = False
        self._deleted_modules.clear()

    def _written_prefixes(self) -> list[str]:
        """The dotted prefixes of names whose targets the modules just written may change:
        their packages', and those of other repositories' modules that re-export from
        them, or from such a module (fastapi re-exports fastapi.requests, which
        re-exports starlette's)."""
        written = self._pending_modules | self._fresh[Label.MODULE] | self._deleted_modules
        packages = {f"{m.partition('.')[0]}." for m in written}
        prefixes, frontier = set(packages), set(packages)
        for _ in range(MAX_HOPS):
            if not frontier:
                break
            exporting = self.store.read("modules_exporting_into", prefixes=sorted(frontier))
            frontier = {f"{row['name']}." for row in exporting} - prefixes
            prefixes |= frontier
        # A prefix under another one adds nothing (django.db.models. under django.).
        return sorted(p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes))

    def _unlink_moved_names(self, prefixes: Sequence[str]) -> dict[Label, list[Row]] | None:
        """Edges whose code named their target otherwise (``written``: an exported name, an
        inherited member) where a name, under ``prefixes``, now leads elsewhere (the class
        gained its own ``__init__``; the package re-exports another function): split them
        by name into stand-ins of the names written, each with its own lines, as a clean
        ingest would write them before linking. Returns the relink pairs that point those
        stand-ins where their names lead now, by label; None where no edge moved."""
        rows = self.store.read("aliased_edges_under", prefixes=list(prefixes)) if prefixes else []
        if not rows:
            return None
        now = TargetResolver(self.store, "", {}).resolve(
            {parse_written_entry(entry)[0] for row in rows for entry in row["written"]}
        )
        unlinked: dict[str, list[Row]] = defaultdict(list)
        standins: dict[str, list[Row]] = defaultdict(list)
        pairs: dict[Label, dict[str, Row]] = defaultdict(dict)
        for row in rows:
            names = [parse_written_entry(entry) for entry in row["written"]]
            targets = {name: self._reached(name, now[name], row["type"]) for name, _ in names}
            if all(target == (row["target_label"], row["qualname"]) for target in targets.values()):
                continue
            kind = f"{row['type'].lower()}_from_{row['label'].lower()}"
            unlinked[f"unlink_{kind}"].append(
                {"src": row["src"], "dst": row["dst"], "position": row["position"]}
            )
            if row["type"] == RelType.INHERITS:
                names = [(name, {"position": row["position"]}) for name, _ in names]
            for name, props in names:
                standins[f"standin_{kind}"].append(
                    {"src": row["src"], "name": name, "short": name.rpartition(".")[2], **props}
                )
                label, qualname = targets[name]
                if qualname != name or label != Label.EXTERNAL:  # not left on its own stand-in
                    pairs[Label(label)][name] = {
                        "external": name,
                        "qualname": qualname,
                        "name": qualname.rpartition(".")[2],
                    }
        if not unlinked:
            return None
        # One transaction: a run killed here keeps each edge or its stand-ins, never neither
        # (the callers' repositories are not parsed again to bring an edge back).
        self.store.write_many(
            [(q, {"rows": edges}) for q, edges in sorted(unlinked.items())]
            + [(q, {"rows": edges}) for q, edges in sorted(standins.items())]
        )
        self._deleted = True
        return {label: [found[n] for n in sorted(found)] for label, found in pairs.items()}

    @staticmethod
    def _reached(name: str, target: tuple[Label, str], rel: str) -> tuple[str, str]:
        """(label, qualified name) of what an edge written ``name`` points at, as _edge_rows
        writes it: a module called, or a base that is neither a class nor a stand-in, is a
        stand-in of the name."""
        label, node = target
        if label is Label.MODULE or (rel == RelType.INHERITS and label not in (Label.CLASS, Label.EXTERNAL)):
            return Label.EXTERNAL.value, name
        return label.value, node if label is Label.EXTERNAL else node.partition(":")[2]

    def _relink_exported(self, prefixes: Sequence[str]) -> bool:
        """Stand-ins named by what the modules just written export (``requests.get``,
        written by code ingested before requests was), by what another repository's
        modules re-export from them, or by a member their classes inherit: point their
        edges at the definition (or at the base's stand-in)."""
        if not prefixes:
            return False
        names = [row["id"] for row in self.store.read("externals_under", prefixes=list(prefixes))]
        resolver = TargetResolver(self.store, "", {})
        pairs: dict[Label, list[Row]] = defaultdict(list)
        for name, (qualname, (label, _)) in sorted(resolver.exported(names).items()):
            pairs[label].append({"external": name, "qualname": qualname, "name": qualname.rpartition(".")[2]})
        self._write_relinks(pairs)
        return any(pairs.values())

    def _write_relinks(self, pairs: Mapping[Label, Sequence[Row]]) -> None:
        """Point stand-ins' edges at what they lead to: pairs of (external, qualname), by
        the label of the target (an External: the stand-in of a base nobody ingested)."""
        for query, label in (*_RELINKS, ("relink_calls_to_external", Label.EXTERNAL)):
            self._write_pairs(query, pairs.get(label, []))

    def _write_pairs(self, query: str, pairs: Sequence[Row]) -> None:
        self._write_chunked(query, "pairs", pairs)

    def _write_chunked(self, query: str, parameter: str, rows: Sequence[Row]) -> None:
        """``rows`` as ``$parameter`` of ``query``, ``chunk_rows`` per transaction."""
        for start in range(0, len(rows), self.chunk_rows):
            self.store.write(query, **{parameter: rows[start : start + self.chunk_rows]})
