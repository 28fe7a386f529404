"""Which files, classes and functions are tests, as the project's pytest configuration says
(graph_rag/parse/pytest_names.py): their parameters are fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_rag.parse import pytest_names
from graph_rag.parse.pytest_names import CollectionRules, collection_rules


@pytest.fixture(autouse=True)
def fresh_reading() -> Iterator[None]:
    pytest_names.forget()
    yield
    pytest_names.forget()


def rules_for(repo: Path, test_file: str = "app/tests.py") -> CollectionRules:
    file = repo / test_file
    file.parent.mkdir(parents=True, exist_ok=True)
    return collection_rules(file, repo)


def test_without_a_configuration_pytest_defaults_apply(tmp_path: Path) -> None:
    rules = rules_for(tmp_path)
    assert rules == CollectionRules()
    assert rules.is_test_file(Path("test_views.py")) and rules.is_test_file(Path("views_test.py"))
    assert not rules.is_test_file(Path("tests.py"))
    assert rules.is_test_class("TestViews") and not rules.is_test_class("ViewTests")
    assert rules.is_test_function("test_get") and not rules.is_test_function("check_get")


def test_pytest_django_style_files_from_pytest_ini(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\npython_files = tests.py test_*.py *_tests.py\n")
    rules = rules_for(tmp_path)
    assert rules.is_test_file(Path("tests.py")) and rules.is_test_file(Path("models_tests.py"))
    assert not rules.is_test_file(Path("models_test.py"))  # the setting replaces the defaults
    assert rules.is_test_class("TestViews")  # what it does not set keeps pytest's default


def test_classes_and_functions_are_prefixes_or_globs(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.pytest.ini_options]\n"
        'python_classes = ["*Tests", "Check"]\n'
        'python_functions = "check_ test_*"\n'
    )
    rules = rules_for(tmp_path)
    assert rules.is_test_class("ViewTests") and rules.is_test_class("Checkout")  # a glob, a prefix
    assert not rules.is_test_class("TestViews")
    assert rules.is_test_function("check_total") and rules.is_test_function("test_total")


def test_in_a_folder_pytest_ini_wins_and_files_without_the_section_do_not_count(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")  # no pytest section
    (tmp_path / "setup.cfg").write_text("[tool:pytest]\npython_files = check_*.py\n")
    assert rules_for(tmp_path).files == ("check_*.py",)
    pytest_names.forget()
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # pytest.ini counts even when it sets nothing
    assert rules_for(tmp_path) == CollectionRules()


def test_a_file_pattern_with_a_folder_matches_the_path(tmp_path: Path) -> None:
    """pytest's own: ``python_files = ["test_*.py", "testing/python/*.py"]``."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\npython_files = ["testing/python/*.py"]\n'
    )
    rules = rules_for(tmp_path)
    assert rules.is_test_file(tmp_path / "testing" / "python" / "approx.py")
    assert not rules.is_test_file(tmp_path / "testing" / "approx.py")


def test_the_nearest_configuration_above_the_test_is_read(tmp_path: Path) -> None:
    (tmp_path / "tox.ini").write_text("[pytest]\npython_files = tests.py\n")
    (tmp_path / "app" / "deep").mkdir(parents=True)
    assert rules_for(tmp_path, "app/deep/tests.py").files == ("tests.py",)


def test_a_configuration_outside_the_repository_is_not_read(tmp_path: Path) -> None:
    """The graph of a repository depends on nothing outside it."""
    (tmp_path / "pytest.ini").write_text("[pytest]\npython_files = tests.py\n")
    repo = tmp_path / "repo"
    assert rules_for(repo) == CollectionRules()


def test_a_broken_configuration_file_means_pytests_defaults(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.pytest.ini_options\npython_files = 'tests.py'\n")
    (tmp_path / "setup.cfg").write_text("no section header\n")
    assert rules_for(tmp_path) == CollectionRules()
