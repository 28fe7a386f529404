"""Life cycle of the local database server: start, stop, status.

The server is ArcadeDB with its Neo4j-Bolt plugin (see graph_rag.db.process),
run as a detached background process that outlives the command which started
it. Its state lives in one data directory:

    <data_dir>/password     generated root password, mode 0600
    <data_dir>/server.json  pid, ports and start time of the running server
    <data_dir>/ports.json   the ports it last ran on, the next start's unless told others
    <data_dir>/server.log   the server's output
    <data_dir>/arcadedb/    the database files
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from pathlib import Path

from graph_rag.config import (
    DEFAULT_BOLT_PORT,
    DEFAULT_HTTP_PORT,
    LOCAL_DATABASE,
    LOCAL_USER,
    local_server_options,
)
from graph_rag.errors import ServerError
from graph_rag.locks import exclusive

START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class Connection:
    """What a Bolt client needs to reach a server."""

    uri: str
    user: str
    password: str
    database: str | None


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """What ``graph-rag db status`` reports."""

    running: bool
    data_dir: Path
    pid: int | None = None
    bolt_port: int | None = None
    http_port: int | None = None
    started_at: float | None = None
    version: str = ""

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}" if self.bolt_port else ""


def server_version() -> str:
    """The installed ArcadeDB package version (without starting anything)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"ArcadeDB {version('arcadedb-embedded')}"
    except PackageNotFoundError:
        return "ArcadeDB (not installed)"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (our own exited child, not yet reaped) counts as dead.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def _is_our_server(pid: int, data_dir: Path) -> bool:
    """True when pid runs graph_rag.db.process on ``data_dir``: a recycled pid, or a
    stale state file naming another data directory's server, is not ours to stop."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return _pid_alive(pid)
    args = cmdline.split(b"\0")
    if b"graph_rag.db.process" not in args or b"--data-dir" not in args[:-1]:
        return False
    served = Path(os.fsdecode(args[args.index(b"--data-dir") + 1]))
    return served.resolve() == data_dir.resolve()  # the same folder, through a symlink too


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def free_port() -> int:
    """A port nobody listens on right now (for tests and side-by-side servers)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalServer:
    """The ArcadeDB server that graph-rag runs on 127.0.0.1 when NEO4J_URI is unset."""

    def __init__(self, data_dir: Path, *, bolt_port: int | None = None, http_port: int | None = None) -> None:
        """Ports not given are those this data directory's server last ran on (a ``db start
        --bolt-port 7797`` holds after ``db stop``), else 7687 and 2480."""
        self.data_dir = Path(data_dir).absolute()
        last = self._last_ports()
        self.bolt_port = bolt_port or last.get("bolt_port") or DEFAULT_BOLT_PORT
        self.http_port = http_port or last.get("http_port") or DEFAULT_HTTP_PORT

    @property
    def _ports_file(self) -> Path:
        return self.data_dir / "ports.json"

    def _last_ports(self) -> dict[str, int]:
        try:
            ports = json.loads(self._ports_file.read_text())
        except (OSError, ValueError):
            return {}
        if not isinstance(ports, dict):
            return {}
        return {k: v for k, v in ports.items() if type(v) is int and 0 < v <= 65535}

    @property
    def _state_file(self) -> Path:
        return self.data_dir / "server.json"

    @property
    def _password_file(self) -> Path:
        return self.data_dir / "password"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "server.log"

    def password(self) -> str:
        """The root password, generated on first use and kept readable only by its owner."""
        if not self._password_file.exists():
            self._prepare_data_dir()
            fd = os.open(self._password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(24))
        return self._password_file.read_text().strip()

    def connection(self) -> Connection:
        info = self.status()
        port = info.bolt_port if info.running and info.bolt_port else self.bolt_port
        return Connection(f"bolt://127.0.0.1:{port}", LOCAL_USER, self.password(), LOCAL_DATABASE)

    def http_url(self) -> str:
        info = self.status()
        port = info.http_port if info.running and info.http_port else self.http_port
        return f"http://127.0.0.1:{port}"

    def _prepare_data_dir(self) -> None:
        try:
            fresh = not self.data_dir.exists()
            self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            if fresh:  # owner-only, like the password file: the graph holds private code
                self.data_dir.chmod(0o700)
        except OSError as e:
            raise ServerError(f"Cannot create the data directory {self.data_dir}: {e.strerror}.") from e
        if not os.access(self.data_dir, os.W_OK | os.X_OK):
            raise ServerError(
                f"The data directory {self.data_dir} is not writable; "
                "choose another with --data-dir or fix its permissions."
            )

    def _read_state(self) -> dict[str, object] | None:
        try:
            state = json.loads(self._state_file.read_text())
        except (OSError, ValueError):
            return None
        return state if isinstance(state, dict) else None

    def status(self) -> ServerInfo:
        state = self._read_state()
        if not state or not isinstance(state.get("pid"), int):
            return ServerInfo(running=False, data_dir=self.data_dir, version=server_version())
        pid = int(state["pid"])  # type: ignore[arg-type]
        running = _pid_alive(pid) and _is_our_server(pid, self.data_dir)
        return ServerInfo(
            running=running,
            data_dir=self.data_dir,
            pid=pid,
            bolt_port=int(state.get("bolt_port", 0)) or None,  # type: ignore[call-overload]
            http_port=int(state.get("http_port", 0)) or None,  # type: ignore[call-overload]
            started_at=float(state.get("started_at", 0.0)),  # type: ignore[arg-type]
            version=str(state.get("version", "")),
        )

    def start(self, *, timeout_s: float = START_TIMEOUT_S) -> ServerInfo:
        """Start the server in the background and return once Bolt answers.

        Raises ServerError with one clear line when it is already running, a port
        is taken, the data directory is not writable, or the server dies on start.
        A pid file left by a server that no longer runs is removed (and reported
        through ``stale_pid`` in the log).
        """
        info, started = self._start_unless_running(timeout_s)
        if not started:
            raise ServerError(f"The local server is already running (pid {info.pid}) at {info.uri}.")
        return info

    def _start_unless_running(self, timeout_s: float) -> tuple[ServerInfo, bool]:
        """The running server's info, or a fresh one's; whether this call started it. Starts
        take turns: a second command that starts the server on demand finds it running."""
        self._prepare_data_dir()
        with self._starting(timeout_s):
            current = self.status()
            if current.running:
                return current, False
            return self._start(current, timeout_s), True

    def _starting(self, timeout_s: float) -> AbstractContextManager[None]:
        """Held while a server starts on this data directory: a second start (two commands
        that each start the server on demand) waits, then finds it running."""
        return exclusive(
            self.data_dir / "start.lock", f"The local server in {self.data_dir}", wait_s=timeout_s
        )

    def _start(self, current: ServerInfo, timeout_s: float) -> ServerInfo:
        if current.pid is not None:
            # A pid file whose process is gone: a crash or a reboot. Safe to replace.
            self._state_file.unlink(missing_ok=True)
        last = self._last_ports()
        for name, port in (("Bolt", self.bolt_port), ("HTTP", self.http_port)):
            if port_in_use(port):
                kept = (
                    " (the one this server last ran on)" if last.get(f"{name.lower()}_port") == port else ""
                )
                raise ServerError(
                    f"Port {port}{kept} ({name}) on 127.0.0.1 is already in use by another process; "
                    f"stop it or pick another port (--{name.lower()}-port or GRAPH_RAG_{name.upper()}_PORT)."
                )
        heap, statement_timeout_s = local_server_options()
        self.password()
        (self.data_dir / "ready").unlink(missing_ok=True)
        with open(self.log_file, "ab") as log:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "graph_rag.db.process",
                    "--data-dir",
                    str(self.data_dir),
                    "--bolt-port",
                    str(self.bolt_port),
                    "--http-port",
                    str(self.http_port),
                    "--heap",
                    heap,
                    "--statement-timeout-s",
                    str(statement_timeout_s),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # outlive the command, ignore its Ctrl-C
                close_fds=True,
            )
        state = {
            "pid": process.pid,
            "bolt_port": self.bolt_port,
            "http_port": self.http_port,
            "started_at": time.time(),
            "version": server_version(),
        }
        self._state_file.write_text(json.dumps(state))
        self._wait_until_ready(process, timeout_s)
        # kept only once the server answered on them: a failed start is not remembered
        self._ports_file.write_text(json.dumps({"bolt_port": self.bolt_port, "http_port": self.http_port}))
        return self.status()

    def _wait_until_ready(self, process: subprocess.Popen[bytes], timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if process.poll() is not None:
                if (self._read_state() or {}).get("pid") == process.pid:  # only our own
                    self._state_file.unlink(missing_ok=True)
                raise ServerError(
                    f"The local server exited during start (code {process.returncode}); "
                    f"last lines of {self.log_file}:\n{self._log_tail()}"
                )
            if self._ready_pid() == process.pid and port_in_use(self.bolt_port):
                return
            time.sleep(0.2)
        self.stop()
        raise ServerError(
            f"The local server did not answer on port {self.bolt_port} within {timeout_s:.0f} s; "
            f"see {self.log_file}."
        )

    def _ready_pid(self) -> int | None:
        try:
            return int((self.data_dir / "ready").read_text())
        except (OSError, ValueError):
            return None

    def _log_tail(self, lines: int = 8) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self, *, timeout_s: float = STOP_TIMEOUT_S) -> bool:
        """Stop the server cleanly (SIGTERM, then SIGKILL after the timeout).

        Returns False when no server was running.
        """
        info = self.status()
        if not info.running or info.pid is None:
            self._state_file.unlink(missing_ok=True)
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(info.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while _pid_alive(info.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _pid_alive(info.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(info.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(info.pid, os.WNOHANG)
        self._state_file.unlink(missing_ok=True)
        return True

    def ensure_running(self) -> tuple[ServerInfo, bool]:
        """The running server's info, starting it first if needed; the flag says if it started."""
        info = self.status()
        if info.running:
            return info, False
        return self._start_unless_running(START_TIMEOUT_S)

    def describe(self) -> dict[str, object]:
        """``status`` as JSON; a server not running gives the ports ``db start`` would serve
        on (those kept with the data) and no URI, since nothing answers there now."""
        info = self.status()
        described = {**asdict(info), "data_dir": str(info.data_dir), "uri": info.uri}
        if not info.running:
            described.update(bolt_port=self.bolt_port, http_port=self.http_port, uri="")
        return described
