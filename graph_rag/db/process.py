"""The local database server's own process: ``python -m graph_rag.db.process``.

ArcadeDB runs inside a JVM that lives in this process (arcadedb-embedded bundles
its own JRE). ``graph-rag db start`` spawns this module detached, so the server
outlives the command; SIGTERM stops it cleanly so the next start finds an intact
store. Everything it prints goes to ``server.log`` in the data directory.
"""

from __future__ import annotations

import argparse
import os
import signal
import threading
from pathlib import Path

from graph_rag.config import DEFAULT_DB_HEAP, DEFAULT_STATEMENT_TIMEOUT_S, LOCAL_DATABASE, LOCAL_USER


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--bolt-port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--heap", default=DEFAULT_DB_HEAP)
    parser.add_argument("--statement-timeout-s", type=float, default=DEFAULT_STATEMENT_TIMEOUT_S)
    args = parser.parse_args(argv)

    data_dir: Path = args.data_dir.resolve()
    password = (data_dir / "password").read_text().strip()
    # ArcadeDB writes a log/ folder into the working directory: keep it in the data dir.
    os.chdir(data_dir)

    from arcadedb_embedded import create_server
    from arcadedb_embedded.jvm import start_jvm

    start_jvm(heap_size=args.heap)
    import jpype

    # ArcadeDB ignores the Bolt transaction timeout: this server-wide bound is what
    # stops a runaway statement (0 disables it).
    settings = jpype.JClass("com.arcadedb.GlobalConfiguration")
    settings.COMMAND_TIMEOUT.setValue(int(args.statement_timeout_s * 1000))
    server = create_server(
        root_path=str(data_dir / "arcadedb"),
        root_password=password,
        config={
            # Loopback only: the server is for this machine's graph-rag, nobody else.
            "host": "127.0.0.1",
            "bolt_host": "127.0.0.1",
            "http_port": args.http_port,
            "bolt_port": args.bolt_port,
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "server_defaultDatabases": f"{LOCAL_DATABASE}[{LOCAL_USER}]",
        },
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    server.start()
    # The parent waits for this file: the ports open before the database exists.
    (data_dir / "ready").write_text(str(os.getpid()))
    print("graph-rag: local server ready", flush=True)
    stop.wait()
    print("graph-rag: stopping local server", flush=True)
    (data_dir / "ready").unlink(missing_ok=True)
    server.stop()
    # ArcadeDB's last log line has no newline of its own.
    print("\ngraph-rag: local server stopped", flush=True)
    return 0


if __name__ == "__main__":
    code = main()
    # The databases are closed and flushed by now, but the JVM would wait for the Bolt
    # threads of clients still connected (``graph-rag serve``) until the stop's SIGKILL.
    os._exit(code)
