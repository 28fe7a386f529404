"""Helpers for fault tests: database servers of their own, the CLI pointed at one, and a
snapshot of a graph that tells duplicates and losses apart.

Fault tests never touch the session's server: each starts its own LocalServer in a
temporary directory on free ports (and stops it, or kills it, as the scenario needs).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph_rag.config import DEFAULT_EMBED_DIMENSIONS, DEFAULT_EMBED_MODEL
from graph_rag.db import LocalServer, free_port
from graph_rag.services.connection import local_spec
from graph_rag.store import GraphStore, apply_schema

CLI = str(Path(sys.executable).with_name("graph-rag"))


@contextlib.contextmanager
def own_server(data_dir: Path) -> Iterator[LocalServer]:
    """A LocalServer of the test's own, started on free ports, stopped at the end."""
    server = LocalServer(data_dir, bolt_port=free_port(), http_port=free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def connect(server: LocalServer) -> GraphStore:
    store = GraphStore.connect(local_spec(server))
    apply_schema(store, embedding_model=DEFAULT_EMBED_MODEL, dimensions=DEFAULT_EMBED_DIMENSIONS)
    return store


def cli_env(server: LocalServer, home: Path, **extra: str) -> dict[str, str]:
    """Environment for ``graph-rag`` subprocesses that use ``server`` (as settings_env does)."""
    home.mkdir(parents=True, exist_ok=True)
    link = home / "db"
    if not link.exists():
        link.symlink_to(server.data_dir)
    return {
        **os.environ,
        "GRAPH_RAG_HOME": str(home),
        "GRAPH_RAG_BOLT_PORT": str(server.bolt_port),
        "GRAPH_RAG_HTTP_PORT": str(server.http_port),
        "HF_HUB_OFFLINE": "1",
        **extra,
    }


@dataclass(frozen=True)
class Snapshot:
    """Counts, a checksum of every property (minus the ingest time), and duplicates."""

    nodes: int
    relationships: int
    digest: str
    duplicate_ids: int  # nodes sharing an id with another node

    @property
    def fingerprint(self) -> tuple[int, int, str]:
        return self.nodes, self.relationships, self.digest


def snapshot(store: GraphStore) -> Snapshot:
    nodes = store.read("graph_nodes")
    rels = store.read("graph_relationships")
    for node in nodes:
        node["props"].pop("indexed_at", None)
    for rel in rels:
        rel["props"] = dict(sorted(rel["props"].items()))
    digest = hashlib.sha256(
        json.dumps(
            [sorted(nodes, key=json.dumps), sorted(rels, key=json.dumps)], sort_keys=True, default=str
        ).encode()
    ).hexdigest()
    ids = Counter(n["id"] for n in nodes)
    return Snapshot(len(nodes), len(rels), digest, sum(c - 1 for c in ids.values() if c > 1))


def big_package(modules: int, functions: int) -> dict[str, str]:
    """Package ``big``: module m<i> defines f0..f<n> calling the same function of m<i-1>,
    and a class whose method calls f0 (so every kind of node and edge is written)."""
    files = {"big/__init__.py": ""}
    for m in range(modules):
        lines = [f"from big import m{m - 1}\n" if m else ""]
        for f in range(functions):
            call = f"m{m - 1}.f{f}()" if m else "None"
            lines.append(f'\n\ndef f{f}():\n    """Function {f} of module {m}."""\n    return {call}\n')
        lines.append(f"\n\nclass C{m}:\n    def run(self):\n        return f0()\n")
        files[f"big/m{m}.py"] = "".join(lines)
    return files


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root
