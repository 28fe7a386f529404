"""What every command shares: the typer apps, consoles, error handling and options.

stdout carries data (tables, or exactly one JSON document under ``--json``);
stderr carries progress, notices and errors. A GraphRagError is shown as one red
line and exit code 1; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import json
import logging
import os
import select
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from graph_rag.config import Settings
from graph_rag.db import LocalServer
from graph_rag.errors import GraphRagError

OK, FAILURE, USAGE = 0, 1, 2

# The order a newcomer needs them in (typer lists commands as modules register them).
COMMAND_ORDER = (
    "db", "init", "ingest", "status", "search", "embed", "serve", "mcp", "cypher", "export",
    "corpus", "quality", "explain", "remove", "tune-embedder",
)  # fmt: skip


class _InOrder(TyperGroup):
    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(
            names, key=lambda n: COMMAND_ORDER.index(n) if n in COMMAND_ORDER else len(COMMAND_ORDER)
        )


app = typer.Typer(
    name="graph-rag",
    help="A code knowledge graph for LLM agents: ingest Python repos, search and walk them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=_InOrder,
)
db_app = typer.Typer(help="Start, stop and inspect the local database server.", no_args_is_help=True)
cypher_app = typer.Typer(help="List, show and run the named Cypher queries.", no_args_is_help=True)
export_app = typer.Typer(help="Export call graphs and training pairs.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(cypher_app, name="cypher")
app.add_typer(export_app, name="export")

# Rich lays tables out in 80 columns when it writes to no terminal, cutting cells short
# ("reposi…"); output piped to a file or a program gets room for whole values instead.
PIPED_WIDTH = 200


def _width(stream: Any) -> int | None:
    if os.environ.get("COLUMNS") or stream.isatty():
        return None  # rich measures the terminal (or reads COLUMNS) itself
    return PIPED_WIDTH


out = Console(soft_wrap=True, width=_width(sys.stdout))
err = Console(stderr=True, soft_wrap=True, width=_width(sys.stderr))


class State:
    debug = False


F = TypeVar("F", bound=Callable[..., Any])


def guarded(fn: F) -> F:
    """Show a GraphRagError, or a file that cannot be read or written (``-o`` into a
    missing folder), as one red line on stderr and exit 1 (unless --debug)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BrokenPipeError as e:
            if not _stdout_gone():  # another pipe (a parser worker's): an error like any
                _fail(e)
            # The reader went away (`graph-rag cypher show x | head`): nothing to say to it.
            # Python's own recipe: what is still buffered goes nowhere, not to a traceback.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(FAILURE) from None
        except (GraphRagError, OSError) as e:
            _fail(e)

    return wrapper  # type: ignore[return-value]


def _fail(error: GraphRagError | OSError) -> NoReturn:
    if State.debug:
        raise error
    message = str(error)
    if isinstance(error, OSError) and error.filename is not None:
        message = f"Cannot use {error.filename}: {error.strerror}."
    err.print(f"[red]{escape(message)}[/red]")
    raise typer.Exit(FAILURE) from None


def _stdout_gone() -> bool:
    """Whether stdout is a pipe whose reader has closed it (poll says POLLERR)."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # no descriptor (a test runner's stdout)
        return False


def _jsonable(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def emit_json(document: object) -> None:
    sys.stdout.write(json.dumps(document, indent=2, default=_jsonable) + "\n")


def notice(text: str) -> None:
    err.print(f"[dim]{escape(text)}[/dim]")


def _print_version(asked: bool) -> None:
    if asked:
        from graph_rag import __version__

        out.print(f"graph-rag {__version__}")
        raise typer.Exit(OK)


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_print_version, is_eager=True),
    ] = False,
) -> None:
    State.debug = debug
    if not debug:
        _one_line_driver_warnings()


class _DriverNotice(logging.Handler):
    """The neo4j driver's warnings as one dim line each: a retry says when it tries again,
    anything else shows its first line (its own text spans several, with addresses)."""

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith("Transaction failed and will be retried") and record.args:
            delay = float(record.args[0])  # type: ignore[index,arg-type]
            err.print(f"[dim]The database did not answer; trying again in {delay:.1f} s.[/dim]")
        else:
            err.print(f"[dim]{escape(record.getMessage().splitlines()[0])}[/dim]")


def _one_line_driver_warnings() -> None:
    driver = logging.getLogger("neo4j")
    driver.handlers[:] = [_DriverNotice(logging.WARNING)]
    driver.propagate = False


def server_from_options(data_dir: Path | None, port: int | None, http_port: int | None) -> LocalServer:
    settings = Settings.from_env().with_overrides(bolt_port=port, http_port=http_port)
    return LocalServer(
        data_dir or settings.db_dir, bolt_port=settings.bolt_port, http_port=settings.http_port
    )


DataDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Server data directory \\[default: .graph-rag/db, or $GRAPH_RAG_HOME/db]."
    ),
]
PortOpt = Annotated[
    int | None,
    typer.Option(
        "--bolt-port",
        min=1,
        max=65535,
        help="Bolt port \\[default: GRAPH_RAG_BOLT_PORT, else the one the server last ran on, else 7687].",
    ),
]
HttpPortOpt = Annotated[
    int | None,
    typer.Option(
        "--http-port",
        min=1,
        max=65535,
        help="HTTP port \\[default: GRAPH_RAG_HTTP_PORT, else the one the server last ran on, else 2480].",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]


WorkersOpt = Annotated[int | None, typer.Option(min=1, help="Parser processes \\[default: cores].")]
DepsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--deps",
        exists=True,
        file_okay=False,
        help="A dependency's source root, e.g. a site-packages (repeatable): read to resolve "
        "calls into it, never imported or ingested.",
    ),
]
VenvDepsOpt = Annotated[
    bool,
    typer.Option(
        "--venv-deps/--no-venv-deps",
        help="Also read the site-packages of a virtualenv directly under the source's root "
        "(a folder with a pyvenv.cfg, e.g. .venv), as --deps does.",
    ),
]


STDOUT = "-"  # as an output file: stdout, as most command lines read it


@contextmanager
def output_file(path: Path | None) -> Iterator[IO[str]]:
    """Where a command's ``-o`` sends its text: stdout for none or '-', else the file,
    written on success."""
    if path is None or str(path) == STDOUT:
        yield sys.stdout
        return
    with written_on_success(path) as file:
        yield file


@contextmanager
def written_on_success(path: Path) -> Iterator[IO[str]]:
    """A text file that replaces ``path`` only when the block completes: a command that
    fails half-way (an unknown repository, the database gone) leaves the file it was
    asked to write as it was. The file gets the mode ``path`` had (or the umask's).
    A folder given as ``path`` is refused before anything is done, by its own name."""
    if path.is_dir():  # else told only at the end, naming the temporary file
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:  # a missing folder: name the file asked for, not the temporary one
        raise OSError(e.errno, e.strerror, str(path)) from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            yield file
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permissions ``path`` has, or those a new file gets (mkstemp's are 0600)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
