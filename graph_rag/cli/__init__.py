"""The ``graph-rag`` command line: parse arguments, call one use case, render.

stdout carries data (tables, or exactly one JSON document under ``--json``);
stderr carries progress, notices and errors. A GraphRagError is shown as one red
line and exit code 1; ``--debug`` shows the traceback instead. Each sub-module
registers its commands on the shared app.
"""

import gc

import graph_rag.cli.corpus  # registers corpus, quality, explain, export pairs
import graph_rag.cli.search
import graph_rag.cli.tune  # noqa: F401  (registers tune-embedder)
from graph_rag.cli import cypher, db, export, ingest, schema, serve  # noqa: F401  (registers commands)
from graph_rag.cli.common import FAILURE, OK, USAGE, app


def run() -> None:
    try:
        app()
    finally:
        # What a command leaves (a parse: millions of astroid objects in cycles) dies with
        # the process; the interpreter's exit walked it in collection after collection
        # (12 s of the 20 an export of one script with a data-science .venv took).
        gc.freeze()


__all__ = ["FAILURE", "OK", "USAGE", "app", "run"]
