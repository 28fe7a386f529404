"""Module names when several files would share one: tests/assets/parse/collisions/.

The fixture is a ``src/`` layout project with the files real repositories repeat:

- ``pyproject.toml``, ``src/app/__init__.py``, ``src/app/core.py`` (``run``): the importable package;
- ``tests/unit/conftest.py`` and ``tests/integration/conftest.py`` (no ``__init__.py``);
- ``tests/unit/helpers.py`` (``make``) and ``tests/unit/test_core.py``, which imports
  ``helpers`` (from its own directory) and ``app.core.run``;
- ``examples/hello/app.py`` (calls ``app.core.run``) and ``examples/bye/app.py``, each
  beside its own ``setup.py``;
- ``docs/conf.py``.

Importable modules keep their import name; every other module is named by its
path under the repository root, and no file is lost to a name collision.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_rag.model import Call, CodeGraph, Confidence, Repository
from graph_rag.parse import parse_repository
from graph_rag.parse.roots import ModuleIndex, walk_python_files

ROOT = Path(__file__).parents[1] / "assets" / "parse" / "collisions"
REPO = Repository(id="c", name="collisions")

NAMES = {
    "docs/conf.py": "docs.conf",
    "examples/bye/app.py": "examples.bye.app",
    "examples/bye/setup.py": "examples.bye.setup",
    "examples/hello/app.py": "examples.hello.app",
    "examples/hello/setup.py": "examples.hello.setup",
    "src/app/__init__.py": "app",
    "src/app/core.py": "app.core",
    "tests/integration/conftest.py": "tests.integration.conftest",
    "tests/unit/conftest.py": "tests.unit.conftest",
    "tests/unit/helpers.py": "tests.unit.helpers",
    "tests/unit/test_core.py": "tests.unit.test_core",
}


@pytest.fixture(scope="module")
def graph() -> CodeGraph:
    return parse_repository(ROOT, repository=REPO, workers=1)


def test_every_file_is_parsed_under_a_unique_name(graph: CodeGraph) -> None:
    assert graph.errors == ()
    assert {f.module.path: f.module.qualname for f in graph.files} == NAMES


@pytest.mark.parametrize(("path", "name"), sorted(NAMES.items()))
def test_a_name_does_not_depend_on_which_files_are_parsed(path: str, name: str) -> None:
    alone = parse_repository(ROOT, repository=REPO, workers=1, files=[Path(path)])
    assert [f.module.qualname for f in alone.files] == [name]


@pytest.mark.parametrize(
    "call",
    [
        Call("tests.unit.test_core.test_run", "app.core.run", 6, Confidence.INFERRED),
        Call("tests.unit.test_core.test_run", "tests.unit.helpers.make", 6, Confidence.INFERRED),
        Call("examples.hello.app.main", "app.core.run", 5, Confidence.INFERRED),
        Call("examples.bye.app", "examples.bye.app.main", 5, Confidence.INFERRED),
    ],
)
def test_calls_resolve_through_import_names_and_path_names(graph: CodeGraph, call: Call) -> None:
    assert call in graph.calls


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # Two script directories: each conftest takes its path name.
        (
            ["t/a/conftest.py", "t/b/conftest.py"],
            {"t/a/conftest.py": "t.a.conftest", "t/b/conftest.py": "t.b.conftest"},
        ),
        # One module in a script directory is named by path too, however many there are.
        (["t/a/conftest.py"], {"t/a/conftest.py": "t.a.conftest"}),
        # A module at the repository root keeps its name.
        (
            ["setup.py", "pkg/__init__.py", "pkg/mod.py"],
            {"setup.py": "setup", "pkg/__init__.py": "pkg", "pkg/mod.py": "pkg.mod"},
        ),
        # Two source bases providing one package: both take their path names.
        (
            ["src/pkg/__init__.py", "lib/pkg/__init__.py"],
            {"src/pkg/__init__.py": "src.pkg", "lib/pkg/__init__.py": "lib.pkg"},
        ),
        # foo.py beside foo/__init__.py: the package keeps the name Python imports.
        (
            ["pkg/__init__.py", "pkg/foo.py", "pkg/foo/__init__.py"],
            {"pkg/__init__.py": "pkg", "pkg/foo/__init__.py": "pkg.foo", "pkg/foo.py": "pkg/foo.py"},
        ),
    ],
)
def test_naming_rule(tmp_path: Path, files: list[str], expected: dict[str, str]) -> None:
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    index = ModuleIndex.build(tmp_path, walk_python_files(tmp_path))
    assert {f.relative_to(tmp_path.resolve()).as_posix(): n for f, n in index.names.items()} == expected


def test_an_import_name_is_an_alias_only_where_one_file_has_it() -> None:
    index = ModuleIndex.build(ROOT, walk_python_files(ROOT))
    assert index.lookup["helpers"] == (ROOT / "tests/unit/helpers.py").resolve()
    assert "conftest" not in index.lookup and "setup" not in index.lookup


def test_a_file_outside_the_tree_never_renames_one_inside(tmp_path: Path) -> None:
    for name in ("t/conftest.py", "build/t/conftest.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    root = tmp_path.resolve()
    index = ModuleIndex.build(root, walk_python_files(root), extra=[root / "build/t/conftest.py"])
    assert index.names[root / "t/conftest.py"] == "t.conftest"
    assert index.names[root / "build/t/conftest.py"] == "build.t.conftest"


def test_build_and_env_are_walked_when_they_are_packages(tmp_path: Path) -> None:
    """pip has ``operations/build/``: a package of that name is code, not build output."""
    for name in ("pkg/__init__.py", "pkg/build/__init__.py", "pkg/build/wheel.py", "build/lib/pkg/x.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    (tmp_path / "env").mkdir()
    (tmp_path / "env/pyvenv.cfg").write_text("")
    (tmp_path / "env/__init__.py").write_text("")  # a virtualenv even so
    found = {f.relative_to(tmp_path).as_posix() for f in walk_python_files(tmp_path)}
    assert found == {"pkg/__init__.py", "pkg/build/__init__.py", "pkg/build/wheel.py"}


def test_a_symlink_out_of_the_root_is_never_read(tmp_path: Path) -> None:
    (tmp_path / "outside.py").write_text("def secret():\n    pass\n")
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "mod.py").write_text("def f():\n    pass\n")
    (tmp_path / "repo" / "escape.py").symlink_to(tmp_path / "outside.py")
    graph = parse_repository(tmp_path / "repo", repository=REPO, workers=1)
    assert [f.module.path for f in graph.files] == ["mod.py"] and graph.errors == ()
    stray = parse_repository(tmp_path / "repo", repository=REPO, workers=1, files=[tmp_path / "outside.py"])
    assert [(e.path, e.reason) for e in stray.errors] == [
        (str((tmp_path / "outside.py").resolve()), "outside the repository root")
    ]


def test_a_file_symlink_inside_the_root_is_named_by_its_own_path(tmp_path: Path) -> None:
    """``pkg/alias.py`` -> ``core.py``: ``import pkg.alias`` gives a module of its own, so
    its functions are ``pkg.alias.*``; named by its target it was a "duplicate module"."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "core.py").write_text("def f():\n    pass\n")
    (tmp_path / "pkg" / "alias.py").symlink_to("core.py")
    (tmp_path / "pkg" / "use.py").write_text("from pkg.alias import f\n\n\ndef g():\n    f()\n")
    graph = parse_repository(tmp_path, repository=REPO, workers=1)
    assert graph.errors == ()
    assert sorted(f.module.path for f in graph.files) == [
        "pkg/__init__.py", "pkg/alias.py", "pkg/core.py", "pkg/use.py",
    ]  # fmt: skip
    assert ("pkg.use.g", "pkg.alias.f") in {(c.caller, c.callee) for c in graph.calls}


def test_a_script_imports_the_module_beside_it_when_several_directories_have_one(tmp_path: Path) -> None:
    """``a/main.py`` and ``b/main.py`` each import ``util`` and each has its own ``util.py``
    (and so does the root): Python reads the script's own directory first."""
    sources = {
        "util.py": "def top():\n    pass\n",
        "a/util.py": "def f():\n    pass\n",
        "a/main.py": "import util\n\nutil.f()\n",
        "b/util.py": "def g():\n    pass\n",
        "b/main.py": "from util import g\nimport util as u\n\ng()\nu.g()\n",
        "main.py": "import util\n\nutil.top()\n",
    }
    for name, text in sources.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    graph = parse_repository(tmp_path, repository=REPO, workers=1)
    calls = {(c.caller, c.callee) for c in graph.calls}
    assert {("a.main", "a.util.f"), ("b.main", "b.util.g"), ("main", "util.top")} <= calls
    assert not {c for c in calls if c[1].startswith("util.") and c[1] != "util.top"}
    imports = {(i.module, i.target) for f in graph.files for i in f.imports}
    assert {("a.main", "a.util"), ("b.main", "b.util"), ("main", "util")} <= imports
