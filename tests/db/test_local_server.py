"""The local database server's life cycle, each case on its own fresh data directory.

Starting a server takes a few seconds, so one module-scoped server covers the
start / status / second-start / restart cases, and the failure cases use
servers that never start.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_rag.db import LocalServer, free_port
from graph_rag.errors import ConfigError, ServerError
from graph_rag.services.connection import local_spec
from graph_rag.store import GraphStore, apply_schema


def _server(tmp: Path) -> LocalServer:
    return LocalServer(tmp / "db", bolt_port=free_port(), http_port=free_port())


def _store(server: LocalServer) -> GraphStore:
    return GraphStore.connect(local_spec(server))


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    server = _server(tmp_path_factory.mktemp("lifecycle"))
    server.start()
    yield server
    server.stop()


def test_status_of_a_running_server_names_pid_port_data_dir_and_version(
    running: LocalServer,
) -> None:
    info = running.status()
    assert info.running
    assert info.pid is not None and info.pid != os.getpid()
    assert info.uri == f"bolt://127.0.0.1:{running.bolt_port}"
    assert info.data_dir == running.data_dir
    assert info.version.startswith("ArcadeDB ")


def test_db_start_of_a_running_server_says_so_and_succeeds(running: LocalServer) -> None:
    """Like `init`, starting is idempotent: scripts run it unconditionally."""
    from typer.testing import CliRunner

    from graph_rag.cli import app

    result = CliRunner().invoke(app, ["db", "start", "--data-dir", str(running.data_dir)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"bolt://127.0.0.1:{running.bolt_port}"
    assert f"The local server is already running (pid {running.status().pid})." in result.stderr
    other = running.bolt_port + 1
    result = CliRunner().invoke(
        app, ["db", "start", "--data-dir", str(running.data_dir), "--bolt-port", str(other)]
    )
    assert result.exit_code == 1
    assert f"stop it first to start it with --bolt-port {other} (it runs on {running.bolt_port})" in (
        " ".join(result.stderr.split())
    )


def test_the_server_listens_on_loopback_only(running: LocalServer) -> None:
    out = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True, check=True).stdout
    listeners = [line.split()[3] for line in out.splitlines() if f":{running.bolt_port}" in line]
    assert listeners, out
    assert all("127.0.0.1" in address for address in listeners), listeners


def test_password_is_generated_and_readable_only_by_its_owner(running: LocalServer) -> None:
    password_file = running.data_dir / "password"
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(running.data_dir.stat().st_mode) == 0o700  # and the database with it
    assert len(password_file.read_text().strip()) >= 24
    assert password_file.read_text().strip() not in {"root", "password", "neo4j", "playwithdata"}


def test_a_second_start_says_it_is_already_running(running: LocalServer) -> None:
    with pytest.raises(ServerError) as raised:
        running.start()
    assert str(raised.value) == (
        f"The local server is already running (pid {running.status().pid}) "
        f"at bolt://127.0.0.1:{running.bolt_port}."
    )


def test_stop_then_start_keeps_data_constraints_and_indexes(tmp_path: Path) -> None:
    server = _server(tmp_path)
    server.start()
    try:
        with _store(server) as store:
            apply_schema(store, embedding_model="test-model", dimensions=3)
            store.write_many([("meta_set", {"key": "probe", "embedding_model": "m", "dimensions": 7})])
        assert server.stop() is True
        assert not server.status().running
        server.start()
        with _store(server) as store:
            assert store.read("meta_get", key="probe") == [{"embedding_model": "m", "dimensions": 7}]
            indexes = {(i["type"], tuple(i["properties"])) for i in store.read("show_indexes")}
            constraints = {c["name"] for c in store.read("show_constraints")}
        assert ("VECTOR", ("embedding",)) in indexes
        assert ("FULLTEXT", ("search_text",)) in indexes
        assert {"function_id", "module_id", "repository_id"} <= constraints
    finally:
        server.stop()


def test_a_server_started_on_chosen_ports_starts_on_them_again_unless_told_otherwise(tmp_path: Path) -> None:
    """``db start --bolt-port 7797``, ``db stop``, then any command that starts it on demand:
    the data directory's server comes back where it was, not on the defaults."""
    chosen = _server(tmp_path)
    chosen.start()
    chosen.stop()
    again = LocalServer(tmp_path / "db")
    assert (again.bolt_port, again.http_port) == (chosen.bolt_port, chosen.http_port)
    try:
        assert again.start().bolt_port == chosen.bolt_port
    finally:
        again.stop()
    other = free_port()
    assert LocalServer(tmp_path / "db", bolt_port=other).bolt_port == other  # a port given wins
    fresh = LocalServer(tmp_path / "elsewhere")
    assert (fresh.bolt_port, fresh.http_port) == (7687, 2480)


