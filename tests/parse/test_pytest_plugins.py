"""Fixtures of the pytest plugins installed among the dependencies
(graph_rag/parse/pytest_plugins.py, fixtures.py): a test asking for ``cart`` gets what the
``shopfix`` plugin's fixture returns, as pytest-django's tests get its ``client``, and
``mocker`` what ``mockfix`` makes a fixture, as pytest-mock does."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_rag.model import CodeGraph, Repository
from graph_rag.parse import parse_repository
from graph_rag.parse.pytest_plugins import installed_plugins

from ..ingest.conftest import write_tree

SITE = {
    # a plugin: its entry point names the module pytest loads, which imports the fixture
    "shopfix-1.0.dist-info/entry_points.txt": """
        [console_scripts]
        shopfix = shopfix.cli:main

        [pytest11]
        shopfix = shopfix.plugin
        """,
    "shopfix/__init__.py": "",
    "shopfix/plugin.py": "from shopfix.fixtures import cart, till  # noqa: F401\n",
    "shopfix/fixtures.py": """
        import pytest


        class Cart:
            def checkout(self):
                return 0


        class Till:
            def open(self):
                return True


        @pytest.fixture
        def cart() -> Cart:
            return Cart()


        @pytest.fixture
        def till():
            yield Till()


        def helper():
            return Cart()
        """,
    # pytest-mock's way: the package is the plugin, and it makes a function a fixture
    "mockfix-2.0.dist-info/entry_points.txt": "[pytest11]\nmockfix = mockfix\n",
    "mockfix/__init__.py": "from mockfix.plugin import mocker\n",
    "mockfix/plugin.py": """
        from collections.abc import Iterator

        import pytest


        class Mocker:
            def patch(self, target):
                return target


        def _mocker() -> Iterator[Mocker]:
            yield Mocker()


        mocker = pytest.fixture()(_mocker)
        """,
    # a distribution that is no pytest plugin
    "other-2.0.dist-info/entry_points.txt": "[console_scripts]\nother = other:main\n",
}

REPO = {
    "tests/test_shop.py": """
        def test_checkout(cart):
            cart.checkout()


        def test_till(till):
            till.open()


        def test_patch(mocker):
            mocker.patch("os.getcwd")


        def test_helper(helper):
            helper.checkout()  # a plain function of the plugin's module is no fixture
        """,
    "tests/own/conftest.py": """
        import pytest


        class OwnCart:
            def checkout(self):
                return 1


        @pytest.fixture
        def cart():
            return OwnCart()
        """,
    "tests/own/test_own.py": """
        def test_checkout(cart):
            cart.checkout()  # the repository's own fixture comes before the plugin's
        """,
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write_tree(tmp_path / "site", SITE)
    return tmp_path / "site"


@pytest.fixture
def graph(tmp_path: Path, site: Path) -> CodeGraph:
    write_tree(tmp_path / "repo", REPO)
    return parse_repository(
        tmp_path / "repo", repository=Repository(id="r", name="r"), workers=1, dependencies=[site]
    )


def _callees(graph: CodeGraph, caller: str) -> set[str]:
    return {call.callee for call in graph.calls if call.caller == caller}


def test_the_plugins_are_the_pytest11_entry_points_of_the_installed_distributions(site: Path) -> None:
    assert installed_plugins([site]) == ["mockfix", "shopfix.plugin"]


def test_a_test_gets_what_an_installed_plugins_fixture_returns(graph: CodeGraph) -> None:
    assert _callees(graph, "tests.test_shop.test_checkout") == {"shopfix.fixtures.Cart.checkout"}
    assert _callees(graph, "tests.test_shop.test_till") == {"shopfix.fixtures.Till.open"}  # yielded


def test_a_function_a_plugin_makes_a_fixture_is_followed_through_its_imports(graph: CodeGraph) -> None:
    """pytest-mock: ``mocker = pytest.fixture()(_mocker)`` in a module its package imports from."""
    assert _callees(graph, "tests.test_shop.test_patch") == {"mockfix.plugin.Mocker.patch"}


def test_only_fixtures_are_taken_from_a_plugin(graph: CodeGraph) -> None:
    assert _callees(graph, "tests.test_shop.test_helper") == set()


def test_the_repositorys_own_fixture_comes_first(graph: CodeGraph) -> None:
    assert _callees(graph, "tests.own.test_own.test_checkout") == {"tests.own.conftest.OwnCart.checkout"}
