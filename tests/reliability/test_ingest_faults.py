"""Faults during ingest: after each, a re-run converges on the graph of a clean run (same
node and relationship counts, same checksum of every property) with no duplicate ids.

Fixture: package ``big`` (conftest.big_package: 24 modules of 6 functions and a class,
each calling into the previous module), ingested by ``graph-rag ingest --no-embed``
subprocesses with GRAPH_RAG_WRITE_CHUNK_ROWS=30, so the write stage is many small
transactions and a fault lands between or inside them.

Scenarios, each on a server of its own (the session's server is never touched):
- SIGKILL of the ingest at a point drawn from a seed (three seeds): before any write
  (start-up, discovery, parsing) or once k of the 24 modules are written;
- the database stopped while the ingest writes (the ingest fails with a clear
  message), started again, the ingest re-run;
- the disk full: the server's data directory on a small tmpfs (this test runs as root
  and mounts one), filled up while the ingest writes, then freed; and, where no
  mount is possible or as well, a simulated write failure at the store boundary
  (GraphStore.write_many raising StoreError after some chunks).
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_rag.errors import StoreError
from graph_rag.services.ingest import ingest
from graph_rag.store import GraphStore

from .conftest import CLI, Snapshot, big_package, cli_env, connect, own_server, snapshot, write_tree

CHUNK_ROWS = "30"
MODULES = 24
SEEDS = (1, 42, 31)


def _ingest(root: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, "ingest", str(root), "--no-embed", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _start(root: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [CLI, "ingest", str(root), "--no-embed", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _modules(store: GraphStore) -> int:
    return {r["label"]: r["nodes"] for r in store.read("node_counts")}.get("Module", 0)


def _wait_for_modules(store: GraphStore, victim: subprocess.Popen[str], at_least: int) -> None:
    deadline = time.monotonic() + 180
    while _modules(store) < at_least:
        assert victim.poll() is None, "the ingest finished before the fault"
        assert time.monotonic() < deadline, "the ingest wrote nothing"
        time.sleep(0.05)


def _converged(store: GraphStore, clean: Snapshot) -> None:
    after = snapshot(store)
    assert after.duplicate_ids == 0
    assert after.fingerprint == clean.fingerprint, (after, clean)


@pytest.fixture(scope="module")
def rig(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, Path, dict[str, str], Snapshot, float]]:
    """(repo, server data dir, CLI env, clean snapshot, clean wall time) on a server of its own."""
    tmp = tmp_path_factory.mktemp("ingest-faults")
    root = write_tree(tmp / "big", big_package(MODULES, 6))
    with own_server(tmp / "db") as server:
        env = cli_env(server, tmp / "home", GRAPH_RAG_WRITE_CHUNK_ROWS=CHUNK_ROWS)
        with connect(server) as store:
            began = time.perf_counter()
            clean = _ingest(root, env)
            assert clean.returncode == 0, clean.stderr
            wall = time.perf_counter() - began
            expected = snapshot(store)
            assert expected.duplicate_ids == 0 and expected.nodes > 24 * 8
            yield root, server.data_dir, env, expected, wall


@pytest.fixture
def store(rig: tuple[Path, Path, dict[str, str], Snapshot, float]) -> Iterator[GraphStore]:
    from graph_rag.db import LocalServer

    _, data_dir, env, _, _ = rig
    server = LocalServer(
        data_dir, bolt_port=int(env["GRAPH_RAG_BOLT_PORT"]), http_port=int(env["GRAPH_RAG_HTTP_PORT"])
    )
    if not server.status().running:
        server.start()
    with connect(server) as s:
        s.write("clear_all")
        yield s


def kill_point(seed: int | None) -> int:
    """0: before anything is written (after a seeded 0.3-2 s: start-up, discovery, parsing);
    k in 1..MODULES: once k modules are written (mid-write, between or inside chunks);
    MODULES + 1: every module written, before relink and structure (seed None)."""
    if seed is None:
        return MODULES + 1
    return random.Random(seed).choice([0, *range(1, MODULES)])


POINTS = (*SEEDS, None)


@pytest.mark.parametrize("seed", POINTS, ids=[f"point{kill_point(s)}-seed{s}" for s in POINTS])
def test_sigkill_at_a_seeded_point_then_rerun_converges(rig, store: GraphStore, seed: int | None) -> None:
    """Point MODULES + 1 found a bug (fixed): the re-run wrote nothing new, so relink() left
    the killed run's edges into not-yet-written modules on External stand-ins."""
    root, _, env, clean, _ = rig
    point = kill_point(seed)
    victim = _start(root, env)
    if point == 0:
        time.sleep(random.Random(seed).uniform(0.3, 2.0))
    else:
        _wait_for_modules(store, victim, point)
    killed = victim.poll() is None
    victim.send_signal(signal.SIGKILL)
    victim.communicate()
    assert killed, f"seed {seed}: the ingest ended before the kill point {point}"
    assert all(repo["complete"] is False for repo in store.read("list_repositories"))

    rerun = _ingest(root, env)
    assert rerun.returncode == 0, rerun.stderr
    _converged(store, clean)


