"""The ingest progress bar on a terminal: rich redraws it from a thread of its own, and a
process running another thread spawns its parser workers instead of forking them
(graph_rag.parse.workers.start_method: ~0.7 s each, and a repository under 200 files is
parsed in one process). Through the parse stage the bar draws on each step instead, so
parsing forks; the other stages keep the thread that animates their spinners."""

from __future__ import annotations

import io
import subprocess
import sys
import threading

import pytest
from rich.console import Console

from graph_rag.cli import ingest


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, force_interactive=True, width=80)
    monkeypatch.setattr(ingest, "err", console)
    return screen


def test_parsing_forks_its_workers_under_a_bar_on_a_terminal(terminal: io.StringIO) -> None:
    alone = threading.active_count()
    with ingest.RichProgress(enabled=True) as progress:
        progress.stage("discover")
        assert threading.active_count() == alone + 1  # the spinner's thread
        progress.done("discover")
        progress.stage("parse", 3)
        assert threading.active_count() == alone  # the bar adds none
        progress.advance("parse", 3)
        progress.done("parse")
        progress.stage("write", 3)
        assert threading.active_count() == alone + 1
        progress.done("write")
    assert "parse" in terminal.getvalue()  # drawn on its steps, not only by the thread


# In a process of its own (a suite's other tests leave threads of theirs about).
IN_A_CLI_PROCESS = """
import io
import sys
from rich.console import Console
from graph_rag.cli import ingest
from graph_rag.parse import workers

ingest.err = Console(file=io.StringIO(), force_terminal=True, force_interactive=True)
with ingest.RichProgress(enabled=True) as progress:
    progress.stage("discover")
    before = workers.start_method()
    progress.done("discover")
    progress.stage("parse", 1)
    print(before, workers.start_method(), file=sys.__stdout__)  # the bar takes sys.stdout
    progress.done("parse")
"""


def test_a_cli_process_forks_its_parser_workers_under_the_bar() -> None:
    run = subprocess.run([sys.executable, "-c", IN_A_CLI_PROCESS], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["spawn", "fork"]  # the spinner's thread, then none


def test_off_a_terminal_no_bar_is_drawn_and_no_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    monkeypatch.setattr(ingest, "err", Console(file=screen, force_terminal=False))
    alone = threading.active_count()
    with ingest.RichProgress(enabled=True) as progress:
        for stage in ("discover", "parse", "write"):
            progress.stage(stage, 2)
            assert threading.active_count() == alone
            progress.advance(stage, 2)
            progress.done(stage)
    assert screen.getvalue() == ""
