"""The ingest use case: source -> discovered files -> parsed graph -> store (-> embeddings).

Incremental by content: a file whose bytes hash as they did at the last ingest
is neither parsed nor written again; files that disappeared are deleted. A run
that dies half-way leaves the repository marked incomplete; the next run parses
everything again and writes only what is not there yet, converging on the graph
of a clean run (ids are stable, writes are MERGEs, each chunk is one transaction).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph_rag.errors import SourceError
from graph_rag.locks import links_lock
from graph_rag.model import CodeGraph, FileError, FlowFacts, Label, Origin, Repository
from graph_rag.parse import module_names, moved_modules, named_relations, parse_repository, scanned_keys
from graph_rag.services.quality import QualityReport, score_definitions_for, score_repository
from graph_rag.services.signals import recompute_signals
from graph_rag.services.structure import (
    Neighbourhood,
    StructureReport,
    call_neighbourhood,
    import_neighbourhood,
    update_structure_for,
)
from graph_rag.sources import (
    DEFAULT_MAX_FILE_BYTES,
    SourceCheckout,
    checkout_site_packages,
    discover_files,
    held_source,
    repository_lock,
    repository_signals,
)
from graph_rag.store import GraphStore
from graph_rag.store.derived import DerivedChange
from graph_rag.store.writer import CHUNK_ROWS, GraphWriter, TargetResolver, WriteStats


class Progress:
    """What the ingest tells its caller as it goes (the CLI draws bars from it)."""

    def stage(self, name: str, total: int | None = None) -> None:
        """A stage begins; ``total`` is its unit count when known."""

    def advance(self, name: str, amount: int = 1) -> None:
        """Some units of the current stage are done."""

    def done(self, name: str) -> None:
        """The stage ended."""


@dataclass
class IngestReport:
    repository: str
    root: str
    commit: str
    dirty: bool = False  # the work tree had files that differ from ``commit``
    files_discovered: int = 0
    files_parsed: int = 0
    files_unchanged: int = 0
    files_deleted: int = 0
    parse_errors: list[FileError] = field(default_factory=list)
    # Files that failed to parse before and are unchanged: not parsed again, still broken.
    still_failing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what a user should check
    # Dependency source roots the parser read: --deps, then the checkout's own virtualenvs.
    dependencies: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    modules: int = 0
    classes: int = 0
    functions: int = 0
    write: WriteStats = field(default_factory=WriteStats)
    # Edges across repositories the store derived (graph_rag/store/derived.py) or withdrew.
    derived: DerivedChange = field(default_factory=lambda: DerivedChange(0, 0))
    embedded: int = 0
    embed_cached: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    resumed: bool = False
    structure: StructureReport | None = None
    quality: QualityReport | None = None

    @property
    def ingested_anything(self) -> bool:
        return self.files_parsed > len(self.parse_errors) or self.files_unchanged > 0


def _definition_counts(store: GraphStore, module_ids: list[str]) -> dict[str, int]:
    rows = store.read("module_definition_counts", module_ids=module_ids) if module_ids else []
    return {
        "modules": len(rows),
        "classes": sum(row["classes"] for row in rows),
        "functions": sum(row["functions"] for row in rows),
    }


@dataclass(frozen=True)
class _Parser:
    """parse_repository with this ingest's settings, advancing its progress bar."""

    root: Path
    repo: Repository
    workers: int | None
    dependencies: Sequence[Path]
    progress: Progress

    def __call__(self, paths: Sequence[str], known_flow: dict[str, FlowFacts] | None) -> CodeGraph:
        done = 0

        def parsed(count: int, _total: int) -> None:
            nonlocal done
            self.progress.advance("parse", count - done)
            done = count

        return parse_repository(
            self.root,
            repository=self.repo,
            workers=self.workers,
            files=[self.root / p for p in paths],
            on_progress=parsed,
            dependencies=self.dependencies,
            known_flow=known_flow,
        )


