"""A class called through a name assigned it calls the class, as calling it by its own
name does, where astroid answers a class it made up in the class's stead.

The fixture is one module: ``Span``, a ``typing.NamedTuple`` (astroid infers it as the
``collections.namedtuple`` class it builds from the fields), called by its name in
``direct`` and through a local alias in ``aliased`` (``_Span = Span``: rich does this in
its hot loops, 23 times in 13.9.4).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_rag.model import Repository
from graph_rag.parse import parse_repository

SOURCE = """
from typing import NamedTuple


class Span(NamedTuple):
    start: int
    end: int


def direct():
    return Span(1, 2)


def aliased():
    _Span = Span
    return _Span(1, 2)
"""


@pytest.mark.parametrize("caller", ["main.direct", "main.aliased"])
def test_a_named_tuple_called_by_its_name_or_an_alias_is_an_edge_to_its_class(
    tmp_path: Path, caller: str
) -> None:
    (tmp_path / "main.py").write_text(SOURCE)
    graph = parse_repository(tmp_path, repository=Repository(id="p", name="p"), workers=1)
    callees = {c.callee for f in graph.files for c in f.calls if c.caller == caller}
    assert callees == {"main.Span"}
