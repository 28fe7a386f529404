"""Real git repositories built in tmp_path with the git CLI.

``make_repo(name, files)`` creates ``tmp_path/<name>``, writes ``files``
(path -> str or bytes), and commits them as "first"; ``commit(repo, files,
delete=..., rename=...)`` records one more commit and returns its sha.
Author and committer are fixed so nothing depends on the machine's git config.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}

Files = Mapping[str, str | bytes]


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "protocol.file.allow=always", "-c", "init.defaultBranch=main", *args],
        cwd=cwd, env={**os.environ, **_ENV}, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip()


def write(root: Path, files: Files) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


def commit(
    repo: Path,
    files: Files | None = None,
    *,
    delete: tuple[str, ...] = (),
    rename: Mapping[str, str] | None = None,
    message: str = "change",
) -> str:
    write(repo, files or {})
    for rel in delete:
        git(repo, "rm", "-q", rel)
    for old, new in (rename or {}).items():
        git(repo, "mv", old, new)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[[str, Files], Path]:
    def make(name: str, files: Files) -> Path:
        repo = tmp_path / name
        repo.mkdir()
        git(repo, "init", "-q")
        commit(repo, files, message="first")
        return repo

    return make


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"
