"""MCP over stdio that answers every request read before stdin closed.

The SDK's stdio loop ends as soon as stdin does and cancels the requests still running:
``printf '<initialize>\\n<tools/call>\\n' | graph-rag mcp`` printed the initialize
answer and nothing for the tool call. A client that writes its requests and closes its
end (a script, a batch) lost answers without a word. Here a relay stands between the
wire and the server: once the client's stream ends, it holds the server's input open
until each request read has its response or error (or was cancelled), then closes it.
A line that is no JSON-RPC message is answered with a parse error (-32700, id null) as
JSON-RPC asks, where the SDK dropped it without a word.
"""

from __future__ import annotations

from typing import Any, Protocol

import anyio
import mcp.types as types
from anyio.abc import ObjectReceiveStream, ObjectSendStream
from mcp.server.stdio import stdio_server
from mcp.shared.message import SessionMessage

# Requests still running this long after stdin closed are given up (a tool call is
# bounded well within it: api/limits.py).
DRAIN_TIMEOUT_S = 300.0

Incoming = SessionMessage | Exception


class LowLevelServer(Protocol):
    async def run(self, read_stream: Any, write_stream: Any, initialization_options: Any) -> None: ...

    def create_initialization_options(self) -> Any: ...


class _Unanswered:
    """The ids of the client's requests the server has not answered yet."""

    def __init__(self) -> None:
        self.ids: set[str | int] = set()
        self._changed = anyio.Event()

    def read(self, message: types.JSONRPCMessage) -> None:
        if isinstance(message, types.JSONRPCRequest):
            self.ids.add(message.id)
        elif isinstance(message, types.JSONRPCNotification) and message.method == "notifications/cancelled":
            self._settle((message.params or {}).get("requestId"))  # a cancelled request gets no answer

    def written(self, message: types.JSONRPCMessage) -> None:
        if isinstance(message, types.JSONRPCResponse | types.JSONRPCError):
            self._settle(message.id)

    def _settle(self, request_id: object) -> None:
        if request_id in self.ids:
            self.ids.discard(request_id)  # type: ignore[arg-type]
            self._changed.set()
            self._changed = anyio.Event()

    async def drained(self) -> None:
        while self.ids:
            await self._changed.wait()


def _parse_error(exc: Exception) -> SessionMessage:
    reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    error = types.ErrorData(code=types.PARSE_ERROR, message=f"Parse error: not a JSON-RPC message ({reason})")
    return SessionMessage(types.JSONRPCError(jsonrpc="2.0", id=None, error=error))


async def serve_stdio(server: LowLevelServer) -> None:
    """Serve ``server`` over this process's stdin and stdout until stdin closes and every
    request read from it is answered."""
    unanswered = _Unanswered()
    to_server: ObjectSendStream[Incoming]
    server_in: ObjectReceiveStream[Incoming]
    to_server, server_in = anyio.create_memory_object_stream[Incoming](0)
    server_out: ObjectSendStream[SessionMessage]
    from_server: ObjectReceiveStream[SessionMessage]
    server_out, from_server = anyio.create_memory_object_stream[SessionMessage](0)

    async with stdio_server() as (wire_in, wire_out):

        async def relay_in() -> None:
            async with to_server:
                async for item in wire_in:
                    if isinstance(item, Exception):  # a line that is no JSON-RPC message
                        await wire_out.send(_parse_error(item))
                        continue
                    unanswered.read(item.message)
                    await to_server.send(item)
                with anyio.move_on_after(DRAIN_TIMEOUT_S):
                    await unanswered.drained()

        async def relay_out() -> None:
            async with from_server:
                async for message in from_server:
                    await wire_out.send(message)
                    unanswered.written(message.message)

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(relay_in)
            tasks.start_soon(relay_out)
            async with server_out:
                await server.run(server_in, server_out, server.create_initialization_options())
        await wire_out.aclose()
