"""Open the graph store the settings point at, starting the local server when needed."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from graph_rag.config import DEFAULT_HTTP_PORT, Settings
from graph_rag.db import LocalServer
from graph_rag.errors import ConfigError
from graph_rag.store import ConnectionSpec, GraphStore

# What the neo4j driver connects to (its http:// and https:// schemes are a preview API).
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def local_server(settings: Settings) -> LocalServer:
    return LocalServer(settings.db_dir, bolt_port=settings.bolt_port, http_port=settings.http_port)


def connection_spec(settings: Settings) -> ConnectionSpec:
    """Where to connect: NEO4J_URI when set, else the local server's address and password."""
    if settings.neo4j_uri:
        if settings.neo4j_password is None:
            raise ConfigError("NEO4J_URI is set but NEO4J_PASSWORD is not.")
        scheme = urlsplit(settings.neo4j_uri).scheme
        if scheme not in BOLT_SCHEMES:
            raise ConfigError(
                f"NEO4J_URI must be a Bolt address ({', '.join(f'{s}://' for s in BOLT_SCHEMES)}), "
                f"got {settings.neo4j_uri!r}."
            )
        host = urlsplit(settings.neo4j_uri).hostname or "127.0.0.1"
        return ConnectionSpec(
            uri=settings.neo4j_uri,
            user=settings.neo4j_user,
            password=settings.neo4j_password,
            database=settings.neo4j_database,
            http_url=f"http://{host}:{settings.http_port or DEFAULT_HTTP_PORT}",
        )
    return local_spec(local_server(settings))


def local_spec(server: LocalServer) -> ConnectionSpec:
    """How to reach a local server graph-rag runs itself (its failures' hint says so)."""
    conn = server.connection()
    return ConnectionSpec(
        uri=conn.uri,
        user=conn.user,
        password=conn.password,
        database=conn.database,
        http_url=server.http_url(),
        local=True,
    )


def open_store(
    settings: Settings,
    *,
    start_local: bool = True,
    announce: Callable[[str], None] = lambda _: None,
    retry_s: float = 15.0,
) -> GraphStore:
    """Connect to the configured database; start the local server first if it is down."""
    if settings.uses_local_server and start_local:
        info, started = local_server(settings).ensure_running()
        if started:
            announce(f"Started the local database server at {info.uri} (data in {info.data_dir}).")
    return GraphStore.connect(connection_spec(settings), retry_s=retry_s)
