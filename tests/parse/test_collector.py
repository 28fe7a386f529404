"""The garbage collector's setting while astroid trees are built (graph_rag/parse/collector.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_rag.parse.collector import YOUNG_THRESHOLD, collecting_less, set_aside
from graph_rag.parse.files import Session
from graph_rag.parse.roots import ModuleIndex, walk_python_files


@pytest.fixture
def default_thresholds() -> Iterator[tuple[int, int, int]]:
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*saved)


def test_a_parse_collects_young_objects_less_often_and_then_puts_the_setting_back(
    default_thresholds: tuple[int, int, int],
) -> None:
    with collecting_less():
        assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)
    assert gc.get_threshold() == default_thresholds


def test_a_caller_that_collects_less_often_still_is_never_made_to_collect_more() -> None:
    saved = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD * 5, 20, 30)
    try:
        with collecting_less():
            assert gc.get_threshold() == (YOUNG_THRESHOLD * 5, 20, 30)
    finally:
        gc.set_threshold(*saved)


def test_a_parse_session_holds_the_setting_for_its_lifetime(
    tmp_path: Path, default_thresholds: tuple[int, int, int]
) -> None:
    (tmp_path / "main.py").write_text("def f():\n    return 1\n")
    index = ModuleIndex.build(tmp_path, walk_python_files(tmp_path))
    with Session("repo", index) as session:
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert session.parse(tmp_path / "main.py").parsed is not None
    assert gc.get_threshold() == default_thresholds


def test_built_modules_are_set_aside_from_the_collector_until_the_session_closes(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text("import helper\n\ndef f():\n    return helper.g()\n")
    (tmp_path / "helper.py").write_text("def g():\n    return 1\n")
    index = ModuleIndex.build(tmp_path, walk_python_files(tmp_path))
    assert gc.get_freeze_count() == 0
    with Session("repo", index) as session:
        assert session.parse(tmp_path / "main.py").parsed is not None
        # main and the helper it imports were frozen once built: no collection walks them
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # handed back, so a later collection frees them


def test_setting_aside_outside_a_parse_freezes_nothing() -> None:
    set_aside()
    assert gc.get_freeze_count() == 0
