"""changed_files: the .py files that differ between two commits.

Fixture ``repo``: a git repo with ``keep.py``, ``edit.py``, ``gone.py``, ``old_name.py``
(long enough for rename detection) and ``notes.txt``; each test commits one change on top.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph_rag.errors import SourceError
from graph_rag.sources import ChangeSet, changed_files, resolve_source
from graph_rag.sources.git import has_commit

from .conftest import Files, commit, git

BODY = "".join(f"def f{i}():\n    return {i}\n" for i in range(20))


@pytest.fixture
def repo(make_repo: Callable[[str, Files], Path]) -> Path:
    return make_repo("repo", {
        "keep.py": "", "edit.py": "x = 1\n", "gone.py": "", "old_name.py": BODY,
        "notes.txt": "", "pkg/mod.py": "",
    })  # fmt: skip


CASES = [
    ("edit", dict(files={"edit.py": "x = 2\n", "notes.txt": "changed"}),
     ChangeSet(modified=("edit.py",))),
    ("add", dict(files={"new.py": "", "new.txt": ""}), ChangeSet(added=("new.py",))),
    ("delete", dict(delete=("gone.py",)), ChangeSet(deleted=("gone.py",))),
    ("rename", dict(rename={"old_name.py": "pkg/new_name.py"}),
     ChangeSet(renamed=(("old_name.py", "pkg/new_name.py"),))),
    ("rename to non-py", dict(rename={"old_name.py": "old_name.txt"}),
     ChangeSet(deleted=("old_name.py",))),
    ("nothing", dict(files={"notes.txt": "only text"}), ChangeSet()),
]  # fmt: skip


@pytest.mark.parametrize(("what", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_changes_between_commits(repo: Path, what: str, change: dict, expected: ChangeSet) -> None:
    old = git(repo, "rev-parse", "HEAD")
    new = commit(repo, **change)
    assert changed_files(repo, old, new) == expected


def test_paths_are_relative_to_a_subdirectory_root(repo: Path) -> None:
    old = git(repo, "rev-parse", "HEAD")
    new = commit(repo, {"pkg/mod.py": "y = 1\n", "edit.py": "z = 1\n"})
    assert changed_files(repo / "pkg", old, new) == ChangeSet(modified=("mod.py",))


def test_unknown_old_commit_means_fall_back(repo: Path) -> None:
    new = git(repo, "rev-parse", "HEAD")
    assert changed_files(repo, "0" * 40, new) is None


def test_shallow_clone_fetches_the_old_commit(repo: Path, cache_dir: Path) -> None:
    first = resolve_source(repo.as_uri(), cache_dir=cache_dir)
    commit(repo, {"edit.py": "x = 3\n"})
    commit(repo, {"new.py": ""})
    second = resolve_source(repo.as_uri(), cache_dir=cache_dir)
    # Forget the old commit locally, as a fresh shallow clone would not have it.
    git(second.root, "reflog", "expire", "--expire=now", "--all")
    git(second.root, "gc", "-q", "--prune=now")
    assert not has_commit(second.root, first.commit)
    assert changed_files(second.root, first.commit, second.commit) == ChangeSet(
        added=("new.py",), modified=("edit.py",)
    )


def test_unknown_new_commit_and_unsafe_names(repo: Path) -> None:
    old = git(repo, "rev-parse", "HEAD")
    with pytest.raises(SourceError) as info:
        changed_files(repo, old, "f" * 40)
    assert str(info.value) == f"Cannot compare commits in {repo}: unknown commit {'f' * 40!r}."
    with pytest.raises(SourceError) as info:
        changed_files(repo, "--output=/tmp/pwned", old)
    assert str(info.value) == "Refusing commit '--output=/tmp/pwned': not a commit name."
