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
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from graph_rag.config import user_cache_dir

T = TypeVar("T")


def cache_root() -> Path:
    """The directory under which the parser's caches live."""
    return user_cache_dir() / "parse"


class DiskCache:
    """Values by name, under a directory named for everything they depend on.

    ``depends_on`` names whatever would make a stored value wrong (a library's version,
    the Python version, the source of the code that made it); its hash names the
    directory, so a change to any of them starts a fresh cache, and the stale ones of
    that kind are removed when it does (they would never be read again).
    """

    def __init__(self, kind: str, depends_on: str, root: Path | None = None) -> None:
        digest = hashlib.sha256(depends_on.encode()).hexdigest()[:16]
        self.kind = kind
        self.directory = (root or cache_root()) / f"{kind}-{digest}"

    def get(self, name: str, make: Callable[[], T]) -> T:
        """The value stored as ``name``, or ``make()``'s, stored for next time."""
        path = self.directory / f"{name}.pickle"
        try:
            with path.open("rb") as file:
                return pickle.load(file)
        except Exception:  # missing, truncated, or of another layout: make it again
            pass
        value = make()
        self._store(path, value)
        return value

    def _store(self, path: Path, value: object) -> None:
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

    def _remove_stale(self) -> None:
        """Remove the directories of this kind made for anything else (an older version)."""
        for directory in self.directory.parent.glob(f"{self.kind}-*"):
            if directory != self.directory:
                shutil.rmtree(directory, ignore_errors=True)
