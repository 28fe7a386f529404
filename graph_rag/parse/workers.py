"""Parsing in worker processes, each file under a hard time bound.

Each worker keeps its own astroid cache for the files it gets. The per-file
inference budget (``bounds.py``) is cooperative: it cannot stop CPython's own
parser, which is quadratic on some inputs (one f-string with 70,000 fields
parses for minutes). So the parent also watches the clock: a worker still on
one file after ``hard_timeout_s`` is killed, the file gets a parse error
("timed out after N s"), and a fresh worker carries on with the rest of its
files. A worker that dies on a file (out of memory, a crash in C code) is
handled the same way. Small repositories are parsed in-process, where only the
cooperative bound holds, and ``builder.read_source`` refuses the one input known
to stall CPython's parser.

Workers are forked when this process runs no other thread (the CLI's export, the
benchmarks): a forked worker starts in milliseconds with astroid's builtins
already built, so even a 24-file package is worth splitting over two cores. With
other threads about (a progress bar, the database driver) fork could copy a lock
some thread holds, so workers are spawned, and each pays for importing astroid
and building its builtins again (~0.7 s).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from graph_rag.errors import ParserWorkersFailed
from graph_rag.model import FileError
from graph_rag.parse.builder import prebuild_externals
from graph_rag.parse.collector import collecting_less
from graph_rag.parse.files import FileResult, Session
from graph_rag.parse.roots import ModuleIndex

# Spawning a worker (importing astroid, building its builtins) costs about as much as
# parsing ~50 files, so a repository gets one spawned worker per this many files.
MIN_FILES_PER_WORKER = 100
# A forked worker costs milliseconds; below this many files each, one process is faster.
MIN_FILES_PER_FORKED_WORKER = 8
STARTUP_TIMEOUT_S = 120.0  # a worker that cannot even start is a broken installation


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def start_method() -> str:
    """ "fork" while this process runs one thread only (fork copies just the caller, so no
    other thread can be caught holding a lock), else "spawn"."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def default_hard_timeout(file_timeout_s: float) -> float:
    """Room for the build, the inference budget and one overrunning inference, twice."""
    return 2 * file_timeout_s + 5


