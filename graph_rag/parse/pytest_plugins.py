"""The pytest plugins installed among a repository's dependencies, whose fixtures its
tests may ask for by name: pytest-django's ``client``, pytest-mock's ``mocker``.

pytest loads every installed distribution's ``pytest11`` entry points; each names a
module whose fixtures (its own, or imported into it) every test can use. They are read
here from the ``entry_points.txt`` of the ``*.dist-info`` (or ``*.egg-info``) folders in
the dependency roots (a ``site-packages``), never by importing anything.
"""

from __future__ import annotations

import configparser
from collections.abc import Iterable
from pathlib import Path

_METADATA = ("*.dist-info/entry_points.txt", "*.egg-info/entry_points.txt")


def installed_plugins(dependencies: Iterable[Path]) -> list[str]:
    """The modules the ``pytest11`` entry points in ``dependencies`` name, in a stable order."""
    found: list[str] = []
    for root in dependencies:
        for pattern in _METADATA:
            for entry_points in sorted(root.glob(pattern)):
                found.extend(_pytest11(entry_points))
    return list(dict.fromkeys(found))


def _pytest11(entry_points: Path) -> list[str]:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keep names' case
    try:
        parser.read(entry_points, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError, OSError):
        return []
    if not parser.has_section("pytest11"):
        return []
    # ``name = module`` or ``name = module:attribute``; pytest loads the module either way
    targets = [value.partition(":")[0].strip() for _, value in parser.items("pytest11")]
    return [t for t in targets if t and all(part.isidentifier() for part in t.split("."))]
