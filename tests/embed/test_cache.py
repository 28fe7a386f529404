"""EmbeddingCache: float32 vectors by (model name, text hash) in a sqlite file."""

from __future__ import annotations

import sqlite3
from array import array
from pathlib import Path

import pytest

from graph_rag.embed import DEFAULT_CACHE_PATH, EmbeddingCache
from graph_rag.errors import ConfigError

VECTOR = [0.5, -0.25, 0.125, 1.0]


def test_vectors_come_back_as_stored(tmp_path: Path) -> None:
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cache.put_many("m", {"h1": VECTOR})
        assert cache.get_many("m", ["h1", "unknown"]) == {"h1": VECTOR}


def test_vectors_are_stored_as_float32(tmp_path: Path) -> None:
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cache.put_many("m", {"h": [0.1]})
        (value,) = cache.get_many("m", ["h"])["h"]
    assert value == pytest.approx(0.1, abs=1e-8)
    assert value != 0.1  # 0.1 is not exact in float32: 4 bytes per value, not 8


def test_keys_include_the_model_name(tmp_path: Path) -> None:
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cache.put_many("model-a", {"h": VECTOR})
        assert cache.get_many("model-b", ["h"]) == {}


def test_vectors_outlive_the_connection(tmp_path: Path) -> None:
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cache.put_many("m", {f"h{i}": VECTOR for i in range(1200)})
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        assert len(cache) == 1200
        assert len(cache.get_many("m", [f"h{i}" for i in range(1200)])) == 1200


def test_default_file_is_under_dot_graph_rag_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with EmbeddingCache() as cache:
        assert cache.path == tmp_path / DEFAULT_CACHE_PATH
    assert (tmp_path / ".graph-rag" / "embeddings.sqlite").is_file()


def _filled(path: Path, count: int = 3000) -> None:
    with EmbeddingCache(path) as cache:
        cache.put_many("m", {f"h{i}": [float(i)] * 384 for i in range(count)})


@pytest.mark.parametrize("damage", ["cut short", "overwritten in the middle", "not sqlite"])
def test_a_damaged_file_is_set_aside_and_the_cache_starts_again(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A cache only saves work: a file sqlite cannot read (a full disk, a copy cut short)
    costs its vectors being computed again, never the ingest. It is kept beside, renamed."""
    path = tmp_path / "c.sqlite"
    _filled(path)
    data = bytearray(path.read_bytes())
    if damage == "cut short":
        path.write_bytes(data[: len(data) // 3])
    elif damage == "overwritten in the middle":  # the headers of the pages there
        first = len(data) // 3 // 4096 * 4096
        for start in range(first, 2 * len(data) // 3, 4096):
            data[start : start + 200] = b"\xab" * 200
        path.write_bytes(bytes(data))
    else:
        path.write_bytes(b"this is no database" * 100)

    with EmbeddingCache(path) as cache:
        found = cache.get_many("m", [f"h{i}" for i in range(3000)])
        assert len(found) < 3000  # what is lost is computed again
        cache.put_many("m", {"new": VECTOR})
        assert cache.get_many("m", ["new"]) == {"new": VECTOR}
    (aside,) = tmp_path.glob("c.sqlite.damaged-*")
    assert aside.stat().st_size > 0
    assert "could not be read" in caplog.text and aside.name in caplog.text


def test_a_vector_changed_in_place_reads_as_missing_and_is_computed_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """sqlite checks its pages, not what they hold: a vector whose bytes changed on disk
    (same length, the file still valid) must not come back as a wrong vector."""
    path = tmp_path / "c.sqlite"
    _filled(path, count=10)
    with sqlite3.connect(path) as db:
        (blob,) = db.execute("SELECT vector FROM vectors WHERE text_hash = 'h7'").fetchone()
        changed = bytes([blob[0] ^ 0xFF]) + blob[1:]
        db.execute("UPDATE vectors SET vector = ? WHERE text_hash = 'h7'", (changed,))
    db.close()

    with EmbeddingCache(path) as cache:
        found = cache.get_many("m", [f"h{i}" for i in range(10)])
        assert sorted(found) == sorted(f"h{i}" for i in range(10) if i != 7)
        assert found["h3"] == [3.0] * 384
        assert "1 vector(s)" in caplog.text and "checksums differ" in caplog.text
        cache.put_many("m", {"h7": [7.0] * 384})  # computed again: written over the damaged one
        assert cache.get_many("m", ["h7"]) == {"h7": [7.0] * 384}


def test_a_file_from_before_checksums_keeps_its_vectors(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE vectors (model TEXT NOT NULL, text_hash TEXT NOT NULL, vector BLOB NOT NULL,"
            " PRIMARY KEY (model, text_hash)) WITHOUT ROWID"
        )
        db.execute("INSERT INTO vectors VALUES ('m', 'old', ?)", (array("f", VECTOR).tobytes(),))
    db.close()

    with EmbeddingCache(path) as cache:
        cache.put_many("m", {"new": VECTOR})
        assert cache.get_many("m", ["old", "new"]) == {"old": VECTOR, "new": VECTOR}
    with sqlite3.connect(path) as db:
        checksums = dict(db.execute("SELECT text_hash, crc FROM vectors"))
    db.close()
    assert checksums["old"] is None and isinstance(checksums["new"], int)


def test_a_folder_where_the_file_goes_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "c.sqlite").mkdir()
    with pytest.raises(ConfigError, match=r"The vector cache .*c\.sqlite is a folder"):
        EmbeddingCache(tmp_path / "c.sqlite")
