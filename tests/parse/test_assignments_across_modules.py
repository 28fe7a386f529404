"""An attribute assigned from another module (a test's monkeypatch) never changes what a
class's or module's own code is resolved to call.

Files are parsed in path order in one process, so ``a_patch.py`` (which builds
``z_lib`` while it is parsed) comes first: astroid, left alone, would record its
assignments on ``z_lib``'s class and module, and resolve ``z_lib``'s own calls to the
patches. With several workers, whether that happened depended on which worker had
built ``a_patch.py`` before, so two runs over the same files gave different graphs.
"""

from __future__ import annotations

from pathlib import Path

from graph_rag.model import CodeGraph, Repository
from graph_rag.parse import parse_repository

LIBRARY = """
class Sitemap:
    def items(self):
        return []

    def pages(self):
        return self.items()


def now():
    return 0


def stamp():
    return now()
"""

PATCHES = """
import z_lib
from z_lib import Sitemap


def fake_items():
    return [1]


def fake_now():
    return 1


def patch():
    sitemap = Sitemap()
    sitemap.items = fake_items
    z_lib.now = fake_now
    return sitemap
"""


def _parse(root: Path) -> CodeGraph:
    (root / "a_patch.py").write_text(PATCHES)
    (root / "z_lib.py").write_text(LIBRARY)
    return parse_repository(root, repository=Repository(id="p", name="p"), workers=1)


def _callees(graph: CodeGraph, caller: str) -> set[str]:
    return {call.callee for call in graph.calls if call.caller == caller}


def test_a_method_patched_on_one_instance_elsewhere_still_resolves_to_the_method(tmp_path: Path) -> None:
    assert _callees(_parse(tmp_path), "z_lib.Sitemap.pages") == {"z_lib.Sitemap.items"}


def test_a_module_function_replaced_from_another_module_still_resolves_to_itself(tmp_path: Path) -> None:
    assert _callees(_parse(tmp_path), "z_lib.stamp") == {"z_lib.now"}


def test_the_patching_module_keeps_its_own_calls(tmp_path: Path) -> None:
    assert _callees(_parse(tmp_path), "a_patch.patch") == {"z_lib.Sitemap"}
