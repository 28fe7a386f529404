"""Parsing in worker processes: each keeps its own astroid cache for the files it gets."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from graph_rag.parse.files import FileResult, Session
from graph_rag.parse.roots import ModuleIndex

_session: Session | None = None
# Starting a worker (spawn + importing astroid + builtins) costs about as much as
# parsing ~50 files, so small repositories are parsed in-process.
MIN_FILES_PER_WORKER = 100


def _init(repo_id: str, index: ModuleIndex, properties: set[str], timeouts: tuple[float, float]) -> None:
    global _session
    _session = Session(repo_id, index, call_timeout_s=timeouts[0], file_timeout_s=timeouts[1])
    _session.properties |= properties


def _parse_chunk(files: list[Path]) -> list[tuple[Path, FileResult]]:
    assert _session is not None
    return [(file, _session.parse(file)) for file in files]


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _chunks(files: Sequence[Path], workers: int) -> list[list[Path]]:
    """Files of one directory stay together: they import each other, so a worker's cache
    built for one serves the next. Chunks are kept small enough to balance the load."""
    by_dir: dict[Path, list[Path]] = {}
    for file in files:
        by_dir.setdefault(file.parent, []).append(file)
    target = max(4, len(files) // (workers * 8) or 1)
    chunks: list[list[Path]] = []
    current: list[Path] = []
    for group in by_dir.values():
        current.extend(group)
        if len(current) >= target:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    # Largest first, so the long ones do not finish last.
    return sorted(chunks, key=lambda c: -sum(f.stat().st_size for f in c))


def run(
    files: Sequence[Path],
    *,
    repo_id: str,
    index: ModuleIndex,
    properties: set[str],
    workers: int,
    timeouts: tuple[float, float],
) -> Iterator[tuple[Path, FileResult]]:
    """(file, result) pairs, in completion order; in-process when one worker is asked for."""
    workers = min(workers, len(files) // MIN_FILES_PER_WORKER)
    if workers <= 1:
        with Session(repo_id, index, call_timeout_s=timeouts[0], file_timeout_s=timeouts[1]) as session:
            session.properties |= properties
            for file in files:
                yield file, session.parse(file)
        return
    # spawn: never fork a parent that may hold threads (progress bars, drivers).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init,
        initargs=(repo_id, index, properties, timeouts),
    ) as pool:
        futures = [pool.submit(_parse_chunk, chunk) for chunk in _chunks(files, workers)]
        for future in as_completed(futures):
            yield from future.result()