def _chunks(files: Sequence[Path], workers: int) -> list[list[Path]]:
    """Files of one directory go together: they import each other, so a worker's cache
    built for one serves the next. Chunks hold about ``target`` files (a big directory is
    cut into several) so that the load balances."""
    by_dir: dict[Path, list[Path]] = {}
    for file in files:
        by_dir.setdefault(file.parent, []).append(file)
    target = max(4, len(files) // (workers * 8) or 1)
    chunks: list[list[Path]] = []
    current: list[Path] = []
    for group in by_dir.values():
        for file in group:
            current.append(file)
            if len(current) >= target:
                chunks.append(current)
                current = []
    if current:
        chunks.append(current)
    # Largest first, so the long ones do not finish last.
    return sorted(chunks, key=lambda c: -sum(f.stat().st_size for f in c))


def _serve(
    conn: Connection, repo_id: str, index: ModuleIndex, properties: set[str], timeouts: tuple[float, float]
) -> None:
    """A worker: says it is ready, then parses each chunk it is sent, one answer per file."""
    with Session(repo_id, index, call_timeout_s=timeouts[0], file_timeout_s=timeouts[1]) as session:
        session.properties |= properties
        conn.send(None)
        while (files := conn.recv()) is not None:
            for file in files:
                conn.send((file, session.parse(file)))
    gc.freeze()  # a spawned worker's exit would walk all it built, in collection after collection


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    started: float
    ready: bool = False
    files: deque[Path] = field(default_factory=deque)  # sent, not answered yet; [0] is running
    deadline: float = float("inf")


class _Pool:
    def __init__(self, size: int, hard_timeout_s: float, args: tuple[object, ...], method: str) -> None:
        self.context = multiprocessing.get_context(method)
        self.hard_timeout_s = hard_timeout_s
        self.args = args
        self.workers = [self._start() for _ in range(size)]

    def _start(self, files: Sequence[Path] = ()) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(child, *self.args), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent, time.monotonic(), files=deque(files))

    def _send(self, worker: _Worker, files: Sequence[Path]) -> None:
        worker.files.extend(files)
        worker.conn.send(list(files))
        worker.deadline = time.monotonic() + self.hard_timeout_s

    def _replace(self, worker: _Worker) -> _Worker:
        """Kill ``worker``; a fresh one takes the files it had not reached."""
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        fresh = self._start()
        self.workers[self.workers.index(worker)] = fresh
        fresh.files = deque(list(worker.files)[1:])
        return fresh

    def run(self, chunks: list[list[Path]], index: ModuleIndex) -> Iterator[tuple[Path, FileResult]]:
        todo = deque(chunks)
        while True:
            for worker in self.workers:
                if worker.ready and not worker.files and todo:
                    self._send(worker, todo.popleft())
            busy = [w for w in self.workers if w.files or not w.ready]
            if not todo and not any(w.files for w in self.workers):
                return
            now = time.monotonic()
            soonest = min(w.deadline if w.ready else w.started + STARTUP_TIMEOUT_S for w in busy)
            for conn in wait([w.conn for w in busy], timeout=max(0.0, soonest - now)):
                worker = next(w for w in self.workers if w.conn is conn)
                try:
                    message = conn.recv()
                except (EOFError, OSError):  # the worker died
                    yield from self._lost(worker, index, "the parser process died on this file")
                    continue
                if message is None:
                    self._ready(worker)
                    continue
                file, result = message
                worker.files.popleft()
                worker.deadline = time.monotonic() + self.hard_timeout_s
                yield file, result
            now = time.monotonic()
            for worker in list(self.workers):
                if worker.ready and worker.files and now > worker.deadline:
                    reason = f"timed out after {self.hard_timeout_s:g} s"
                    yield from self._lost(worker, index, reason)
                elif not worker.ready and now > worker.started + STARTUP_TIMEOUT_S:
                    raise ParserWorkersFailed("a parser worker process did not start")

    def _ready(self, worker: _Worker) -> None:
        worker.ready = True
        if worker.files:  # a replacement: carry on with its predecessor's files
            files = list(worker.files)
            worker.files.clear()
            self._send(worker, files)

    def _lost(self, worker: _Worker, index: ModuleIndex, reason: str) -> Iterator[tuple[Path, FileResult]]:
        if not worker.ready:
            raise ParserWorkersFailed("a parser worker process exited while starting")
        file = worker.files[0]
        self._replace(worker)
        yield file, FileResult(error=FileError(index.relative(file), reason, lasting=False))

    def close(self) -> None:
        """Idle workers are told to stop; busy or starting ones (an abandoned run) are killed."""
        for worker in self.workers:
            if worker.ready and not worker.files:
                with contextlib.suppress(OSError):  # already gone
                    worker.conn.send(None)
            else:
                worker.process.kill()
        for worker in self.workers:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()


def run(
    files: Sequence[Path],
    *,
    repo_id: str,
    index: ModuleIndex,
    properties: set[str],
    workers: int,
    timeouts: tuple[float, float],
    hard_timeout_s: float | None,
) -> Iterator[tuple[Path, FileResult]]:
    """(file, result) pairs, in completion order.

    In ``workers`` processes (fewer for a small repository), each file under the hard
    bound; in this process, with the cooperative bound only, when ``hard_timeout_s`` is
    None or the repository is too small to repay starting workers (under two workers'
    worth of files: ``MIN_FILES_PER_FORKED_WORKER`` each when forked, else
    ``MIN_FILES_PER_WORKER``: spawning one costs ~0.7 s, the time flask's whole
    package takes to parse).
    """
    method = start_method()
    per_worker = MIN_FILES_PER_FORKED_WORKER if method == "fork" else MIN_FILES_PER_WORKER
    size = min(workers, len(files) // per_worker)
    if hard_timeout_s is None or size <= 1:
        with Session(repo_id, index, call_timeout_s=timeouts[0], file_timeout_s=timeouts[1]) as session:
            session.properties |= properties
            for file in files:
                yield file, session.parse(file)
        return
    chunks = _chunks(files, size)
    if method == "fork":
        with collecting_less():
            prebuild_externals()  # once here, inherited by every worker
    pool = _Pool(min(size, len(chunks)), hard_timeout_s, (repo_id, index, properties, timeouts), method)
    try:
        yield from pool.run(chunks, index)
    finally:
        pool.close()
