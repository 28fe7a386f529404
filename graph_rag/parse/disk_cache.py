"""A small on-disk cache of pickled values, shared by every process and every run.

Each parser process used to read typeshed's stubs afresh: about 0.1 s per process,
most of it in ``ast.parse``, a fixed cost as large as a fifth of flask's whole parse.
What the parser keeps of a stub never changes for one typeshed, one Python and one
version of the code that reads it, so it is pickled once and loaded (4-7x faster
than parsing) ever after.

The cache is only ever an optimisation: a directory that cannot be created or
written, or an entry that cannot be read back, means the value is made again, never
an error. Entries are written to a temporary file and renamed into place, so two
workers writing one entry at once leave one whole entry.

Where: ``parse/`` in graph-rag's user cache (``$GRAPH_RAG_CACHE_DIR``, by default
``~/.cache/graph-rag``), beside the ONNX exports of embedding models.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar, cast

from graph_rag.config import user_cache_dir
from graph_rag.parse.collector import not_collecting

T = TypeVar("T")
KEEP = 0.8  # of max_bytes left after pruning, so that the next stores do not prune again
CHECK_EVERY = 0.1  # of max_bytes stored between two checks of the size
STALE_AFTER_S = 7 * 24 * 3600  # another version's directory no process has opened for this long
_MISSING = object()  # no entry (a stored value may be None)


@cache
def parser_code() -> str:
    """The source of the parser's code (this package): what its caches of built modules
    depend on beside astroid and Python, since its transforms run in those builds."""
    return "".join(path.read_text(encoding="utf-8") for path in sorted(Path(__file__).parent.rglob("*.py")))


def cache_root() -> Path:
    """The directory under which the parser's caches live."""
    return user_cache_dir() / "parse"


class DiskCache:
    """Values by name, under a directory named for everything they depend on.

    ``depends_on`` names whatever would make a stored value wrong (a library's version,
    the Python version, the source of the code that made it); its hash names the
    directory, so a change to any of them starts a fresh cache, and the stale ones of
    that kind (opened by no process for a week) are removed when it does.

    With ``max_bytes``, a read marks its entry as used (its mtime), and once the entries
    grow past ``max_bytes`` the ones read longest ago are removed, down to ``KEEP`` of it
    (dependency trees: every virtualenv ever parsed leaves its modules' entries).
    """

    def __init__(
        self, kind: str, depends_on: str, root: Path | None = None, max_bytes: int | None = None
    ) -> None:
        digest = hashlib.sha256(depends_on.encode()).hexdigest()[:16]
        self.kind = kind
        self.directory = (root or cache_root()) / f"{kind}-{digest}"
        self.max_bytes = max_bytes
        self._unchecked: int | None = None  # bytes stored since the last size check; None: never checked
        with contextlib.suppress(OSError):  # not made yet
            os.utime(self.directory)  # in use: another version's processes leave it alone

    def get(self, name: str, make: Callable[[], T]) -> T:
        """The value stored as ``name``, or ``make()``'s, stored for next time."""
        found = self._load(name)
        if found is not _MISSING:
            return cast(T, found)
        value = make()
        self.store(name, value)
        return value

    def has(self, name: str) -> bool:
        """Whether an entry is stored as ``name`` (whether it reads back is not checked)."""
        return (self.directory / f"{name}.pickle").exists()

    def load(self, name: str) -> object | None:
        """The value stored as ``name``; None when there is none that reads back."""
        found = self._load(name)
        return None if found is _MISSING else found

    def _load(self, name: str) -> object:
        path = self.directory / f"{name}.pickle"
        try:
            with path.open("rb") as file, not_collecting():
                value = pickle.load(file)
        except Exception:  # missing, truncated, or of another layout: made again
            return _MISSING
        if self.max_bytes is not None:
            with contextlib.suppress(OSError):
                os.utime(path)  # used now: the last to be pruned
        return value

    def store(self, name: str, value: object) -> None:
        """Keep ``value`` as ``name`` (replacing what was there), if it can be written."""
        path = self.directory / f"{name}.pickle"
        try:
            if not self.directory.is_dir():
                self.directory.mkdir(parents=True, exist_ok=True)
                self._remove_stale()
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(descriptor, "wb") as file:
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except Exception:  # unwritable, unpicklable or too deep to pickle: made again next time
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            return
        if self.max_bytes is not None:
            with contextlib.suppress(OSError):
                self._unchecked = (self._unchecked or 0) + path.stat().st_size
            self._prune_if_due()

    def _prune_if_due(self) -> None:
        """Check the size at a process's first store, then after each tenth of
        ``max_bytes`` it stores (another process may prune the same entries: harmless)."""
        assert self.max_bytes is not None
        if self._unchecked is not None and self._unchecked < self.max_bytes * CHECK_EVERY:
            return
        self._unchecked = 0
        entries: list[tuple[float, int, str]] = []
        try:
            with os.scandir(self.directory) as found:
                for entry in found:
                    if entry.name.endswith(".pickle"):
                        with contextlib.suppress(OSError):
                            stat = entry.stat()
                            entries.append((stat.st_mtime, stat.st_size, entry.path))
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        if total <= self.max_bytes:
            return
        for _, size, path in sorted(entries):  # read longest ago first
            if total <= self.max_bytes * KEEP:
                break
            with contextlib.suppress(OSError):
                os.unlink(path)
            total -= size

    def _remove_stale(self) -> None:
        """Remove the directories of this kind made for anything else (an older version)
        that no process has opened for ``STALE_AFTER_S``: two versions in use side by side
        (a checkout and a clean clone of it) would otherwise remove each other's."""
        now = time.time()
        for directory in self.directory.parent.glob(f"{self.kind}-*"):
            with contextlib.suppress(OSError):
                if directory != self.directory and now - directory.stat().st_mtime > STALE_AFTER_S:
                    shutil.rmtree(directory, ignore_errors=True)
