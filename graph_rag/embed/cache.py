"""A content-addressed store of vectors, so no text is embedded twice.

Keys are (model name, hash of the embedded text): unchanged functions,
re-ingests and code duplicated across repositories all hit; a different model
(or max length, or quantization, all of which show in ``model_name``) misses.
Vectors are float32 bytes, 1.5 KiB per 384-dim vector, in one small sqlite
file (default ``.graph-rag/embeddings.sqlite`` under the working directory).

One writer at a time: WAL mode lets readers carry on while it writes, and a
busy timeout makes a second writer wait rather than fail at once. A file that sqlite
cannot read is set aside (``embeddings.sqlite.damaged-<time>``) and a new one started.
sqlite checks its pages' structure, not their contents, so each vector is stored with
the CRC-32 of its bytes: one changed in place reads as missing (computed again, and
overwritten), never as a wrong vector. Vectors a file held before checksums were kept
(no ``crc``) are read as they are.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import time
import zlib
from array import array
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType

from graph_rag.embed.base import Vector
from graph_rag.errors import ConfigError

log = logging.getLogger(__name__)

DEFAULT_CACHE_PATH = Path(".graph-rag") / "embeddings.sqlite"
_CHUNK = 500  # keys per SELECT, well under sqlite's bound on parameters

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    vector BLOB NOT NULL,
    crc INTEGER,
    PRIMARY KEY (model, text_hash)
) WITHOUT ROWID
"""


class EmbeddingCache:
    """Vectors by (model name, text hash) in a sqlite file; use as a context manager."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else Path.cwd() / DEFAULT_CACHE_PATH
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.is_dir():
            raise ConfigError(f"The vector cache {self.path} is a folder; move it away (a file goes there).")
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as e:
            self._db = self._start_again(e)

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # WAL keeps it consistent; a cache may lose its last write
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_SCHEMA)
            _add_checksums(db)
        except BaseException:
            db.close()
            raise
        return db

    def _start_again(self, error: sqlite3.DatabaseError) -> sqlite3.Connection:
        """A damaged file (a full disk, a copy cut short) only costs its vectors being
        computed again: it is set aside, never deleted, and a new one started."""
        aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        for suffix in ("", "-wal", "-shm"):
            part = self.path.with_name(self.path.name + suffix)
            if part.exists():
                part.replace(aside.with_name(aside.name + suffix))
        log.warning(
            "The vector cache %s could not be read (%s): set aside as %s; vectors are computed again.",
            self.path,
            error,
            aside.name,
        )
        return self._open()

    def _reopen(self, error: sqlite3.DatabaseError) -> None:
        """The open file turned out damaged while in use: set aside, a new one started."""
        self._db.close()
        self._db = self._start_again(error)

    def get_many(self, model: str, text_hashes: Iterable[str]) -> dict[str, Vector]:
        """The cached vectors among ``text_hashes`` (missing ones are absent)."""
        keys = list(dict.fromkeys(text_hashes))
        found: dict[str, Vector] = {}
        damaged = 0
        try:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT text_hash, vector, crc FROM vectors WHERE model = ? AND text_hash IN ({marks})",  # noqa: S608 - only placeholders are interpolated
                    [model, *chunk],
                )
                for key, blob, crc in rows:
                    vector = _intact(blob, crc)
                    if vector is None:
                        damaged += 1
                    else:
                        found[key] = vector
        except sqlite3.DatabaseError as e:  # damaged past its first page: nothing found
            self._reopen(e)
            return {}
        if damaged:
            log.warning(
                "%d vector(s) in %s were changed on disk (their checksums differ): computed again.",
                damaged,
                self.path,
            )
        return found

    def put_many(self, model: str, vectors: Mapping[str, Vector]) -> None:
        """Store vectors by text hash, in one transaction."""
        packed = {key: _pack(vector) for key, vector in vectors.items()}
        rows = [(model, key, blob, zlib.crc32(blob)) for key, blob in packed.items()]
        try:
            self._insert(rows)
        except sqlite3.DatabaseError as e:
            self._reopen(e)
            self._insert(rows)

    def _insert(self, rows: list[tuple[str, str, bytes, int]]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (model, text_hash, vector, crc) VALUES (?, ?, ?, ?)", rows
            )

    def __len__(self) -> int:
        (count,) = self._db.execute("SELECT count(*) FROM vectors").fetchone()
        return int(count)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _add_checksums(db: sqlite3.Connection) -> None:
    """A file written before vectors had checksums gains the column (its rows keep none)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(vectors)")}
    if "crc" in columns:
        return
    try:
        db.execute("ALTER TABLE vectors ADD COLUMN crc INTEGER")
    except sqlite3.OperationalError as e:  # another process added it first
        if "duplicate column" not in str(e):
            raise


def _intact(blob: bytes, crc: int | None) -> Vector | None:
    """The vector ``blob`` holds; None where its bytes are not what was written."""
    if crc is not None and zlib.crc32(blob) != crc:
        return None
    if len(blob) % 4:  # cut mid-value: only where there was no checksum to tell
        return None
    return _unpack(blob)


def _pack(vector: Vector) -> bytes:
    values = array("f", vector)
    if sys.byteorder == "big":  # the file is little-endian everywhere
        values.byteswap()
    return values.tobytes()


def _unpack(blob: bytes) -> Vector:
    values = array("f")
    values.frombytes(blob)
    if sys.byteorder == "big":
        values.byteswap()
    return values.tolist()
