"""The database goes away and comes back: requests fail with a clear message while it is
down, /health says so, and the same server process answers again once it returns.
While it is down a request waits out the driver's transaction retries, which the API
bounds to 2 s (GraphStore.connect(retry_s=2.0), as backend_from_settings does);
/health asks once (GraphStore.ping) and tells the driver's reason as a query does.

Runs its own LocalServer on free ports (the session's server is left alone) holding
one small repository (``shop`` of conftest.py).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_rag.api.app import HEALTH_TIMEOUT_S, create_app
from graph_rag.api.context import Backend
from graph_rag.config import DEFAULT_EMBED_DIMENSIONS, DEFAULT_EMBED_MODEL
from graph_rag.db import LocalServer, free_port
from graph_rag.services.connection import local_spec
from graph_rag.services.ingest import ingest
from graph_rag.store import GraphStore, apply_schema

from .conftest import SHOP, Served, ServerThread, make_repo

pytestmark = pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="needs the local server")

QUERY = '{ function(id: "shop:shop.pricing.price") { callers { qualifiedName } } }'


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[LocalServer]:
    server = LocalServer(tmp_path / "db", bolt_port=free_port(), http_port=free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_the_api_reports_a_down_database_and_recovers_without_a_restart(
    own_server: LocalServer, tmp_path: Path
) -> None:
    spec = local_spec(own_server)
    with GraphStore.connect(spec, retry_s=2.0) as store:
        apply_schema(store, embedding_model=DEFAULT_EMBED_MODEL, dimensions=DEFAULT_EMBED_DIMENSIONS)
        ingest(str(make_repo(tmp_path / "shop", SHOP)), store=store, cache_dir=tmp_path / "cache")
        with ServerThread(create_app(Backend(store=store), mcp=False)) as url:
            api = Served(url)
            assert "errors" not in api.post(QUERY)

            own_server.stop()
            result = api.post(QUERY)
            message = result["errors"][0]["message"]
            assert message.startswith(f"Cannot reach the database at {spec.uri}")
            assert "Traceback" not in message
            started = time.monotonic()
            status, health = api.get("/health")
            # The same words as the query's, at once: not "no answer within 3 s" while
            # the driver retried a refused connection past the health check's wait.
            assert (status, health["database"]["reachable"], health["search"]) == (503, False, False)
            assert health["database"]["error"] == message
            assert time.monotonic() - started < HEALTH_TIMEOUT_S

            own_server.start()
            deadline = time.monotonic() + 60  # the driver's back-off decides when it retries
            while (status := api.get("/health")[0]) != 200 and time.monotonic() < deadline:
                time.sleep(1)
            assert status == 200
            again = api.post(QUERY)
            assert "errors" not in again, again
            assert again["data"]["function"]["callers"] == [{"qualifiedName": "shop.cart.Cart.add"}]
