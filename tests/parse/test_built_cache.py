"""Dependencies' modules stored as built (graph_rag/parse/built_cache.py).

A run reads a dependency's module as astroid left it after its post-build steps
(imported names into its locals, ``self.x`` onto its classes, the transforms) instead
of running them again; but only while what that build read is unchanged, since a
star import copies another module's names and a transform infers other modules.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from astroid import builder as astroid_builder

from graph_rag.config import USER_CACHE_ENV_VAR
from graph_rag.model import CodeGraph, Repository
from graph_rag.parse import builder, built_cache, parse_repository, tree_cache

from ..ingest.conftest import write_tree

ASSETS = Path(__file__).parents[1] / "assets" / "parse" / "dependencies"
REPO = Repository(id="d", name="dependencies")


@pytest.fixture
def user_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A user cache of its own, so the first parse below builds every dependency module."""
    monkeypatch.setenv(USER_CACHE_ENV_VAR, str(tmp_path / "cache"))
    tree_cache._disk_cache.cache_clear()
    built_cache._disk_cache.cache_clear()
    yield tmp_path / "cache"
    tree_cache._disk_cache.cache_clear()
    built_cache._disk_cache.cache_clear()


def _parse(repo: Path, site: Path) -> CodeGraph:
    return parse_repository(repo, repository=REPO, workers=1, dependencies=[site])


def _edges(graph: CodeGraph) -> list[tuple[str, str, int, str]]:
    return sorted((c.caller, c.callee, c.lineno, str(c.confidence)) for c in graph.calls)


def _callees(graph: CodeGraph, caller: str) -> set[str]:
    return {call.callee for call in graph.calls if call.caller == caller}


def _refuse_to_build(monkeypatch: pytest.MonkeyPatch, package: str) -> None:
    """Fail the test if astroid parses or post-builds a module of ``package``."""
    post_build = astroid_builder.AstroidBuilder._post_build

    def post_build_unless_a_dependency(self, module, builder, encoding):  # type: ignore[no-untyped-def]
        if module.name.partition(".")[0] == package:
            pytest.fail(f"{module.name} was built again")
        return post_build(self, module, builder, encoding)

    monkeypatch.setattr(astroid_builder.AstroidBuilder, "_post_build", post_build_unless_a_dependency)


