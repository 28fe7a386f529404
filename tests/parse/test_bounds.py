"""The bound on one inference (graph_rag/parse/bounds.py): CPU time, under a SIGPROF
timer in the main thread, so a loaded machine cuts short nothing a quiet one finishes."""

from __future__ import annotations

import gc
import time

from graph_rag.parse.bounds import Budget, unbounded


def _spin(seconds: float) -> str:
    """Spend ``seconds`` of this thread's CPU time."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass
    return "done"


def test_a_call_past_its_bound_is_cut_short_and_counted() -> None:
    with Budget(per_call_s=0.05, per_file_s=10) as budget:
        assert budget.run(lambda: _spin(1)) is None
        assert budget.run(lambda: "quick") == "quick"
    assert budget.cut_short == 1


def test_time_off_the_cpu_does_not_count() -> None:
    """Waiting (here: sleeping, on a busy machine: other processes' turns) spends no
    budget, so whether a call is cut short does not depend on the machine's load."""
    with Budget(per_call_s=0.05, per_file_s=0.05) as budget:
        assert budget.run(lambda: time.sleep(0.2) or "done") == "done"
        assert not budget.exhausted
    assert budget.cut_short == 0


def test_a_file_past_its_budget_resolves_no_more_calls() -> None:
    with Budget(per_call_s=1, per_file_s=0.05) as budget:
        assert budget.run(lambda: _spin(0.1)) == "done"
        assert budget.exhausted
        assert budget.run(lambda: "quick") is None
    assert budget.cut_short == 1


def test_no_garbage_is_collected_while_the_timer_runs() -> None:
    """Else the alarm can land in a collected object's __del__, where Python ignores it
    and the inference runs on unbounded."""
    with Budget(per_call_s=1, per_file_s=10) as budget:
        assert budget.run(gc.isenabled) is False
    assert gc.isenabled()


def test_what_a_call_spends_building_modules_is_not_its_time() -> None:
    """Building a module an inference first reaches (builder.RepoManager._load) costs the
    same whichever call gets there first; counted, it made the graph depend on the order
    the worker parsed its files in. The call's own work is still bounded around it."""

    def build_then(own_work: float) -> str:
        with unbounded():
            _spin(0.1)  # two calls' bound, and the file's whole budget
        return _spin(own_work)

    with Budget(per_call_s=0.05, per_file_s=0.05) as budget:
        assert budget.run(lambda: build_then(0.01)) == "done"
        assert not budget.exhausted
        assert budget.run(lambda: build_then(1)) is None  # its own work still runs past the bound
    assert budget.cut_short == 1


def test_outside_a_bounded_call_nothing_changes() -> None:
    with Budget(per_call_s=0.05, per_file_s=10) as budget, unbounded():
        assert _spin(0.01) == "done"
    assert budget.cut_short == 0
