"""Parser fuzzing, the short run: every input yields a model or a FileError, never a crash,
within the per-file bound, with bounded memory.

Inputs: the families of ``fuzz_inputs.py`` (random bytes and text, mutated real
files, deep nesting, huge literals, odd encodings, NUL bytes, Python 2, recursive
imports, self-referential assignments, metaclass/inheritance loops) drawn by
hypothesis (seeds, plus its own binary and text strategies). The long run is
``bench/fuzz_parse.py --inputs 10000``. Bounds here: 2 s per file, 0.5 s per
inference; a file may overrun its budget by at most one bounded call and the
build, so "hang" means more than ``HANG_S``.
"""

from __future__ import annotations

import resource
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_rag.parse.files import RECURSION_LIMIT

from .fuzz_inputs import FAMILIES, Files, generate, parse_each, write_inputs

sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))  # what every Session sets

FILE_TIMEOUT_S = 2.0
HANG_S = FILE_TIMEOUT_S + 6.0  # the bound, one 0.5 s inference, and a loaded 2-core machine
PEAK_RSS_LIMIT_MB = 1024
GROWTH_LIMIT_MB = 150


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _parse(inputs: list[tuple[str, Files]]) -> list[tuple[Path, str, float]]:
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        root = Path(tmp)
        paths = write_inputs(root, inputs)
        outcomes = parse_each(root, paths, file_timeout_s=FILE_TIMEOUT_S)
    assert len(outcomes) == len(paths)
    slow = [(p.relative_to(root).as_posix(), round(s, 2)) for p, _, s in outcomes if s > HANG_S]
    assert not slow, f"past the per-file bound: {slow}"
    return outcomes


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


# Each example parses several inputs in one session, as a worker would: a session's
# start-up (building builtins) costs more than most inputs.
@fuzz(20)
@given(st.lists(st.tuples(st.sampled_from(sorted(FAMILIES)), st.integers(0, 2**32)), min_size=3, max_size=8))
def test_generated_inputs_give_a_model_or_a_file_error(drawn: list[tuple[str, int]]) -> None:
    _parse([(family, generate(family, seed)) for family, seed in drawn])


@fuzz(8)
@given(st.lists(st.binary(max_size=3000), min_size=1, max_size=8))
def test_arbitrary_bytes(blobs: list[bytes]) -> None:
    _parse([("bytes", {"m.py": data}) for data in blobs])


@fuzz(8)
@given(st.lists(st.text(max_size=2000), min_size=1, max_size=8))
def test_arbitrary_text(texts: list[str]) -> None:
    _parse([("text", {"m.py": t.encode("utf-8", "surrogatepass")}) for t in texts])


def test_every_family_in_one_repository_with_bounded_memory() -> None:
    """Three rounds of every family parsed together: RSS stays within the limit above what
    the (shared) test process held before, and settles (no growth per round)."""
    start = _rss_mb()
    rss: list[float] = []
    for round_ in range(3):
        outcomes = _parse([(f, generate(f, 1000 + round_)) for f in sorted(FAMILIES)])
        assert {o for _, o, _ in outcomes} == {"model", "error"}
        rss.append(_rss_mb())
    assert max(rss) - start < PEAK_RSS_LIMIT_MB, f"RSS {start:.0f} MB before, then {rss}"
    assert rss[-1] - rss[0] < GROWTH_LIMIT_MB, f"RSS per round: {rss}"


def test_a_file_of_one_huge_fstring_is_refused_before_the_parser_stalls_on_it() -> None:
    """CPython 3.11's parser is quadratic in one f-string's replacement fields (inside
    ast.parse, where no alarm can interrupt it): this 210 KB file would parse for minutes."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        root = Path(tmp)
        paths = write_inputs(root, [("fstring", {"m.py": ('s = f"' + "{x}" * 70_000 + '"\n').encode()})])
        [(_, outcome, seconds)] = parse_each(root, paths, file_timeout_s=1.0)
    assert outcome == "error"
    assert seconds < HANG_S


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_worker_past_the_hard_bound_is_killed_and_the_rest_parsed(
    monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    """Thirty f-strings just under the refusal limit take the parser ~7 s, far past a 2 s
    hard bound: the pool kills that worker, records the file as timed out, and a fresh
    worker parses the other files of its chunk."""
    from graph_rag.model import Repository
    from graph_rag.parse import parse_repository, workers
    from graph_rag.parse.builder import MAX_FSTRING_FIELDS

    monkeypatch.setattr(workers, "start_method", lambda: method)
    monkeypatch.setattr(workers, "MIN_FILES_PER_WORKER", 1)  # the pool, on a small repository
    monkeypatch.setattr(workers, "MIN_FILES_PER_FORKED_WORKER", 1)
    hard_s = 2.0
    field = "{x}" * (MAX_FSTRING_FIELDS - 1000)
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        root = Path(tmp)
        (root / "a_slow.py").write_text("".join(f's{i} = f"{field}"\n' for i in range(30)))
        for name in ("b_fine", "c_fine"):
            (root / f"{name}.py").write_text("def f():\n    return len([])\n")
        graph = parse_repository(
            root,
            repository=Repository(id="fuzz", name="fuzz"),
            workers=2,
            file_timeout_s=1.0,
            hard_timeout_s=hard_s,
        )
    assert [(e.path, e.reason, e.lasting) for e in graph.errors] == [
        ("a_slow.py", f"timed out after {hard_s:g} s", False)  # tried again by the next ingest
    ]
    assert [f.module.qualname for f in graph.files] == ["b_fine", "c_fine"]
