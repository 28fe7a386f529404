"""One writer per repository: an ingest (or remove) of a repository another graph-rag
process is writing stops at once with a clear error and writes nothing; the lock goes
with its holder, so a killed ingest never leaves one behind."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph_rag.errors import Busy
from graph_rag.locks import exclusive, repository_lock
from graph_rag.services.ingest import ingest
from graph_rag.store import GraphStore

from .conftest import SHOP

MakeRepo = Callable[[str, dict[str, str | bytes]], Path]

HOLD = """
import sys, time
from pathlib import Path
from graph_rag.locks import repository_lock
with repository_lock(Path(sys.argv[1]), sys.argv[2]):
    print("held", flush=True)
    time.sleep(120)
"""


@pytest.fixture
def held(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock of repository 'shop'."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path / "cache"), "shop"], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    yield holder
    holder.kill()
    holder.wait()


def test_an_ingest_of_a_repository_being_written_stops_and_writes_nothing(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, held: subprocess.Popen[str]
) -> None:
    root = make_repo("shop", SHOP)
    with pytest.raises(
        Busy, match=rf"Repository 'shop' is busy: graph-rag process {held.pid} is working on it"
    ):
        ingest(str(root), store=store, cache_dir=tmp_path / "cache")
    assert store.read("graph_nodes") == []
    held.kill()  # killed, not released: the kernel frees the lock with the process
    held.wait()
    assert ingest(str(root), store=store, cache_dir=tmp_path / "cache").modules == 4


def test_another_repository_is_not_kept_waiting(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, held: subprocess.Popen[str]
) -> None:
    other = make_repo("client", {"client/__init__.py": "", "client/app.py": "def go():\n    pass\n"})
    assert ingest(str(other), store=store, cache_dir=tmp_path / "cache").modules == 2


def test_a_lock_is_free_again_once_released(tmp_path: Path) -> None:
    lock_file = tmp_path / ".locks" / "repo-shop.lock"
    # A second holder is refused, even in the same process.
    with repository_lock(tmp_path, "shop"), pytest.raises(Busy), exclusive(lock_file, "Repository 'shop'"):
        pass
    with repository_lock(tmp_path, "shop"):
        pass
