"""What an imported name denotes, read from the import table without inference
(``graph_rag/parse/names.py``): the fallback when astroid cannot infer a call target.

Each case is one import statement in a module of a given name (a package's
``__init__`` or a plain module), the name it binds, and the qualified name it stands for.
"""

from __future__ import annotations

from pathlib import Path

import astroid
import pytest

from graph_rag.parse.files import Session
from graph_rag.parse.names import import_target
from graph_rag.parse.receivers import ReceiverTypes
from graph_rag.parse.roots import ModuleIndex, walk_python_files

CASES = [
    # (module, is a package, import statement, bound name, qualified name)
    ("flask.app", False, "from . import typing as ft", "ft", "flask.typing"),
    ("flask", True, "from . import json", "json", "flask.json"),
    ("a.b.c", False, "from .. import z", "z", "a.z"),
    ("a.b.c", False, "from .x import y", "y", "a.b.x.y"),
    ("a.b", False, "import os.path as p", "p", "os.path"),
    ("a.b", False, "import os.path", "os", "os"),
]


@pytest.mark.parametrize(("module", "package", "statement", "name", "expected"), CASES)
def test_import_target(module: str, package: bool, statement: str, name: str, expected: str) -> None:
    tree = astroid.parse(statement, module_name=module)
    tree.package = package
    assert import_target(tree.body[0], name) == expected


FIELDS = """
class Base:
    @classmethod
    def register(cls, name):
        return name


class Field(Base):
    pass


def make_checker(kind):
    def check(value):
        return isinstance(value, kind)

    return check


check = make_checker(int)
current = Field()
registry = {}
"""


def test_a_name_through_the_repository_must_name_something_it_defines(tmp_path: Path) -> None:
    """The by-name fallback keeps an import path inside the repository only when it names
    a definition: re-exports (star imports too) and class MROs are followed, and a variable
    may be the last part (the callable it holds is called), never a step on the way."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("from pkg.fields import *\n")
    (tmp_path / "pkg" / "fields.py").write_text(FIELDS)
    index = ModuleIndex.build(tmp_path, walk_python_files(tmp_path))
    with Session("repo", index) as session:
        types = ReceiverTypes(lambda node: [], lambda node: True, session.repo_modules)
        assert types.follow("pkg.fields.Field") is True
        # a star re-export, then the MRO: named where it is defined, as inference names it
        assert types.follow("pkg.Field.register") == "pkg.fields.Base.register"
        assert types.follow("pkg.fields.check") is True  # a variable holding a function
        assert types.follow("pkg.fields.current.register") is False  # through a variable
        assert types.follow("pkg.fields.registry.get") is False
        assert types.follow("pkg.fields.Field.missing") is False
        assert types.follow("pkg.fields.make_checker.check") is False  # a local, not an attribute
