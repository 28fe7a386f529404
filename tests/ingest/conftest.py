"""Fixture repositories made in each test: small git repos with known calls.

``shop`` (package ``shop``):
  shop/__init__.py    re-exports ``Cart``
  shop/cart.py        ``Cart.add`` calls ``shop.pricing.price``; ``Cart.total`` calls ``sum``
  shop/pricing.py     ``price`` calls ``shop.pricing.discount`` and ``round``
  shop/cli.py         ``main`` builds a ``Cart`` and calls ``requests.get`` (external)

``client`` (package ``client``): ``client.app.fetch`` calls ``shop.pricing.price``,
so ingesting ``shop`` turns that External stand-in into a real cross-repo edge.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import git
import pytest

from graph_rag.store import GraphStore

SHOP = {
    "shop/__init__.py": "from shop.cart import Cart\n",
    "shop/cart.py": '''\
        """A shopping cart."""
        from shop.pricing import price


        class Cart:
            """Items and their prices."""

            def __init__(self):
                self.items = []

            def add(self, name, amount):
                """Add an item at its price."""
                self.items.append(price(name, amount))

            def total(self):
                return sum(self.items)
        ''',
    "shop/pricing.py": '''\
        def discount(amount):
            return amount * 0.9


        def price(name, amount):
            """The price of an item, discounted."""
            return round(discount(amount), 2)
        ''',
    "shop/cli.py": """\
        import requests

        from shop.cart import Cart


        def main():
            cart = Cart()
            cart.add("tea", 3)
            requests.get("https://example.invalid")
            return cart.total()
        """,
    "README.md": "# shop\n",
    "LICENSE": "MIT License\n\nPermission is hereby granted, free of charge, to any person\n",
}

CLIENT = {
    "client/__init__.py": "",
    "client/app.py": """\
        from shop.pricing import price


        def fetch():
            return price("tea", 1)
        """,
}


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content))


def commit_all(root: Path, message: str = "change") -> str:
    repo = git.Repo(root)
    repo.git.add(A=True)
    repo.index.commit(message)
    return repo.head.commit.hexsha


def init_repo(root: Path, files: dict[str, str | bytes], *, branch: str | None = None) -> Path:
    """A new git repository at ``root`` holding ``files`` in one commit."""
    root.mkdir(parents=True)
    repo = git.Repo.init(root, **({"initial_branch": branch} if branch else {}))
    with repo.config_writer() as config:
        config.set_value("user", "name", "test")
        config.set_value("user", "email", "test@example.invalid")
    write_tree(root, files)
    commit_all(root, "initial")
    return root


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[[str, dict[str, str | bytes]], Path]:
    return lambda name, files: init_repo(tmp_path / name, files)


def graph_fingerprint(store: GraphStore) -> tuple[dict[str, int], str]:
    """Node and relationship counts, and a hash of every property (minus the ingest time)."""
    nodes = store.read("graph_nodes")
    rels = store.read("graph_relationships")
    for node in nodes:
        node["props"].pop("indexed_at", None)
    for rel in rels:
        rel["props"] = dict(sorted(rel["props"].items()))
    counts = {"nodes": len(nodes), "relationships": len(rels)}
    digest = hashlib.sha256(
        json.dumps([nodes, sorted(rels, key=json.dumps)], sort_keys=True, default=str).encode()
    ).hexdigest()
    return counts, digest