def _parse_changes(
    parse: _Parser,
    paths: Sequence[str],
    changed: Sequence[str],
    removed: bool,
    stored: dict[str, tuple[str, FlowFacts | None]],
    report: IngestReport,
) -> CodeGraph | None:
    """The changed files parsed, plus every unchanged file whose cross-file edges they move.

    Edges the repository-wide pass joins (callbacks, overrides) cross files: the changed
    files' flow facts meet the unchanged files' stored facts, and an unchanged file whose
    joined edges differ from before is parsed and written again too. After a killed run,
    or with modules stored before their facts were, the stored facts cannot be trusted to
    compare with (the killed run may have written some files and not the unchanged ones
    whose edges they move): everything is parsed and written, once.
    """
    edited = set(changed)
    report.files_unchanged = len(paths) - len(changed)
    unchanged = {p: stored[p] for p in paths if p in stored and p not in edited}
    parse_all = report.resumed or any(facts is None for _, facts in unchanged.values())
    parse.progress.stage("parse", len(paths) if parse_all else len(changed))
    if not changed and not removed and not report.resumed:
        return None
    known = None if parse_all else {q: facts for q, facts in unchanged.values() if facts is not None}
    graph = parse(paths if parse_all else changed, known)
    if parse_all:
        edited = {f.module.path for f in graph.files} | {e.path for e in graph.errors}
        report.files_unchanged = len(paths) - len(edited)
    files = {f.module.path: f for f in graph.files if f.module.path in edited}
    errors = [e for e in graph.errors if e.path in edited]
    if known is not None:
        new_facts = {**known, **{f.module.qualname: f.flow for f in graph.files}}
        old_facts = {q: facts for q, facts in stored.values() if facts is not None}
        path_of = {q: p for p, (q, _) in unchanged.items()}
        moved = sorted(moved_modules(old_facts, new_facts) & path_of.keys())
        if moved:
            again = parse([path_of[q] for q in moved], {q: f for q, f in new_facts.items() if q not in moved})
            files.update((f.module.path, f) for f in again.files)
            errors += again.errors
            report.files_unchanged -= len(moved)
    report.parse_errors = errors
    report.files_parsed = len(files) + len(errors)
    return CodeGraph(graph.repository, tuple(files.values()), tuple(errors), graph.stats)


def _same_source(repo_id: str, stored: object, source: str, replace: bool) -> None:
    """Refuse to let a source take over a repository another source filled: both would
    be named ``app`` by their folders (``a/app``, ``b/app``) or URLs (``x/utils``, ``y/utils``)."""
    if replace or not stored or not source or stored == source:
        return
    raise SourceError(
        f"Repository {repo_id!r} in the graph comes from {stored}, not {source}. Give this one "
        f"another --name, or pass --replace to make it {repo_id!r} in place of the other."
    )


def _relation_readers(root: Path, changed_texts: Iterable[str], unchanged: list[str]) -> list[str]:
    """The unchanged files that read a reverse relation a changed file's text names
    (``.posts``, where a field says ``related_name="posts"``): Django's tips give it only
    while some model's field names it, and a file reading it never looked that model up,
    so its edges would stay as they were when the name was another."""
    names = set().union(*map(named_relations, changed_texts))
    if not names:
        return []
    attribute = re.compile(r"\.(?:{})\b".format("|".join(map(re.escape, sorted(names)))))
    return [p for p in unchanged if attribute.search(_text(root / p))]


