"""Reading a property calls its getter, whichever file defines the property and
whichever file a worker happens to parse first.

Every worker learns the repository's property names up front, from the text of all
files. A property that this scan missed, such as one whose decorator line carries a
comment (SQLAlchemy's ``@property  # type: ignore``), was known only after its own
module had been parsed. Its reads then drew an edge or not depending on file order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_rag.model import CodeGraph, Repository
from graph_rag.parse import parse_repository

READER = """
from z_config import Config


def describe(config: Config):
    return config.name, config.size, config.label
"""

# Parsed after the reader (files go in path order): the reader cannot have learnt
# these properties from this module's parse.
CONFIG = """
import functools


def logged(function):
    return function


class Config:
    @property  # type: ignore[override]
    def name(self) -> str:
        return "config"

    @functools.cached_property
    @logged
    def size(self) -> int:
        return 1

    @property
    @logged
    def label(
        self,
    ) -> str:
        return "label"
"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> CodeGraph:
    root = tmp_path_factory.mktemp("properties")
    (root / "a_reader.py").write_text(READER)
    (root / "z_config.py").write_text(CONFIG)
    return parse_repository(root, repository=Repository(id="p", name="p"), workers=1)


def test_a_property_read_calls_its_getter_though_its_module_is_parsed_later(graph: CodeGraph) -> None:
    reads = {c.callee for c in graph.calls if c.caller == "a_reader.describe"}
    assert reads == {"z_config.Config.name", "z_config.Config.size", "z_config.Config.label"}


def test_a_name_that_is_no_property_draws_no_read(tmp_path: Path) -> None:
    # ``@property`` in a comment is picked up by the scan; the getter check keeps the read
    # of a plain method's name from becoming an edge.
    (tmp_path / "a.py").write_text(
        "class Box:\n    # not a @property\n    def size(self):\n        return 1\n\n\n"
        "def read(box: Box):\n    return box.size\n"
    )
    graph = parse_repository(tmp_path, repository=Repository(id="p", name="p"), workers=1)
    assert not [c for c in graph.calls if c.caller == "a.read"]
