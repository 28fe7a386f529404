"""Exclusive locks between graph-rag processes on one machine.

``flock`` locks belong to the open file: the kernel frees them when the holder exits,
killed or not, so a crashed ingest never leaves a stale lock behind. They do not
reach across machines: two hosts writing one Neo4j are not kept apart.
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from graph_rag.errors import Busy

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
LINKS_WAIT_S = 900.0  # another ingest's relink: seconds, even on Django


@contextmanager
def exclusive(path: Path, what: str, *, wait_s: float = 0.0) -> Iterator[None]:
    """Hold ``path`` exclusively, waiting up to ``wait_s`` for another holder to let go;
    then raise Busy naming ``what`` and the holder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s
    with open(path, "a+", encoding="utf-8") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise Busy(
                    f"{what} is busy: {holder} is working on it; try again once it has finished"
                ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"graph-rag process {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def repository_lock(cache_dir: Path, repo_id: str) -> AbstractContextManager[None]:
    """The lock every write to one repository's subgraph holds (ingest, sync, remove)."""
    return exclusive(_lock_file(cache_dir, f"repo-{repo_id}"), f"Repository {repo_id!r}")


def links_lock(cache_dir: Path) -> AbstractContextManager[None]:
    """The lock an ingest or removal relinks the graph under: the edges it derives across
    repositories (store/derived.py) read the whole graph and write what it implies, so two
    at once could each write from what the other was changing. It waits its turn."""
    return exclusive(_lock_file(cache_dir, "graph-links"), "Linking across repositories", wait_s=LINKS_WAIT_S)


def clone_lock(cache_dir: Path, clone_name: str) -> AbstractContextManager[None]:
    """The lock a clone in the cache is made or updated under."""
    return exclusive(_lock_file(cache_dir, f"clone-{clone_name}"), f"The clone {clone_name!r}")


def _lock_file(cache_dir: Path, name: str) -> Path:
    return Path(cache_dir) / ".locks" / f"{_UNSAFE.sub('_', name)}.lock"
