"""constraints.txt pins what ./scripts/bootstrap installs, so a clean clone tests the
versions that were tested: every dependency pyproject.toml declares is pinned, at a
version its declared range admits (a range moved without ./scripts/lock fails here)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
# scripts/bootstrap installs the CPU build of torch itself (TORCH_SPEC), before the rest.
INSTALLED_APART = {"torch"}


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, separator, version = line.partition("==")
        assert separator, f"not an exact pin: {line!r}"
        assert canonicalize_name(name) not in pins, f"pinned twice: {name}"
        pins[canonicalize_name(name)] = Version(version)
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"].values()
    return [Requirement(r) for r in (*project["dependencies"], *(r for extra in extras for r in extra))]


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    pins = _pins()
    outside = []
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        if name in INSTALLED_APART:
            continue
        assert name in pins, f"{name} is declared in pyproject.toml but not pinned: run ./scripts/lock"
        if not requirement.specifier.contains(pins[name], prereleases=True):
            outside.append(f"{name}=={pins[name]} (pyproject.toml: {requirement.specifier})")
    assert not outside, f"pins outside the declared ranges, run ./scripts/lock: {outside}"


def test_torch_is_left_to_the_bootstrap() -> None:
    """A pin of torch's CPU build (``2.13.0+cpu``) would fail wherever only PyPI's build exists."""
    assert not INSTALLED_APART & set(_pins())
