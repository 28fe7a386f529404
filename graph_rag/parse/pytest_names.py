"""Which files, classes and functions pytest collects as tests, as the project configures it.

pytest collects ``test_*.py`` and ``*_test.py`` files, ``Test*`` classes and ``test*``
functions unless its configuration says otherwise (``python_files``, ``python_classes``,
``python_functions``), and projects do: pytest-django's documentation has Django projects
collect ``tests.py``. A test's parameters are fixtures (fixtures.py), so a file or class
the project names differently would leave its tests' parameters untyped.

The configuration is found as pytest finds its ini-file, inside the repository: in the
test's directory or the nearest one above it holding ``pytest.ini``, a ``pyproject.toml`` with
``[tool.pytest.ini_options]``, a ``tox.ini`` with ``[pytest]`` or a ``setup.cfg`` with
``[tool:pytest]`` (in that order within a directory). Only the file is read; nothing runs.
"""

from __future__ import annotations

import configparser
import tomllib
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cache
from pathlib import Path

_SETTINGS = ("python_files", "python_classes", "python_functions")


@dataclass(frozen=True, slots=True)
class CollectionRules:
    """pytest's ``python_files``, ``python_classes`` and ``python_functions``."""

    files: tuple[str, ...] = ("test_*.py", "*_test.py")
    classes: tuple[str, ...] = ("Test",)
    functions: tuple[str, ...] = ("test",)

    def is_test_file(self, path: Path) -> bool:
        return any(_file_matches(path, p) for p in self.files)

    def is_test_class(self, name: str) -> bool:
        return any(_matches(name, p) for p in self.classes)

    def is_test_function(self, name: str) -> bool:
        return any(_matches(name, p) for p in self.functions)


def _file_matches(path: Path, pattern: str) -> bool:
    """pytest's rule: the file's name, or, for a pattern with a ``/`` (``testing/python/*.py``),
    its whole path, a relative pattern matching at any depth."""
    if "/" not in pattern:
        return fnmatch(path.name, pattern)
    if path.is_absolute() and not pattern.startswith("/"):
        pattern = f"*/{pattern}"
    return fnmatch(str(path), pattern)


def _matches(name: str, pattern: str) -> bool:
    """A prefix, or a glob where the pattern has wildcards (pytest's rule for both settings)."""
    return fnmatch(name, pattern) if any(c in pattern for c in "*?[") else name.startswith(pattern)


def collection_rules(file: Path, repo_root: Path | None) -> CollectionRules:
    """The naming rules that apply to the test file ``file``, from a configuration file no
    higher than ``repo_root``: what lies outside the repository must not change its graph."""
    return _configured(file.parent, repo_root)


@cache
def _configured(directory: Path, repo_root: Path | None) -> CollectionRules:
    folders = [directory, *directory.parents]
    if repo_root is not None and directory.is_relative_to(repo_root):
        folders = folders[: folders.index(repo_root) + 1]
    for folder in folders:
        found = _read_folder(folder)
        if found is not None:
            return CollectionRules(**{_FIELD[key]: tuple(value) for key, value in found.items() if value})
    return CollectionRules()


_FIELD = {"python_files": "files", "python_classes": "classes", "python_functions": "functions"}


def _read_folder(folder: Path) -> dict[str, list[str]] | None:
    """The settings of the ini-file pytest would pick in ``folder``; None where it has none."""
    ini = folder / "pytest.ini"
    if ini.is_file():  # pytest.ini counts even without a [pytest] section
        return _ini_settings(ini, ("pytest", "tool:pytest")) or {}
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        found = _toml_settings(pyproject)
        if found is not None:
            return found
    for name, section in (("tox.ini", "pytest"), ("setup.cfg", "tool:pytest")):
        if (folder / name).is_file():
            found = _ini_settings(folder / name, (section,))
            if found is not None:
                return found
    return None


def _ini_settings(path: Path, sections: tuple[str, ...]) -> dict[str, list[str]] | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError, OSError):
        return None
    for section in sections:
        if parser.has_section(section):
            present = [key for key in _SETTINGS if parser.has_option(section, key)]
            return {key: parser.get(section, key).split() for key in present}
    return None


def _toml_settings(path: Path) -> dict[str, list[str]] | None:
    try:
        options = tomllib.loads(path.read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    except (KeyError, TypeError, tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        return None
    if not isinstance(options, dict):
        return None
    found: dict[str, list[str]] = {}
    for key in _SETTINGS:
        value = options.get(key)
        if isinstance(value, str):
            found[key] = value.split()
        elif isinstance(value, list):
            found[key] = [v for v in value if isinstance(v, str)]
    return found


def forget() -> None:
    """Read the configuration files again (a new parse session: they may have changed)."""
    _configured.cache_clear()
