"""A killed ingest, re-run, converges on the graph of a clean run.

Fixture: a generated package ``big`` of 40 modules, each calling functions of
the previous module, written in many small transactions (GRAPH_RAG_WRITE_CHUNK_ROWS)
so a SIGKILL lands in the middle of the write stage.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from graph_rag.store import GraphStore

from .conftest import graph_fingerprint

MakeRepo = Callable[[str, dict[str, str | bytes]], Path]


def _big_package(modules: int = 40, functions: int = 8) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"big/__init__.py": ""}
    for m in range(modules):
        lines = [f"from big import m{m - 1}\n" if m else ""]
        for f in range(functions):
            call = f"m{m - 1}.f{f}()" if m else "None"
            lines.append(f'\n\ndef f{f}():\n    """Function {f} of module {m}."""\n    return {call}\n')
        files[f"big/m{m}.py"] = "".join(lines)
    return files


def _ingest_command(root: Path) -> list[str]:
    cli = Path(sys.executable).with_name("graph-rag")
    return [str(cli), "ingest", str(root), "--no-embed", "--json"]


def test_sigkill_during_write_then_rerun_equals_a_clean_run(
    store: GraphStore, make_repo: MakeRepo, settings_env: Path
) -> None:
    root = make_repo("big", _big_package())
    env = {**os.environ, "GRAPH_RAG_WRITE_CHUNK_ROWS": "40"}
    clean = subprocess.run(_ingest_command(root), env=env, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stderr
    expected = graph_fingerprint(store)

    store.write("clear_all")
    victim = subprocess.Popen(
        _ingest_command(root), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        modules = {r["label"]: r["nodes"] for r in store.read("node_counts")}.get("Module", 0)
        if modules >= 10:
            break
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    (repo,) = store.read("list_repositories")
    assert repo["complete"] is False, "the kill must land before the ingest finished"
    assert graph_fingerprint(store) != expected

    rerun = subprocess.run(_ingest_command(root), env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert '"resumed": true' in rerun.stdout
    assert graph_fingerprint(store) == expected
