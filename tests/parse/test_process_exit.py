"""What a parse builds dies with its process, and nothing walks it on the way out.

A parse leaves millions of astroid objects in reference cycles. Python's exit ran
collection after collection over them: 12 s of the 20 s ``graph-rag export callgraph``
took for one script beside a data-science ``.venv``, and up to the 10 s a spawned worker
is given to stop (an ingest's parse stage: 18.8 s before, 10.3-12.4 s after). The
command line (``graph_rag.cli.run``) and each parser worker freeze what is left when
they are done (``gc.freeze``): the exit's collections skip it, the memory goes back with
the process.
"""

from __future__ import annotations

import gc
import multiprocessing
import subprocess
import sys
from pathlib import Path

from graph_rag.parse import workers
from graph_rag.parse.roots import ModuleIndex, walk_python_files

CASE = Path(__file__).parents[1] / "assets" / "callgraph" / "direct" / "function_call"


def test_the_command_line_leaves_what_it_built_to_the_exit() -> None:
    script = (
        "import atexit, gc, sys\n"
        "from graph_rag.cli import run\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count()))\n"
        f"sys.argv = ['graph-rag', 'export', 'callgraph', {str(CASE)!r}]\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"main"' in done.stdout  # the graph was written first
    assert int(done.stdout.rsplit("frozen", 1)[1]) > 0


def test_a_worker_leaves_what_it_built_to_the_exit() -> None:
    index = ModuleIndex.build(CASE, walk_python_files(CASE))
    ours, theirs = multiprocessing.Pipe()
    ours.send(None)  # no files: the worker says it is ready, then stops
    try:
        workers._serve(theirs, "r", index, set(), (1.0, 5.0))
        assert ours.recv() is None  # ready
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
