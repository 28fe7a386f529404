"""graph-rag db start | stop | status: the local database server."""

from __future__ import annotations

import time

import typer
from rich.markup import escape

from graph_rag.cli.common import (
    FAILURE,
    OK,
    DataDirOpt,
    HttpPortOpt,
    JsonOpt,
    PortOpt,
    db_app,
    emit_json,
    guarded,
    notice,
    out,
    server_from_options,
)
from graph_rag.errors import ServerError


@db_app.command("start")
@guarded
def db_start(data_dir: DataDirOpt = None, port: PortOpt = None, http_port: HttpPortOpt = None) -> None:
    """Start the local server in the background (if it is not running); prints its Bolt URI."""
    server = server_from_options(data_dir, port, http_port)
    began = time.perf_counter()
    info, started = server.ensure_running()
    asked = {"--bolt-port": (port, info.bolt_port), "--http-port": (http_port, info.http_port)}
    moved = [
        f"{flag} {want} (it runs on {have})" for flag, (want, have) in asked.items() if want and want != have
    ]
    if not started and moved:
        raise ServerError(
            f"The local server is already running; stop it first to start it with {', '.join(moved)}."
        )
    if started:
        notice(f"Local server started in {time.perf_counter() - began:.1f} s (pid {info.pid}).")
    else:
        notice(f"The local server is already running (pid {info.pid}).")
    out.print(info.uri)


@db_app.command("stop")
@guarded
def db_stop(data_dir: DataDirOpt = None) -> None:
    """Stop the local server cleanly."""
    server = server_from_options(data_dir, None, None)
    if server.stop():
        out.print(f"Stopped the local server (data in {escape(str(server.data_dir))}).")
    else:
        out.print(f"The local server is not running (data in {escape(str(server.data_dir))}).")


@db_app.command("status")
@guarded
def db_status(data_dir: DataDirOpt = None, as_json: JsonOpt = False) -> None:
    """Say whether the local server runs, with its pid, port, data dir and version."""
    server = server_from_options(data_dir, None, None)
    info = server.describe()
    if as_json:
        emit_json(info)
        return
    if info["running"]:
        out.print("Local server: [green]running[/green]")
        shown: tuple[str, ...] = ("pid", "uri", "http_port", "data_dir", "version")
    elif info.get("pid"):  # its pid, ports and URI are of a process that is gone
        out.print(
            f"Local server: [yellow]stopped[/yellow] without `graph-rag db stop` (pid {info['pid']} "
            "is gone); `graph-rag db start` starts it again."
        )
        shown = ("data_dir", "version")
    else:
        out.print("Local server: [yellow]stopped[/yellow]")
        shown = ("data_dir", "version")
    for key in shown:
        if info.get(key):
            out.print(f"  {key:<9} {escape(str(info[key]))}")
    if not info["running"]:
        out.print(f"  ports     Bolt {info['bolt_port']}, HTTP {info['http_port']} (where `db start` serves)")
    if not info["running"]:
        raise typer.Exit(FAILURE if info.get("pid") else OK)