def _text(path: Path) -> str:
    try:
        return path.read_text("utf-8", errors="replace")
    except OSError:
        return ""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ingest(
    spec: str,
    *,
    store: GraphStore,
    cache_dir: Path,
    name: str | None = None,
    origin: Origin = Origin.INHOUSE,
    role: str = "",
    ref: str | None = None,
    workers: int | None = None,
    max_file_bytes: int | None = None,
    embed: Callable[[GraphStore, str, Progress], tuple[int, int]] | None = None,
    progress: Progress | None = None,
    chunk_rows: int | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    dependencies: Sequence[Path] = (),
    venv_dependencies: bool = True,
    replace: bool = False,
) -> IngestReport:
    """Ingest one local path or git URL into the store and report what happened.

    A repository of the same name that came from another source is refused unless
    ``replace`` (the repository then comes from this source from now on).

    ``dependencies`` are source roots of the repository's dependencies (a
    ``site-packages``, a dependency's ``src/``): the parser reads them to type what
    the repository gets from them, so more calls resolve; they are not ingested.
    With ``venv_dependencies``, so are the ``site-packages`` of any virtualenv
    directly under the checkout's root (``sources.environments``).
    """
    progress = progress or Progress()
    began = time.perf_counter()
    progress.stage("discover")
    # A git URL's clone is held until the ingest ends: another ingest of the URL (another
    # ref, another name) checked out and cleaned it under this one's parse.
    # One writer per repository: two ingests at once adopted each other's new nodes and
    # wrote their edges twice.
    with (
        held_source(spec, cache_dir=cache_dir, name=name, ref=ref) as checkout,
        repository_lock(cache_dir, checkout.name),
    ):
        return _ingest_checkout(
            checkout,
            store=store,
            began=began,
            origin=origin,
            role=role,
            workers=workers,
            max_file_bytes=max_file_bytes,
            embed=embed,
            progress=progress,
            writer=GraphWriter(
                store, chunk_rows=chunk_rows or CHUNK_ROWS, links_lock=lambda: links_lock(cache_dir)
            ),
            include=include,
            exclude=exclude,
            dependencies=dependencies,
            venv_dependencies=venv_dependencies,
            replace=replace,
        )


NO_FILES_HINT = "check the path, and a manifest entry's include and exclude patterns"