def test_database_stopped_mid_write_then_restarted_and_rerun_converges(rig, store: GraphStore) -> None:
    from graph_rag.db import LocalServer

    root, data_dir, env, clean, _ = rig
    server = LocalServer(
        data_dir, bolt_port=int(env["GRAPH_RAG_BOLT_PORT"]), http_port=int(env["GRAPH_RAG_HTTP_PORT"])
    )
    victim = _start(root, env)
    _wait_for_modules(store, victim, 5)
    # Held while the server goes, so it cannot finish its last writes in between and exit 0
    # (a race the test could lose once ingest got faster).
    victim.send_signal(signal.SIGSTOP)
    server.stop()
    victim.send_signal(signal.SIGCONT)
    out, err = victim.communicate(timeout=180)
    assert victim.returncode == 1, (out, err)
    assert "Cannot reach the database" in err or "database" in err.lower(), err
    assert "authentication failed" not in err, err  # ArcadeDB's goodbye is no password problem
    assert "Traceback" not in err

    server.start()
    with connect(server) as again:
        rerun = _ingest(root, env)
        assert rerun.returncode == 0, rerun.stderr
        assert '"resumed": true' in rerun.stdout
        _converged(again, clean)


def test_a_failed_write_at_the_store_boundary_then_rerun_converges(
    rig, store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated (in-process): the fourth write transaction fails as a full disk would."""
    root, _, _, clean, _ = rig
    real = GraphStore.write_many
    calls = {"n": 0}

    def failing(self: GraphStore, steps):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 4:
            raise StoreError("upsert_modules", "No space left on device (simulated)")
        return real(self, steps)

    monkeypatch.setattr(GraphStore, "write_many", failing)
    with pytest.raises(StoreError, match="No space left on device"):
        ingest(str(root), store=store, cache_dir=tmp_path / "cache", workers=1, chunk_rows=int(CHUNK_ROWS))
    monkeypatch.setattr(GraphStore, "write_many", real)
    assert snapshot(store).fingerprint != clean.fingerprint

    report = ingest(
        str(root), store=store, cache_dir=tmp_path / "cache", workers=1, chunk_rows=int(CHUNK_ROWS)
    )
    assert report.resumed
    _converged(store, clean)


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    return done.returncode == 0


def test_disk_full_on_a_tmpfs_data_dir_then_space_freed_and_rerun_converges(rig, tmp_path: Path) -> None:
    root, _, _, clean, _ = rig
    mount = tmp_path / "small"
    if not _mount_tmpfs(mount, "96m"):
        pytest.fail("cannot mount a tmpfs here (not root?): only the simulated disk-full test applies")
    try:
        with own_server(mount / "db") as server, connect(server) as store:
            env = cli_env(server, tmp_path / "home", GRAPH_RAG_WRITE_CHUNK_ROWS=CHUNK_ROWS)
            # Made before the ingest starts: opening a new file on a disk the server had
            # filled meanwhile failed the test itself (ENOSPC), under a loaded machine.
            filler = mount / "filler"
            with filler.open("wb", buffering=0) as f:  # unbuffered: a full disk fails the write
                victim = _start(root, env)
                _wait_for_modules(store, victim, 3)
                # Fill the disk: what is left of the tmpfs goes to one file.
                try:
                    while True:
                        f.write(b"\0" * (1 << 20))
                except OSError:
                    pass
            _, err = victim.communicate(timeout=240)
            full_failed = victim.returncode != 0
            filler.unlink()
            if full_failed:
                assert "Traceback" not in err, err
            rerun = _ingest(root, env)
            if rerun.returncode != 0:  # the server may need a restart after a full disk
                server.stop()
                server.start()
                rerun = _ingest(root, env)
            assert rerun.returncode == 0, rerun.stderr
            with connect(server) as again:
                _converged(again, clean)
            assert full_failed, "the ingest finished despite the full disk (nothing was tested)"
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)
        shutil.rmtree(mount, ignore_errors=True)
