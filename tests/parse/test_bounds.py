"""The time bound on one inference (graph_rag/parse/bounds.py): SIGALRM in the main thread."""

from __future__ import annotations

import gc
import time

from graph_rag.parse.bounds import Budget


def test_a_call_past_its_bound_is_cut_short_and_counted() -> None:
    with Budget(per_call_s=0.05, per_file_s=10) as budget:
        assert budget.run(lambda: time.sleep(1) or "done") is None
        assert budget.run(lambda: "quick") == "quick"
    assert budget.cut_short == 1


def test_no_garbage_is_collected_while_the_timer_runs() -> None:
    """Else the alarm can land in a collected object's __del__, where Python ignores it
    and the inference runs on unbounded."""
    with Budget(per_call_s=1, per_file_s=10) as budget:
        assert budget.run(gc.isenabled) is False
    assert gc.isenabled()
