"""The corpus sync use case: bring the graph in line with a manifest, touching only what moved.

For each entry, the commit its ref names upstream is asked first (``git
ls-remote``, no clone, no fetch). When the graph already holds that commit,
complete and ingested with the same settings, the entry is left alone: no
fetch, no parse, no embed, no write. Otherwise the entry goes through
``ingest``, which fetches into the cached clone and re-parses only the files
whose content hash changed. A failing entry (bad manifest entry, unreachable
remote, unknown ref) is reported and the others still sync.

Repositories this manifest synced earlier but no longer lists are reported as
dropped, and removed only when asked (``prune=True``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph_rag.errors import Busy, GraphRagError, SourceError
from graph_rag.locks import links_lock
from graph_rag.services.ingest import IngestReport, Progress, ingest
from graph_rag.sources import repository_lock
from graph_rag.sources.manifest import CorpusEntry, Manifest
from graph_rag.sources.remote import local_commit, remote_commit
from graph_rag.store import GraphStore
from graph_rag.store.writer import GraphWriter

UNCHANGED, INGESTED, FAILED = "unchanged", "ingested", "failed"


@dataclass
class EntryResult:
    name: str
    status: str  # unchanged | ingested | failed
    commit: str = ""
    error: str = ""
    report: IngestReport | None = None
    seconds: float = 0.0
    embedded: int = 0  # vectors computed for an unchanged entry that lacked them


@dataclass
class SyncReport:
    manifest: str
    results: list[EntryResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # manifest-level problems
    dropped: list[str] = field(default_factory=list)  # synced before, no longer listed
    removed: list[str] = field(default_factory=list)  # dropped and removed (prune)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def all_failed(self) -> bool:
        """Every entry failed (a manifest with no entries at all has not failed)."""
        return bool(self.results) and self.count(FAILED) == len(self.results)


def sync_corpus(
    manifest: Manifest,
    *,
    store: GraphStore,
    cache_dir: Path,
    prune: bool = False,
    embed: Callable[[GraphStore, str, Progress], tuple[int, int]] | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    chunk_rows: int | None = None,
) -> SyncReport:
    """Sync every entry of ``manifest`` into ``store``; see the module docstring."""
    began = time.perf_counter()
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    report = SyncReport(manifest=manifest.name)
    report.warnings = [str(p) for p in manifest.problems if not p.entry]
    report.results = [
        EntryResult(p.entry, FAILED, error=f"{manifest.source}: {p}") for p in manifest.problems if p.entry
    ]
    stored = {row["id"]: row for row in store.read("corpus_repositories")}
    for entry in manifest.entries:
        started = time.perf_counter()
        try:
            result = _sync_entry(
                entry,
                manifest.name,
                stored.get(entry.name),
                store=store,
                cache_dir=cache_dir,
                embed=embed,
                progress=progress,
                workers=workers,
                chunk_rows=chunk_rows,
            )
        except GraphRagError as e:
            result = EntryResult(entry.name, FAILED, error=f"[repos.{entry.name}] {e}")
        result.seconds = time.perf_counter() - started
        report.results.append(result)
    report.results.sort(key=lambda r: r.name)
    listed = manifest.names
    report.dropped = sorted(
        rid for rid, row in stored.items() if row.get("corpus") == manifest.name and rid not in listed
    )
    if prune and report.dropped and not listed:
        # An empty manifest asks to remove the whole corpus: too easy to do by accident.
        raise SourceError(
            f"The manifest lists no repositories, so --prune would remove all of corpus "
            f"{manifest.name!r} ({', '.join(report.dropped)}); use `graph-rag remove` for that."
        )
    if prune:
        writer = GraphWriter(store, links_lock=lambda: links_lock(cache_dir))
        for rid in report.dropped:
            try:
                with repository_lock(cache_dir, rid):
                    if writer.remove_repository(rid):
                        report.removed.append(rid)
            except Busy as e:  # the others are still pruned, and what was synced is reported
                report.warnings.append(f"not removed: {e}; run the sync again to prune it")
    report.seconds = time.perf_counter() - began
    return report


def _sync_entry(
    entry: CorpusEntry,
    corpus: str,
    state: dict[str, object] | None,
    *,
    store: GraphStore,
    cache_dir: Path,
    embed: Callable[[GraphStore, str, Progress], tuple[int, int]] | None,
    progress: Progress | None,
    workers: int | None,
    chunk_rows: int | None,
) -> EntryResult:
    target = (
        remote_commit(entry.url, entry.ref, cwd=cache_dir) if entry.url else local_commit(Path(entry.path))
    )
    if state is not None and _up_to_date(state, target, entry, corpus):
        embedded = 0
        # Synced with --no-embed before: fill the vectors in. Asked without the model, so a
        # sync where nothing changed loads none (a change of model is `graph-rag embed`'s).
        if embed is not None and store.read("embed_missing_count", repo_id=entry.name)[0]["missing"]:
            with repository_lock(cache_dir, entry.name):
                embedded, _ = embed(store, entry.name, progress or Progress())
        return EntryResult(entry.name, UNCHANGED, commit=str(state["commit"]), embedded=embedded)
    ingested = ingest(
        entry.spec,
        store=store,
        cache_dir=cache_dir,
        name=entry.name,
        origin=entry.origin,
        role=entry.role,
        ref=entry.ref,
        workers=workers,
        max_file_bytes=entry.max_file_bytes,
        embed=embed,
        progress=progress,
        chunk_rows=chunk_rows,
        # The corpus may move its own entries (a new URL in the manifest), never take
        # over a repository it does not manage.
        replace=state is not None and state.get("corpus") == corpus,
        include=entry.include,
        exclude=entry.exclude_patterns,
    )
    store.write(
        "set_repository_corpus", id=entry.name, corpus=corpus, config=entry.fingerprint(), ref=entry.ref or ""
    )
    return EntryResult(entry.name, INGESTED, commit=ingested.commit, report=ingested)


def _up_to_date(state: dict[str, object], target: str | None, entry: CorpusEntry, corpus: str) -> bool:
    """The graph holds ``target`` completely, ingested by this corpus with these settings
    (not from a work tree whose files differed from that commit)."""
    commit = str(state.get("commit") or "")
    return bool(
        target
        and commit
        and commit.startswith(target.lower())
        and state.get("complete")
        and not state.get("dirty")
        and state.get("corpus") == corpus
        and state.get("corpus_config") == entry.fingerprint()
    )