def test_stop_is_clean_and_prompt_while_a_client_is_connected(tmp_path: Path) -> None:
    """`graph-rag serve` holds Bolt connections: their threads must not keep the server
    process alive until the stop gives up and kills it."""
    server = _server(tmp_path)
    server.start()
    store = _store(server)
    try:
        store.ping()
        started = time.monotonic()
        assert server.stop(timeout_s=20) is True
        assert time.monotonic() - started < 10  # a kill comes only after the whole 20 s
        assert server.log_file.read_text().rstrip().endswith("\ngraph-rag: local server stopped")
    finally:
        store.close()
        server.stop()


def test_stop_when_not_running_returns_false(tmp_path: Path) -> None:
    assert _server(tmp_path).stop() is False


def test_a_taken_port_gives_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        server = LocalServer(tmp_path / "db", bolt_port=port, http_port=free_port())
        with pytest.raises(ServerError) as raised:
            server.start()
    assert str(raised.value) == (
        f"Port {port} (Bolt) on 127.0.0.1 is already in use by another process; "
        "stop it or pick another port (--bolt-port or GRAPH_RAG_BOLT_PORT)."
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("GRAPH_RAG_DB_HEAP", "lots", "GRAPH_RAG_DB_HEAP='lots' is not a JVM heap size such as 2g or 512m."),
        (
            "GRAPH_RAG_DB_STATEMENT_TIMEOUT_S",
            "5min",
            "GRAPH_RAG_DB_STATEMENT_TIMEOUT_S='5min' is not a number of seconds (a number >= 0).",
        ),
    ],
)
def test_a_bad_server_setting_is_refused_before_the_server_process_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    server = _server(tmp_path)
    with pytest.raises(ConfigError) as raised:
        server.start()
    assert str(raised.value) == message
    assert not server.log_file.exists()  # no process was spawned to die of it


def test_a_stale_pid_file_is_replaced_and_the_server_starts(tmp_path: Path) -> None:
    server = _server(tmp_path)
    server.data_dir.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (server.data_dir / "server.json").write_text(json.dumps({"pid": dead.pid, "bolt_port": 1}))
    assert not server.status().running
    try:
        info = server.start()
        assert info.running and info.pid != dead.pid
    finally:
        server.stop()


def test_a_state_file_naming_another_data_dirs_server_is_not_ours_to_stop(
    running: LocalServer, tmp_path: Path
) -> None:
    other = _server(tmp_path)
    other.data_dir.mkdir(parents=True)
    (other.data_dir / "server.json").write_text(json.dumps({"pid": running.status().pid, "bolt_port": 1}))
    assert not other.status().running
    assert other.stop() is False
    assert running.status().running


ENSURE = """
import sys
from pathlib import Path
from graph_rag.db import LocalServer
server = LocalServer(Path(sys.argv[1]), bolt_port=int(sys.argv[2]), http_port=int(sys.argv[3]))
info, started = server.ensure_running()
print(info.pid, started)
"""


def test_two_commands_starting_the_server_at_once_share_one(tmp_path: Path) -> None:
    """Two commands that each start the server on demand: the second waits for the first's
    start, then uses that server (it used to lose the race and orphan one)."""
    server = _server(tmp_path)
    args = [str(server.data_dir), str(server.bolt_port), str(server.http_port)]
    both = [
        subprocess.Popen([sys.executable, "-c", ENSURE, *args], stdout=subprocess.PIPE, text=True)
        for _ in "ab"
    ]
    try:
        answers = sorted(tuple(p.communicate(timeout=180)[0].split()) for p in both)
        pid = str(server.status().pid)
        assert answers == [(pid, "False"), (pid, "True")]
    finally:
        server.stop()
    assert not server.status().running


def test_a_data_dir_that_cannot_be_created_gives_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where a directory should be")
    server = LocalServer(blocker / "db", bolt_port=free_port(), http_port=free_port())
    with pytest.raises(ServerError) as raised:
        server.start()
    assert str(raised.value) == f"Cannot create the data directory {blocker / 'db'}: Not a directory."


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_a_read_only_data_dir_gives_one_clear_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "db"
    data_dir.mkdir(mode=0o500)
    server = LocalServer(data_dir, bolt_port=free_port(), http_port=free_port())
    with pytest.raises(ServerError, match="is not writable"):
        server.start()


def test_a_killed_server_is_reported_stopped_and_can_start_again(tmp_path: Path) -> None:
    server = _server(tmp_path)
    info = server.start()
    assert info.pid is not None
    os.kill(info.pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(info.pid, 0)
    assert not server.status().running
    try:
        assert server.start().running
    finally:
        server.stop()
