"""repository_signals: license, tests, docs and last commit date.

Fixtures are written per test: license texts (first lines of the real texts, enough to
identify them), pyproject.toml license fields, and small trees with or without tests/docs.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph_rag.sources import RepoSignals, repository_signals
from graph_rag.sources.signals import license_from_name

from .conftest import commit, git, write

BSD = "Redistribution and use in source and binary forms, with or without modification, ..."
LICENSE_FILES = [
    ("LICENSE", "MIT License\n\nPermission is hereby granted, free of charge, to any person",
     "MIT"),
    ("LICENSE.txt", "       Apache License\n    Version 2.0, January 2004", "Apache-2.0"),
    ("LICENSE.md", f"{BSD}\n3. Neither the name of the copyright holder nor", "BSD-3-Clause"),
    ("COPYING", f"{BSD}\n2. Redistributions in binary form must reproduce", "BSD-2-Clause"),
    ("COPYING", "GNU GENERAL PUBLIC LICENSE\n Version 3, 29 June 2007", "GPL-3.0"),
    ("COPYING.LESSER", "GNU LESSER GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007", "LGPL-3.0"),
    ("LICENCE", "Mozilla Public License Version 2.0", "MPL-2.0"),
    ("UNLICENSE", "This is free and unencumbered software released into the public domain.",
     "Unlicense"),
    ("LICENSE-ISC", "Permission to use, copy, modify, and/or distribute this software for any "
     "purpose with or without fee is hereby granted", "ISC"),
    ("LICENSE", "All rights reserved. Ask us.", "unknown"),
]  # fmt: skip


@pytest.mark.parametrize(("filename", "text", "spdx"), LICENSE_FILES)
def test_license_from_file(tmp_path: Path, filename: str, text: str, spdx: str) -> None:
    write(tmp_path, {filename: text})
    signals = repository_signals(tmp_path, [])
    assert (signals.license, signals.license_file) == (spdx, filename)


PYPROJECTS = [
    ('license = "MIT OR Apache-2.0"', "MIT OR Apache-2.0"),
    ('license = {text = "BSD License"}', "BSD-3-Clause"),
    ('license = {file = "LEGAL.txt"}', "Apache-2.0"),
    ('classifiers = ["License :: OSI Approved :: MIT License"]', "MIT"),
    ('license = {text = "Proprietary"}', "unknown"),
]


@pytest.mark.parametrize(("field", "spdx"), PYPROJECTS)
def test_license_from_pyproject(tmp_path: Path, field: str, spdx: str) -> None:
    write(tmp_path, {
        "pyproject.toml": f'[project]\nname = "x"\n{field}\n',
        "LEGAL.txt": "Apache License, Version 2.0",
    })  # fmt: skip
    signals = repository_signals(tmp_path, [])
    assert signals.license == spdx
    assert signals.license_file == ("pyproject.toml" if spdx != "unknown" else "")


def test_no_license_at_all(tmp_path: Path) -> None:
    assert repository_signals(tmp_path, []) == RepoSignals(
        license="unknown", license_file="", has_tests=False, has_docs=False, last_commit_date=None
    )


def test_symlinked_license_outside_the_repo_is_not_read(tmp_path: Path) -> None:
    write(tmp_path, {"elsewhere/MIT": "Permission is hereby granted, free of charge"})
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "LICENSE").symlink_to(tmp_path / "elsewhere/MIT")
    assert repository_signals(repo, []).license == "unknown"


@pytest.mark.parametrize(
    ("tree", "files", "has_tests", "has_docs"),
    [
        ({"tests/x.txt": "", "README.md": ""}, (), True, True),
        ({"docs/index.rst": ""}, ("src/pkg/test_core.py",), True, True),
        ({}, ("pkg/core_test.py",), True, False),
        ({}, ("pkg/tests/helpers.py",), True, False),
        ({"doc/x": ""}, ("pkg/testing.py", "pkg/contest.py"), False, True),
    ],
)
def test_tests_and_docs(
    tmp_path: Path, tree: dict[str, str], files: tuple[str, ...], has_tests: bool, has_docs: bool
) -> None:
    write(tmp_path, tree)
    signals = repository_signals(tmp_path, files)
    assert (signals.has_tests, signals.has_docs) == (has_tests, has_docs)


@pytest.mark.parametrize(
    ("value", "spdx"),
    [
        ("MIT", "MIT"),
        ("Apache Software License", "Apache-2.0"),
        ("License :: OSI Approved :: Apache Software License", "Apache-2.0"),
        ("GPL-3.0-or-later", "GPL-3.0-or-later"),
        ("UNKNOWN", None),
        ("", None),
    ],
)
def test_license_names(value: str, spdx: str | None) -> None:
    assert license_from_name(value) == spdx


def test_last_commit_date_is_the_committer_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2024-02-03T04:05:06+00:00")
    write(tmp_path, {"a.py": ""})
    git(tmp_path, "init", "-q")
    commit(tmp_path)
    when = repository_signals(tmp_path, ["a.py"]).last_commit_date
    assert when == datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC)
