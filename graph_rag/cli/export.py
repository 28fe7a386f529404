"""graph-rag export callgraph (export pairs is in corpus.py)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from graph_rag.cli.common import (
    STDOUT,
    DepsOpt,
    VenvDepsOpt,
    WorkersOpt,
    err,
    export_app,
    guarded,
    notice,
    output_file,
)


class CallGraphFormat(StrEnum):
    PYCG = "pycg"


@export_app.command("callgraph")
@guarded
def export_callgraph(
    path: Annotated[Path, typer.Argument(help="A directory of Python files.", exists=True, file_okay=False)],
    fmt: Annotated[CallGraphFormat, typer.Option("--format", help="Output format.")] = CallGraphFormat.PYCG,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output file ('-': stdout) \\[default: stdout].")
    ] = None,
    deps: DepsOpt = None,
    venv_deps: VenvDepsOpt = True,
    workers: WorkersOpt = None,
) -> None:
    """Write the call graph of PATH in PyCG's JSON format (no database needed).

    Names follow PyCG: a module is named by its path under PATH
    (PATH/src/pkg/mod.py is src.pkg.mod), where ingest names it by its
    import root (pkg.mod): give PATH/src for the names the graph uses."""
    from graph_rag.parse.pycg import callgraph_and_errors
    from graph_rag.parse.roots import walk_python_files
    from graph_rag.sources import checkout_site_packages

    if not walk_python_files(path.resolve()):  # as ingest refuses it: most likely the wrong path
        raise typer.BadParameter(f"no Python files in {path}.", param_hint="'PATH'")
    if output is not None and str(output) == STDOUT:
        output = None
    if output is not None and output.is_dir():
        raise typer.BadParameter(f"{output} is a directory: name the file to write.", param_hint="'--output'")
    dependencies = [*(deps or ()), *(checkout_site_packages(path) if venv_deps else ())]
    # The output is opened first (a missing folder is told before the parse) and replaced
    # only once the whole graph is written.
    with output_file(output) as sink:
        graph, errors = callgraph_and_errors(path.resolve(), workers=workers, dependencies=dependencies)
        for error in errors:  # left out of the graph: say so, the rest is still written
            err.print(f"[yellow]Skipped {escape(str(error))}[/yellow]")
        sink.write(json.dumps(graph, indent=2, sort_keys=True) + "\n")
    if output is not None:
        notice(f"Wrote {len(graph)} callers to {output}.")