def test_a_later_run_loads_the_dependencys_modules_built(
    user_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _parse(ASSETS / "repo", ASSETS / "site")
    assert len(list(user_cache.glob("parse/built-*/*.pickle"))) == 3  # webkit, .response, .request
    _refuse_to_build(monkeypatch, "webkit")
    again = _parse(ASSETS / "repo", ASSETS / "site")
    assert _edges(again) == _edges(first)
    assert again.stats.calls_unresolved == 0


def test_a_module_another_worker_stored_meanwhile_is_not_pickled_again(
    user_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers build the same dependency modules side by side; the first to finish stores
    each, and the others find it there instead of pickling it again (a cold run's cost)."""
    _parse(ASSETS / "repo", ASSETS / "site")
    monkeypatch.setattr(built_cache, "stored", lambda entry: None)  # absent when the run began
    stores: list[object] = []
    monkeypatch.setattr(built_cache, "store", lambda *args: stores.append(args) or True)
    _parse(ASSETS / "repo", ASSETS / "site")
    assert stores == []


def test_a_star_import_sees_a_name_added_to_the_module_it_reads(user_cache: Path, tmp_path: Path) -> None:
    """``kit/__init__.py`` is unchanged, but what its build copied from ``kit.parts``
    is not: its stored module is not used once ``parts.py`` has changed."""
    write_tree(
        tmp_path,
        {
            "site/kit/__init__.py": "from .parts import *\n",
            "site/kit/parts.py": "class Tool:\n    def use(self):\n        return 1\n",
            "repo/app.py": "import kit\n\n\ndef run():\n    kit.Tool().use()\n    kit.Brush().paint()\n",
        },
    )
    before = _parse(tmp_path / "repo", tmp_path / "site")
    assert "kit.parts.Tool.use" in _callees(before, "app.run")
    assert "kit.parts.Brush.paint" not in _callees(before, "app.run")
    with (tmp_path / "site/kit/parts.py").open("a") as parts:
        parts.write("\n\nclass Brush:\n    def paint(self):\n        return 2\n")
    after = _parse(tmp_path / "repo", tmp_path / "site")
    assert {"kit.parts.Tool.use", "kit.parts.Brush.paint"} <= _callees(after, "app.run")


def test_a_module_found_since_in_another_dependency_is_read(user_cache: Path, tmp_path: Path) -> None:
    """A name the build looked up and did not find is part of what it read too."""
    write_tree(
        tmp_path,
        {
            "site/kit/__init__.py": "from extras import *\n",
            "repo/app.py": "import kit\n\n\ndef run():\n    kit.Polisher().shine()\n",
        },
    )
    before = _parse(tmp_path / "repo", tmp_path / "site")
    assert "extras.Polisher.shine" not in _callees(before, "app.run")
    write_tree(tmp_path, {"site/extras.py": "class Polisher:\n    def shine(self):\n        return 2\n"})
    after = _parse(tmp_path / "repo", tmp_path / "site")
    assert "extras.Polisher.shine" in _callees(after, "app.run")


def test_a_dependency_built_from_the_repository_is_not_stored(user_cache: Path, tmp_path: Path) -> None:
    """A plugin that imports the repository it plugs into is built anew each run: the
    repository changes."""
    write_tree(
        tmp_path,
        {
            "site/plugin.py": "from app import Base\n\n\nclass Extra(Base):\n    pass\n",
            "site/other.py": "def helper():\n    return 1\n",
            "repo/app.py": (
                "import other\nimport plugin\n\n\nclass Base:\n    def go(self):\n        return 1\n\n\n"
                "def run():\n    plugin.Extra().go()\n    other.helper()\n"
            ),
        },
    )
    graph = _parse(tmp_path / "repo", tmp_path / "site")
    assert _callees(graph, "app.run") >= {"app.Base.go", "other.helper"}
    stored = {path.name for path in user_cache.glob("parse/built-*/*.pickle")}
    assert len(stored) == 1  # other.py's, not plugin.py's


def test_an_edited_dependency_is_built_again(user_cache: Path, tmp_path: Path) -> None:
    shutil.copytree(ASSETS / "site", tmp_path / "site")
    _parse(ASSETS / "repo", tmp_path / "site")
    response = tmp_path / "site" / "webkit" / "response.py"
    response.write_text(response.read_text().replace("def body(self)", "def text(self)"))
    after = _parse(ASSETS / "repo", tmp_path / "site")
    assert _callees(after, "app.view") == {"webkit.make_response", "webkit.response.Headers.update"}


def test_under_djangos_tips_a_dependency_is_stored_for_the_names_the_repository_offers(
    user_cache: Path, tmp_path: Path
) -> None:
    """Django's tips decide at build time from what the repository's sources declare
    (here: a reverse relation's name), so a model added with a relation field gives
    other entries, and the ones stored before are not used for it."""
    write_tree(
        tmp_path,
        {
            "site/django/__init__.py": "",
            "site/kit.py": "class Tool:\n    def use(self):\n        return 1\n",
            "repo/app.py": "import kit\n\n\ndef run():\n    kit.Tool().use()\n",
        },
    )

    def stored() -> set[str]:
        return {path.name for path in user_cache.glob("parse/built-*/*.pickle")}

    _parse(tmp_path / "repo", tmp_path / "site")
    first = stored()
    assert first
    _parse(tmp_path / "repo", tmp_path / "site")
    assert stored() == first
    model = "class Book:\n    shelf = ForeignKey('Shelf', related_name='books')\n"
    write_tree(tmp_path, {"repo/models.py": model})
    graph = _parse(tmp_path / "repo", tmp_path / "site")
    assert "kit.Tool.use" in _callees(graph, "app.run")
    assert stored() > first


def test_modules_of_an_import_cycle_are_built_again_in_the_order_a_run_reaches_them(
    user_cache: Path, tmp_path: Path
) -> None:
    """``a`` and ``b`` star-import each other: the one built second sees the other half
    built (its own star import of ``c`` not yet copied), so which names ``b`` holds
    depends on which of them a run reached first. Stored after a run that reached ``a``
    first, ``b`` would lack ``C`` in a run that reaches ``b`` first, where building it
    finds ``c.C``."""
    write_tree(
        tmp_path,
        {
            "site/a.py": "from b import *\nfrom c import *\n",
            "site/b.py": "from a import *\n\n\nclass B:\n    def n(self):\n        return 1\n",
            "site/c.py": "class C:\n    def m(self):\n        return 1\n",
            "repo/app.py": "import a\nimport b\n\n\ndef run():\n    a.B().n()\n    b.C().m()\n",
        },
    )
    a_first = _parse(tmp_path / "repo", tmp_path / "site")
    assert "c.C.m" not in _callees(a_first, "app.run")  # b was built while a was half built
    b_first_app = "import a\nimport b\n\n\ndef run():\n    b.C().m()\n    a.B().n()\n"
    write_tree(tmp_path, {"repo/app.py": b_first_app})
    b_first = _parse(tmp_path / "repo", tmp_path / "site")
    assert {"c.C.m", "b.B.n"} <= _callees(b_first, "app.run")


def test_a_module_built_without_one_that_failed_for_its_depth_is_not_stored(
    user_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build nested hundreds deep in others' builds (star imports down a long chain) can
    run out of stack: the module it was nested in is then built without its names, which
    a run reaching the failed module first would have found. Here ``kit.parts`` fails
    the first time only, as if for depth, while ``kit`` star-imports it."""
    write_tree(
        tmp_path,
        {
            "site/kit/__init__.py": "from .parts import *\n",
            "site/kit/parts.py": "class Tool:\n    def use(self):\n        return 1\n",
            "repo/app.py": "import kit\n\n\ndef run():\n    kit.Tool().use()\n",
        },
    )
    read_and_build = builder.RepoManager._read_and_build
    failed: list[str] = []

    def too_deep_once(self, name, file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "kit.parts" and not failed:
            failed.append(name)
            raise RecursionError("maximum recursion depth exceeded")
        return read_and_build(self, name, file, *args, **kwargs)

    monkeypatch.setattr(builder.RepoManager, "_read_and_build", too_deep_once)
    first = _parse(tmp_path / "repo", tmp_path / "site")
    assert failed and "kit.parts.Tool.use" not in _callees(first, "app.run")
    again = _parse(tmp_path / "repo", tmp_path / "site")
    assert "kit.parts.Tool.use" in _callees(again, "app.run")
