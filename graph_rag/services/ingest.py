"""The ingest use case: source -> discovered files -> parsed graph -> store (-> embeddings).

Incremental by content: a file whose bytes hash as they did at the last ingest
is neither parsed nor written again; files that disappeared are deleted. A run
that dies half-way leaves the repository marked incomplete; the next run parses
everything again and writes only what is not there yet, converging on the graph
of a clean run (ids are stable, writes are MERGEs, each chunk is one transaction).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph_rag.model import CodeGraph, FileError, Label, Origin, Repository
from graph_rag.parse import parse_repository
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
    discover_files,
    repository_signals,
    resolve_source,
)
from graph_rag.store import GraphStore
from graph_rag.store.writer import GraphWriter, TargetResolver, WriteStats


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
    files_discovered: int = 0
    files_parsed: int = 0
    files_unchanged: int = 0
    files_deleted: int = 0
    parse_errors: list[FileError] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    modules: int = 0
    classes: int = 0
    functions: int = 0
    write: WriteStats = field(default_factory=WriteStats)
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
) -> IngestReport:
    """Ingest one local path or git URL into the store and report what happened.

    ``dependencies`` are source roots of the repository's dependencies (a
    ``site-packages``, a dependency's ``src/``): the parser reads them to type what
    the repository gets from them, so more calls resolve; they are not ingested.
    """
    progress = progress or Progress()
    clock: dict[str, float] = {}

    began = time.perf_counter()
    progress.stage("discover")
    checkout: SourceCheckout = resolve_source(spec, cache_dir=cache_dir, name=name, ref=ref)
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
    report = IngestReport(repository=repo.id, root=str(checkout.root), commit=checkout.commit)
    report.files_discovered = len(discovery.files)
    report.skipped = {reason.value: count for reason, count in discovery.counts.items()}

    writer = GraphWriter(store, chunk_rows=chunk_rows) if chunk_rows else GraphWriter(store)
    state = writer.repository_state(repo.id)
    existing = writer.existing_modules(repo.id)
    hashes = {path: _sha256(checkout.root / path) for path in discovery.files}
    # Files that failed to parse at this very content are not parsed again (django ships
    # one deliberately invalid file: re-parsing it cost every re-ingest seconds).
    failed = dict(entry.split(":", 1)[::-1] for entry in (state or {}).get("parse_error_files") or ())  # type: ignore[attr-defined]
    changed = [
        p for p in discovery.files if existing.get(p, ("", ""))[1] != hashes[p] and failed.get(p) != hashes[p]
    ]
    removed = [mid for path, (mid, _) in existing.items() if path not in hashes]
    report.files_unchanged = len(discovery.files) - len(changed)
    report.resumed = bool(state) and not state.get("complete")  # type: ignore[union-attr]
    progress.done("discover")
    clock["discover"] = time.perf_counter() - began

    began = time.perf_counter()
    progress.stage("parse", len(changed) if not report.resumed else len(discovery.files))
    graph: CodeGraph | None = None
    if changed:
        # After a killed run, parse everything (as the clean run did) so the files
        # still to write get the same cross-file resolution; write only those.
        targets = [checkout.root / p for p in (discovery.files if report.resumed else changed)]
        done = 0

        def parsed(count: int, _total: int) -> None:
            nonlocal done
            progress.advance("parse", count - done)
            done = count

        graph = parse_repository(
            checkout.root,
            repository=repo,
            workers=workers,
            files=targets,
            on_progress=parsed,
            dependencies=dependencies,
        )
        wanted = set(changed)
        graph = CodeGraph(
            graph.repository,
            tuple(f for f in graph.files if f.module.path in wanted),
            tuple(e for e in graph.errors if e.path in wanted),
            graph.stats,
        )
        report.parse_errors = list(graph.errors)
        report.files_parsed = len(changed)
    progress.done("parse")
    clock["parse"] = time.perf_counter() - began

    files = list(graph.files) if graph else []
    # A change to a completely ingested repository updates only the signals it can
    # move (services/structure.py): note what the changed modules look like before.
    touched_modules = sorted({f.module.id for f in files} | set(removed))
    incremental = bool(state and state.get("complete")) and not report.resumed and bool(touched_modules)
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
    writer.upsert_repository(repo, complete=False)
    progress.stage("write", len(files) + len(removed))
    report.files_deleted = writer.delete_modules(removed)
    progress.advance("write", len(removed))
    if incremental:
        # Only the changed files' own ids: other names of this repository are looked up
        # by the resolver as edges need them (reading every id of django took seconds).
        known = writer.existing_ids_in([existing[p][0] for p in changed if p in existing])
        known.update((mid, Label.MODULE) for mid, _ in existing.values())
    else:
        known = writer.existing_ids(repo.id) if files or report.resumed else {}
    if report.resumed:  # the killed run's stand-ins may wait for definitions it wrote
        writer.resume(known)
    resolver = TargetResolver(store, repo.id, known)
    replacing = frozenset(mid for mid, _ in existing.values())
    report.write = writer.write_files(
        repo.id,
        files,
        resolver,
        replacing=replacing,
        on_chunk=lambda stats: progress.advance("write", stats.files),
    )
    writer.relink()
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
            kept = [m for m in touched_modules if m not in set(removed)]
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
        indexed_at=datetime.now(UTC).isoformat(timespec="seconds"),
        has_tests=signals.has_tests,
        has_docs=signals.has_docs,
        last_commit_date=signals.last_commit_date.isoformat() if signals.last_commit_date else "",
        modules=report.modules,
        classes=report.classes,
        functions=report.functions,
        parse_error_files=sorted(
            {f"{hashes[p]}:{p}" for p, h in failed.items() if hashes.get(p) == h}
            | {f"{hashes[e.path]}:{e.path}" for e in report.parse_errors if e.path in hashes}
        ),
    )
    score_repository(store, repo.id)  # from the signals just stored
    report.seconds = clock
    return report