def _ingest_checkout(
    checkout: SourceCheckout,
    *,
    store: GraphStore,
    began: float,
    origin: Origin,
    role: str,
    workers: int | None,
    max_file_bytes: int | None,
    embed: Callable[[GraphStore, str, Progress], tuple[int, int]] | None,
    progress: Progress,
    writer: GraphWriter,
    include: Sequence[str],
    exclude: Sequence[str],
    dependencies: Sequence[Path],
    venv_dependencies: bool,
    replace: bool,
) -> IngestReport:
    clock: dict[str, float] = {}
    discovery = discover_files(
        checkout.root,
        max_file_bytes=max_file_bytes or DEFAULT_MAX_FILE_BYTES,
        include=include,
        exclude=exclude,
    )
    signals = repository_signals(checkout.root, discovery.files)
    repo = Repository(
        id=checkout.name,
        name=checkout.name,
        url=checkout.url,
        origin=origin,
        role=role,
        commit=checkout.commit,
        license=signals.license,
    )
    report = IngestReport(
        repository=repo.id, root=str(checkout.root), commit=checkout.commit, dirty=checkout.dirty
    )
    report.files_discovered = len(discovery.files)
    report.skipped = {reason.value: count for reason, count in discovery.counts.items()}
    if venv_dependencies:
        dependencies = [*dependencies, *checkout_site_packages(checkout.root)]
    report.dependencies = [str(d) for d in dependencies]

    state = writer.repository_state(repo.id)
    _same_source(repo.id, (state or {}).get("source"), checkout.source, replace)  # type: ignore[union-attr]
    if not discovery.files:
        if state is None:  # a new repository of nothing: most likely the wrong path
            raise SourceError(f"No Python files in {checkout.source or checkout.root}: {NO_FILES_HINT}.")
        # one ingested before whose files are gone (or an include that now matches none)
        report.warnings.append(f"no Python files found: {NO_FILES_HINT}")
    existing = writer.existing_modules(repo.id)
    hashes = {path: _sha256(checkout.root / path) for path in discovery.files}
    # Files whose text failed to parse at this very content are not parsed again (django
    # ships one deliberately invalid file: re-parsing it cost every re-ingest seconds); a
    # failed analysis (out of time, an astroid error) is not remembered, so is tried again.
    failed = dict(entry.split(":", 1)[::-1] for entry in (state or {}).get("unparsable_files") or ())  # type: ignore[attr-defined]
    changed = [
        p for p in discovery.files if existing.get(p, ("", ""))[1] != hashes[p] and failed.get(p) != hashes[p]
    ]
    removed = [mid for path, (mid, _) in existing.items() if path not in hashes]
    report.still_failing = sorted(p for p, h in failed.items() if hashes.get(p) == h)
    report.resumed = bool(state) and not state.get("complete")  # type: ignore[union-attr]
    progress.done("discover")
    clock["discover"] = time.perf_counter() - began

    began = time.perf_counter()
    if state and state.get("complete") and (changed or removed):
        # Unchanged files whose edges were inferred through what changed are parsed again
        # too: those that looked a changed, deleted or added module up (a re-export moved,
        # a base class dropped, a module mended), and those with edges into one.
        path_of = {mid: path for path, (mid, _) in existing.items()}
        texts = {p: _text(checkout.root / p) for p in changed}
        changed += _relation_readers(checkout.root, texts.values(), [p for p in hashes if p not in texts])
        stale = [existing[p][0] for p in changed if p in existing] + removed
        names = [*module_names(checkout.root, [checkout.root / p for p in changed]).values()]
        names += [mid.removeprefix(f"{repo.id}:") for mid in removed]
        # and those that used what Django's tips scan the sources for, where a changed file
        # now offers it (a URL module routing to a function, a settings module's user model)
        names += sorted(set().union(*map(scanned_keys, texts.values())))
        dependents = writer.dependent_modules(repo.id, stale, names)
        changed += sorted(path_of[m] for m in dependents if m in path_of and path_of[m] in hashes)
    stored = writer.stored_flow(repo.id) if state and (changed or removed) else {}
    parser = _Parser(checkout.root, repo, workers, dependencies, progress)
    graph = _parse_changes(parser, discovery.files, changed, bool(removed), stored, report)
    progress.done("parse")
    clock["parse"] = time.perf_counter() - began

    files = list(graph.files) if graph else []
    # A file that no longer parses loses its module, as a clean ingest would not have one
    # (its FileError is reported; the last good version is not kept under a new commit).
    removed += [existing[e.path][0] for e in report.parse_errors if e.path in existing]
    # A change to a completely ingested repository updates only the signals it can
    # move (services/structure.py): note what the changed modules look like before.
    gone, written = frozenset(removed), {f.module.id for f in files}
    touched_modules = sorted(written | gone)
    # A module deleted and written again under the same id (pkg/ -> src/pkg/) is new to
    # the graph: the signals are recomputed whole rather than updated around it.
    moved_whole = bool(written & gone)
    incremental = (
        bool(state and state.get("complete"))
        and not report.resumed
        and not moved_whole
        and bool(touched_modules)
    )
    before: tuple[Neighbourhood, Neighbourhood] | None = None
    counted_before = _definition_counts(store, touched_modules) if incremental else None
    if incremental:
        began = time.perf_counter()
        before = (
            call_neighbourhood(store, repo.id, touched_modules),
            import_neighbourhood(store, repo.id, touched_modules),
        )
        clock["structure"] = time.perf_counter() - began

    began = time.perf_counter()
    # Nothing else writes the graph meanwhile (GraphWriter.exclusive): edges resolved
    # against other repositories are written before those can change.
    with writer.exclusive():
        writer.upsert_repository(repo, complete=False, removing=None)  # a killed removal's, undone
        progress.stage("write", len(files) + len(removed))
        report.files_deleted = writer.delete_modules(removed)
        progress.advance("write", len(removed))
        if incremental:
            # Only the rewritten files' own ids: other names of this repository are looked up
            # by the resolver as edges need them (reading every id of django took seconds).
            rewritten = [f.module.path for f in files] + [e.path for e in report.parse_errors]
            known = writer.existing_ids_in([existing[p][0] for p in rewritten if p in existing])
            # Not the modules just deleted: a file moved to a path with the same dotted name
            # (pkg/ -> src/pkg/) must be created again, with its CONTAINS edge.
            known.update((mid, Label.MODULE) for mid, _ in existing.values() if mid not in gone)
        else:
            known = writer.existing_ids(repo.id) if files or report.resumed else {}
        if report.resumed:  # the killed run's stand-ins may wait for definitions it wrote
            writer.resume(known)
        resolver = TargetResolver(store, repo.id, known)
        replacing = frozenset(mid for mid, _ in existing.values() if mid not in gone)
        report.write = writer.write_files(
            repo.id,
            files,
            resolver,
            replacing=replacing,
            on_chunk=lambda stats: progress.advance("write", stats.files),
        )
        writer.relink()
        report.derived = writer.derived
    progress.done("write")
    clock["write"] = time.perf_counter() - began

    wrote = bool(files or removed or report.resumed)
    if wrote:  # nothing written, nothing to recompute
        began = time.perf_counter()
        progress.stage("structure")
        updated = None
        if before is not None and state is not None:
            updated = update_structure_for(
                store,
                repo.id,
                state=state,
                calls_before=before[0],
                imports_before=before[1],
                module_ids=touched_modules,
            )
        if updated is not None:  # quality needs PageRank: after structure
            report.structure, moved = updated
            kept = [m for m in touched_modules if m in written or m not in gone]
            report.quality = score_definitions_for(store, moved, kept)
        else:  # first ingest, resumed run, or past the PageRank drift budget
            report.structure, report.quality = recompute_signals(store, repo.id)
        progress.done("structure")
        clock["structure"] = clock.get("structure", 0.0) + time.perf_counter() - began

    if embed is not None:
        began = time.perf_counter()
        report.embedded, report.embed_cached = embed(store, repo.id, progress)
        clock["embed"] = time.perf_counter() - began

    figures = ("modules", "classes", "functions")
    if not state or any(state.get(key) is None for key in figures):
        counts = store.read("repository_counts", id=repo.id)[0]
    elif counted_before is not None:  # the stored figures, moved by what the changed modules hold now
        after = _definition_counts(store, touched_modules)
        counts = {key: int(state[key]) + after[key] - counted_before[key] for key in figures}  # type: ignore[call-overload]
    elif wrote:
        counts = store.read("repository_counts", id=repo.id)[0]
    else:  # nothing written: the figures stored by the last run still hold
        counts = {key: state[key] for key in figures}
    report.modules, report.classes, report.functions = (
        counts["modules"],
        counts["classes"],
        counts["functions"],
    )
    writer.finish_repository(
        repo.id,
        complete=True,
        commit=checkout.commit,
        source=checkout.source,
        # Files that differ from the commit: it is not what the graph holds.
        dirty=checkout.dirty,
        indexed_at=datetime.now(UTC).isoformat(timespec="seconds"),
        has_tests=signals.has_tests,
        has_docs=signals.has_docs,
        last_commit_date=signals.last_commit_date.isoformat() if signals.last_commit_date else "",
        modules=report.modules,
        classes=report.classes,
        functions=report.functions,
        unparsable_files=sorted(
            {f"{hashes[p]}:{p}" for p, h in failed.items() if hashes.get(p) == h}
            | {f"{hashes[e.path]}:{e.path}" for e in report.parse_errors if e.path in hashes and e.lasting}
        ),
        # what held them until 6df8a65, timeouts included: dropped, so each is tried once more
        parse_error_files=None,
    )
    score_repository(store, repo.id)  # from the signals just stored
    report.seconds = clock
    return report
