"""What an imported name denotes, read from the import table without inference
(``graph_rag/parse/names.py``): the fallback when astroid cannot infer a call target.

Each case is one import statement in a module of a given name (a package's
``__init__`` or a plain module), the name it binds, and the qualified name it stands for.
"""

from __future__ import annotations

import astroid
import pytest

from graph_rag.parse.names import import_target

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
