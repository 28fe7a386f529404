"""Quality signals of a repository: license, tests, docs, last commit.

Read from files only (plus one ``git log`` for the date); docstring coverage
is computed later, from the parsed model.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from graph_rag.sources import git

UNKNOWN_LICENSE = "unknown"
LICENSE_FILE_STEMS = ("license", "licence", "copying", "unlicense")
LICENSE_READ_BYTES = 64 * 1024

# (SPDX id, phrases that must all appear); the first match wins, so a license
# whose text contains another's (LGPL quotes the GPL) comes first.
_LICENSE_TEXTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("AGPL-3.0", ("gnu affero general public license",)),
    ("LGPL-3.0", ("gnu lesser general public license", "version 3")),
    ("LGPL-2.1", ("gnu lesser general public license", "version 2.1")),
    ("GPL-3.0", ("gnu general public license", "version 3")),
    ("GPL-2.0", ("gnu general public license", "version 2")),
    ("Apache-2.0", ("apache license", "version 2.0")),
    ("MPL-2.0", ("mozilla public license", "2.0")),
    ("PSF-2.0", ("python software foundation",)),
    ("Unlicense", ("free and unencumbered software released into the public domain",)),
    ("CC0-1.0", ("cc0",)),
    ("BSL-1.0", ("boost software license",)),
    ("EPL-2.0", ("eclipse public license",)),
    ("ISC", ("permission to use, copy, modify, and/or distribute this software for any purpose",)),
    ("MIT", ("permission is hereby granted, free of charge",)),
    ("BSD-3-Clause", ("redistribution and use in source and binary forms", "neither the name")),
    ("BSD-3-Clause", ("redistribution and use in source and binary forms", "may not be used to")),
    ("BSD-2-Clause", ("redistribution and use in source and binary forms",)),
)

# Names people write in pyproject's license field or trove classifiers.
_LICENSE_ALIASES = {
    "mit": "MIT",
    "mit license": "MIT",
    "apache": "Apache-2.0",
    "apache 2": "Apache-2.0",
    "apache 2.0": "Apache-2.0",
    "apache-2": "Apache-2.0",
    "apache license 2.0": "Apache-2.0",
    "apache license, version 2.0": "Apache-2.0",
    "apache software license": "Apache-2.0",
    "bsd": "BSD-3-Clause",
    "bsd license": "BSD-3-Clause",
    "new bsd": "BSD-3-Clause",
    "bsd-3": "BSD-3-Clause",
    "bsd 3-clause": "BSD-3-Clause",
    "bsd-2": "BSD-2-Clause",
    "isc license": "ISC",
    "isc license (iscl)": "ISC",
    "gplv3": "GPL-3.0",
    "gplv2": "GPL-2.0",
    "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0",
    "python software foundation license": "PSF-2.0",
    "the unlicense (unlicense)": "Unlicense",
}
_SPDX_EXPRESSION = re.compile(r"^[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*$")


@dataclass(frozen=True, slots=True)
class RepoSignals:
    license: str  # SPDX id ("MIT", "Apache-2.0", ...) or "unknown"
    license_file: str  # where it was read: "LICENSE", "pyproject.toml", or "" when nowhere
    has_tests: bool  # a tests/ (or test/) directory, or test_*.py / *_test.py files
    has_docs: bool  # a docs/ (or doc/) directory, or a README
    last_commit_date: datetime | None  # HEAD's committer date, for git repos


def repository_signals(root: Path, files: Sequence[str]) -> RepoSignals:
    """What the repository's files say about its license, tests and docs."""
    root = Path(root)
    license_id, license_file = detect_license(root)
    return RepoSignals(
        license=license_id,
        license_file=license_file,
        has_tests=_has_tests(root, files),
        has_docs=_has_docs(root),
        last_commit_date=_last_commit_date(root),
    )


def detect_license(root: Path) -> tuple[str, str]:
    """(SPDX id or "unknown", the file it came from or "")."""
    candidates = sorted(
        p for p in _root_files(root) if p.name.lower().split(".")[0].split("-")[0] in LICENSE_FILE_STEMS
    )
    for path in candidates:
        if found := license_from_text(_read_head(path, root)):
            return found, path.name
    if found := _license_from_pyproject(root / "pyproject.toml"):
        return found, "pyproject.toml"
    return UNKNOWN_LICENSE, candidates[0].name if candidates else ""


def license_from_text(text: str) -> str | None:
    """The SPDX id a license text reads as, or None."""
    normalized = " ".join(text.lower().split())
    for spdx, phrases in _LICENSE_TEXTS:
        if all(phrase in normalized for phrase in phrases):
            return spdx
    return None


def license_from_name(value: str) -> str | None:
    """A license field or trove classifier as an SPDX id, or None."""
    value = value.strip()
    if not value:
        return None
    key = value.lower().rpartition("::")[2].strip()
    if key in _LICENSE_ALIASES:
        return _LICENSE_ALIASES[key]
    if _SPDX_EXPRESSION.match(value) and value.lower() not in ("unknown", "other", "proprietary"):
        return value
    return license_from_text(value) if len(value) > 100 else None


def _license_from_pyproject(path: Path) -> str | None:
    try:
        project = tomllib.loads(path.read_text("utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    field = project.get("license")
    if isinstance(field, str):  # PEP 639: an SPDX expression
        return license_from_name(field)
    if isinstance(field, dict):
        if isinstance(text := field.get("text"), str) and (found := license_from_name(text)):
            return found
        if isinstance(file := field.get("file"), str):
            found = license_from_text(_read_head(path.parent / file, path.parent))
            if found:
                return found
    for classifier in project.get("classifiers", []):
        is_license = isinstance(classifier, str) and classifier.startswith("License ::")
        if is_license and (found := license_from_name(classifier)):
            return found
    return None


def _has_tests(root: Path, files: Sequence[str]) -> bool:
    if (root / "tests").is_dir() or (root / "test").is_dir():
        return True
    for rel in files:
        *dirs, name = rel.split("/")
        if {"tests", "test"} & set(dirs):
            return True
        if name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py":
            return True
    return False


def _has_docs(root: Path) -> bool:
    if (root / "docs").is_dir() or (root / "doc").is_dir():
        return True
    return any(p.name.lower().startswith("readme") for p in _root_files(root))


def _last_commit_date(root: Path) -> datetime | None:
    result = git.run_git(["log", "-1", "--format=%cI", "HEAD"], cwd=root)
    if not result.ok or not result.stdout.strip():
        return None
    return datetime.fromisoformat(result.stdout.strip())


def _root_files(root: Path) -> list[Path]:
    try:
        return [p for p in root.iterdir() if p.is_file()]
    except OSError:
        return []


def _read_head(path: Path, root: Path) -> str:
    # A symlinked LICENSE (or pyproject's license.file) may lead anywhere: stay in the repo.
    try:
        if not path.resolve().is_relative_to(root.resolve()):
            return ""
        with path.open("rb") as f:
            return f.read(LICENSE_READ_BYTES).decode("utf-8", "replace")
    except OSError:
        return ""
