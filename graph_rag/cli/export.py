"""graph-rag export callgraph (and, later, pairs)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from graph_rag.cli.common import (
    DepsOpt,
    VenvDepsOpt,
    WorkersOpt,
    err,
    export_app,
    guarded,
    notice,
)


class CallGraphFormat(StrEnum):
    PYCG = "pycg"


@export_app.command("callgraph")
@guarded
def export_callgraph(
    path: Annotated[Path, typer.Argument(help="A directory of Python files.", exists=True, file_okay=False)],
    fmt: Annotated[CallGraphFormat, typer.Option("--format", help="Output format.")] = CallGraphFormat.PYCG,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output file \\[default: stdout].")
    ] = None,
    deps: DepsOpt = None,
    venv_deps: VenvDepsOpt = True,
    workers: WorkersOpt = None,
) -> None:
    """Write the call graph of PATH in PyCG's JSON format (no database needed)."""
    from graph_rag.parse.pycg import callgraph_and_errors
    from graph_rag.sources import checkout_site_packages

    dependencies = [*(deps or ()), *(checkout_site_packages(path) if venv_deps else ())]
    graph, errors = callgraph_and_errors(path.resolve(), workers=workers, dependencies=dependencies)
    for error in errors:  # left out of the graph: say so, the rest is still written
        err.print(f"[yellow]Skipped {escape(str(error))}[/yellow]")
    text = json.dumps(graph, indent=2, sort_keys=True) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text)
        notice(f"Wrote {len(graph)} callers to {output}.")
