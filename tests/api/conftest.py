"""The API's fixture: three small repositories ingested once per test module, and
the app served over real HTTP (uvicorn on a free port, in a thread).

``dates`` (origin curated): ``dates.http.parse_http_date`` ("Parse an HTTP date
  header") calls ``_normalize`` and the external ``email.utils.parsedate_to_datetime``;
  ``dates.cache.Validator.fresh -> Validator.age -> parse_http_date``;
  ``StrictValidator(Validator)`` overrides ``fresh`` (running Validator's through
  ``super()``, so ``self.age`` there may be its own) and ``age``.
``shop`` (in-house): ``shop.cli.main -> Cart.add -> shop.pricing.price -> discount``;
  ``shop.clock.last_modified`` calls ``email.utils.parsedate_to_datetime`` too.
``client`` (in-house): ``client.app.fetch -> shop.pricing.price`` (cross-repo), and
  the module ``client.app`` calls it too, at module level; ``client.test_app.test_fetch``
  (test code) calls ``fetch``.

Functions get embeddings from ``HashEmbedder`` (words hashed into 384 buckets),
so vector, hybrid and ``similar`` work without loading the model.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import textwrap
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import git
import pytest
import uvicorn

from graph_rag.api.app import create_app
from graph_rag.api.context import Backend
from graph_rag.db import free_port
from graph_rag.model import Origin
from graph_rag.services.ingest import ingest
from graph_rag.store import ConnectionSpec, GraphStore, QueryRegistry
from graph_rag.store.queries import CYPHER_DIR

API_TEST_QUERIES = Path(__file__).parent / "cypher"

DATES = {
    "dates/__init__.py": "",
    "dates/http.py": '''\
        """HTTP date helpers."""
        from email.utils import parsedate_to_datetime


        def parse_http_date(value):
            """Parse an HTTP date header into a datetime."""
            return _normalize(parsedate_to_datetime(value))


        def _normalize(moment):
            """Drop the timezone of a datetime."""
            return moment.replace(tzinfo=None)


        def format_http_date(moment):
            """Format a datetime as an HTTP date header."""
            return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")
        ''',
    "dates/cache.py": '''\
        from dates.http import parse_http_date


        class Validator:
            """Decides whether a cached response is fresh."""

            def fresh(self, header):
                """Is the cached response still fresh?"""
                return self.age(header) < 60

            def age(self, header):
                return parse_http_date(header).second


        class StrictValidator(Validator):
            """A validator that trusts nothing."""

            def fresh(self, header):
                return super().fresh(header) and False

            def age(self, header):
                return 0
        ''',
    "LICENSE": "MIT License\n\nPermission is hereby granted, free of charge, to any person\n",
}

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
    "shop/clock.py": '''\
        from email.utils import parsedate_to_datetime


        def last_modified(headers):
            """When the resource last changed, from its HTTP date header."""
            return parsedate_to_datetime(headers["Last-Modified"])
        ''',
}

CLIENT = {
    "client/__init__.py": "",
    "client/app.py": """\
        from shop.pricing import price


        def fetch():
            return price("tea", 1)


        SAMPLE = price("tea", 0)
        """,
    "client/test_app.py": """\
        from client.app import fetch


        def test_fetch():
            assert fetch() > 0
        """,
}

REPOS = (("dates", DATES, Origin.CURATED), ("shop", SHOP, Origin.INHOUSE), ("client", CLIENT, Origin.INHOUSE))

_WORD = re.compile(r"[A-Za-z]+|\d+")


class HashEmbedder:
    """Bag of words hashed into 384 buckets, normalized: shared words, higher cosine."""

    model_name = "hash-bag-of-words"
    dimensions = 384

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return [self.embed_query(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        vector = [0.0] * self.dimensions
        for word in _WORD.findall(re.sub(r"(?<=[a-z])(?=[A-Z])|_", " ", text)):
            bucket = int(hashlib.sha256(word.lower().encode()).hexdigest(), 16) % self.dimensions
            vector[bucket] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]


def make_repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True)
    repo = git.Repo.init(root)
    with repo.config_writer() as config:
        config.set_value("user", "name", "test")
        config.set_value("user", "email", "test@example.invalid")
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content))
    repo.git.add(A=True)
    repo.index.commit("initial")
    return root


def ingest_fixtures(store: GraphStore, tmp: Path, embedder: HashEmbedder) -> None:
    store.write("clear_all")
    for name, files, origin in REPOS:
        root = make_repo(tmp / name, files)
        ingest(str(root), store=store, cache_dir=tmp / "cache", origin=origin, workers=1)
    rows = store.read("api.functions_by_qualname", names=_all_qualnames(store))
    store.write(
        "api_test.set_embeddings",
        rows=[
            {
                "id": r["node"]["id"],
                "vector": embedder.embed_query(f"{r['node']['qualname']} {r['node']['docstring'] or ''}"),
            }
            for r in rows
        ],
        model=embedder.model_name,
    )


def _all_qualnames(store: GraphStore) -> list[str]:
    return [row["id"].partition(":")[2] for row in store.read("graph_nodes") if row["label"] == "Function"]


@pytest.fixture(scope="module")
def api_store(
    connection_spec: ConnectionSpec, session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    """A store of its own (observers are per store) over the fixture graph."""
    queries = QueryRegistry.load(CYPHER_DIR, Path(__file__).parents[1] / "cypher", API_TEST_QUERIES)
    with GraphStore.connect(connection_spec, queries=queries) as store:
        ingest_fixtures(store, tmp_path_factory.mktemp("api-repos"), HashEmbedder())
        yield store


@pytest.fixture(scope="module")
def backend(api_store: GraphStore) -> Backend:
    try:
        from graph_rag.search import Searcher
    except ImportError:  # pragma: no cover - until the search layer lands
        return Backend(store=api_store)
    return Backend(store=api_store, searcher=Searcher(api_store, HashEmbedder()))


@dataclass
class Served:
    url: str
    queries: list[str] = field(default_factory=list)  # named queries sent, in order

    def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(f"{self.url}/graphql", body, {"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as e:  # GraphQL errors may come with a 4xx
            return json.loads(e.read())

    def get(self, path: str) -> tuple[int, Any]:
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())


class ServerThread:
    """uvicorn serving an app on 127.0.0.1:<free port> in a daemon thread."""

    def __init__(self, app: Any) -> None:
        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def served(backend: Backend) -> Iterator[Served]:
    with ServerThread(create_app(backend)) as url:
        yield Served(url)


@pytest.fixture
def api(served: Served, api_store: GraphStore) -> Iterator[Served]:
    """The served app, recording the named queries each test sends."""
    served.queries = []
    observer = lambda name, params: served.queries.append(name)  # noqa: E731
    api_store.observers.append(observer)
    yield served
    api_store.observers.remove(observer)
