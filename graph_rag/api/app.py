"""The ASGI app: GraphQL (with GraphiQL) at /graphql, /health, and MCP at /mcp.

``create_app(backend)`` serves whatever adapters it is given (tests pass a store
on their own server and a small embedder); ``backend_from_settings`` is the
factory that wires the real ones: the configured database (starting the local
server when needed) and the sentence-transformers embedder, loaded once here so
the first search does not pay for it. Sessions the API opens are READ sessions
(``GraphStore.read``); nothing here writes.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from graph_rag.api.body_limit import MAX_BODY_BYTES, BodyLimit
from graph_rag.api.context import Backend, Context
from graph_rag.api.limits import REQUEST_TIMEOUT_S
from graph_rag.api.schema import schema
from graph_rag.config import Settings
from graph_rag.errors import GraphRagError

log = logging.getLogger(__name__)

HEALTH_TIMEOUT_S = 3.0


class GraphQLApp(GraphQL):  # type: ignore[type-arg]
    def __init__(self, backend: Backend) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=True)
        self.backend = backend

    async def get_context(self, request: Any, response: Any) -> Context:  # type: ignore[override]
        return Context(self.backend)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A request Strawberry refuses before any GraphQL runs (malformed JSON, another
        content type, no query) is answered as every other error is, a JSON body of
        ``errors``: Strawberry sends its reason as plain text, which a client reading the
        answer as JSON (an agent's HTTP tool) failed to decode instead of showing it."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as e:
            response = JSONResponse({"errors": [{"message": e.reason}]}, status_code=e.status_code)
        await response(scope, receive, send)

    async def parse_http_body(self, request: Any) -> Any:
        """A POST in another content type is refused as one (415, saying what to send),
        where Strawberry answered 400 "Unsupported content type"."""
        if request.method != "GET":
            media_type = (request.content_type or "").partition(";")[0].strip().lower()
            if "application/json" not in media_type:  # Strawberry's own test
                sent = f", not '{media_type}'." if media_type else "; it had no Content-Type header."
                raise HTTPException(415, f"Send the request as JSON (Content-Type: application/json){sent}")
        return await super().parse_http_body(request)

    def parse_query_params(self, params: Any) -> dict[str, Any]:
        """A GET's ``variables`` and ``extensions`` are JSON objects in the query string: a
        bad one is named (Strawberry spoke of "the request body", which a GET has none of)."""
        parsed = dict(params)
        for name in ("variables", "extensions"):
            text = parsed.get(name)
            if not text:
                continue
            try:
                value = json.loads(text)
            except (ValueError, RecursionError):
                raise HTTPException(400, f"The `{name}` query parameter is not valid JSON.") from None
            if not isinstance(value, dict):
                raise HTTPException(400, f"The `{name}` query parameter must be a JSON object.")
            parsed[name] = value
        return parsed

    def decode_json(self, data: str | bytes) -> object:
        """Strawberry's decoder answers only JSON syntax errors with a 400; a body that
        is not UTF-8, nests too deeply or is not an object gave a 500 without this."""
        try:
            value = json.loads(data)
        except UnicodeDecodeError:
            raise HTTPException(400, "The request body is not UTF-8 encoded JSON.") from None
        except RecursionError:
            raise HTTPException(400, "The request body's JSON nests too deeply.") from None
        if not isinstance(value, dict | list):
            raise HTTPException(400, "Expected a JSON object with a `query`.")
        return value


def health_report(backend: Backend, latency_ms: float | None, error: str | None) -> dict[str, Any]:
    store = backend.store
    return {
        "status": "ok" if error is None else "unavailable",
        "database": {
            "reachable": error is None,
            "dialect": store.dialect.server.value,
            "server": store.server_agent,
            "uri": store.spec.uri,
            "latency_ms": round(latency_ms, 2) if latency_ms is not None else None,
            "error": error,
        },
        # whether a search can be answered now: a model is configured and the database answers
        "search": backend.searcher is not None and error is None,
    }


def create_app(backend: Backend, *, mcp: bool = True, host: str = "127.0.0.1") -> Starlette:
    graphql = GraphQLApp(backend)

    async def health(request: Request) -> JSONResponse:
        try:
            latency = await asyncio.wait_for(asyncio.to_thread(backend.store.ping), HEALTH_TIMEOUT_S)
            return JSONResponse(health_report(backend, latency, None))
        except TimeoutError:
            report = health_report(backend, None, f"no answer within {HEALTH_TIMEOUT_S:g} s")
        except GraphRagError as e:
            report = health_report(backend, None, str(e))
        return JSONResponse(report, status_code=503)

    async def root(request: Request) -> RedirectResponse:
        return RedirectResponse("/graphql")

    routes: list[Any] = [
        Route("/", root),
        Route("/health", health),
        Route("/graphql", graphql, methods=["GET", "POST"]),
    ]
    lifespan: Callable[[Starlette], contextlib.AbstractAsyncContextManager[None]] | None = None
    if mcp:
        from graph_rag.api.mcp import build_mcp

        server = build_mcp(backend)
        routes.extend(server.streamable_http_app(streamable_http_path="/mcp", host=host).routes)

        @contextlib.asynccontextmanager
        async def run_mcp(app: Starlette) -> AsyncIterator[None]:
            async with server.session_manager.run():
                yield

        lifespan = run_mcp
    middleware = [
        # On loopback, only requests that name it: a web page whose DNS name is rebound to
        # 127.0.0.1 must not read the graph's (private) code through a visitor's browser.
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host)),
        Middleware(BodyLimit, max_bytes=MAX_BODY_BYTES),
    ]
    return Starlette(routes=routes, lifespan=lifespan, middleware=middleware)


# As the Host header names them: an IPv6 address comes in brackets ("[::1]:8000").
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def allowed_hosts(host: str) -> list[str]:
    """Host headers the app answers when it listens on ``host``: loopback names for a
    loopback address, any for an address the user chose to expose."""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name other than localhost
        loopback = False
    if not loopback:
        return ["*"]
    return list(dict.fromkeys([*LOOPBACK_NAMES, host if ":" not in host else f"[{host}]"]))


def backend_from_settings(
    settings: Settings,
    *,
    timeout_s: float = REQUEST_TIMEOUT_S,
    announce: Callable[[str], None] = lambda _: None,
    search: bool = True,
) -> Backend:
    """The real adapters: the configured database and the default embedder."""
    from graph_rag.search import configured_weights
    from graph_rag.services.connection import open_store

    # A bad weights file is told before the database and the model are waited for.
    weights = (
        configured_weights(settings.fulltext_weight, settings.rrf_c, settings.fusion_weights)
        if search
        else None
    )
    # Fail fast while the database is down: the request's own timeout is 10 s.
    store = open_store(settings, announce=announce, retry_s=2.0)
    try:
        searcher = _searcher(store, settings, weights) if search else None
    except BaseException:  # the model failed to load: the driver must not leak
        store.close()
        raise
    return Backend(store=store, searcher=searcher, timeout_s=timeout_s)


def _searcher(store: Any, settings: Settings, weights: Any) -> Any:
    from graph_rag.search import Searcher
    from graph_rag.services.embedding import load_query_embedder

    embedder = load_query_embedder(settings)
    embedder.embed_query("warm up")  # load the model now, not on the first request
    return Searcher(store, embedder, weights=weights)


def serve(settings: Settings, *, host: str, port: int, announce: Callable[[str], None]) -> None:
    """Run the app under uvicorn until interrupted (``graph-rag serve``)."""
    import uvicorn

    listening = _bound(host, port)  # before the model loads: a taken port fails at once
    try:
        backend = backend_from_settings(settings, announce=announce)
        announce(f"GraphiQL at http://{host}:{port}/graphql, MCP at http://{host}:{port}/mcp")
        try:
            config = uvicorn.Config(create_app(backend, host=host), log_level="info")
            uvicorn.Server(config).run(sockets=[listening])
        finally:
            backend.store.close()
    finally:
        listening.close()


def _bound(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` for uvicorn to serve on, or one clear error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except socket.gaierror as e:
        listening.close()
        raise GraphRagError(
            f"Cannot serve on {host}:{port}: no such host ({e.strerror}). Check --host."
        ) from None
    except OSError as e:
        listening.close()
        raise GraphRagError(
            f"Cannot serve on {host}:{port}: {e.strerror}. Pick another port with --port "
            "(./scripts/run: GRAPH_RAG_API_PORT)."
        ) from None
    return listening
