"""Our .gitignore pattern reader (used for plain directories and include/exclude)
agrees with git itself.

No fixture tree: each case is (pattern, path, is_dir); the expected answer is asked of
``git check-ignore --no-index`` in a scratch repository, so the table cannot drift from git.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from graph_rag.sources.ignore import GitignoreFiles, PatternList

CASES = [
    ("*.py", "a.py", False), ("*.py", "d/a.py", False), ("*.py", "a.pyc", False),
    ("/top.py", "top.py", False), ("/top.py", "d/top.py", False),
    ("build/", "build", True), ("build/", "build", False), ("build/", "x/build", True),
    ("d/*.py", "d/a.py", False), ("d/*.py", "d/e/a.py", False), ("d/*.py", "x/d/a.py", False),
    ("**/gen", "gen", True), ("**/gen", "a/b/gen", True),
    ("a/**/b.py", "a/b.py", False), ("a/**/b.py", "a/x/y/b.py", False),
    ("docs/**", "docs/x.py", False),
    ("?.py", "a.py", False), ("?.py", "ab.py", False),
    ("[ab].py", "a.py", False), ("[ab].py", "c.py", False), ("[!ab].py", "c.py", False),
    ("\\#x.py", "#x.py", False), ("# comment", "# comment", False),
    ("trailing.py   ", "trailing.py", False),
]  # fmt: skip


def git_says(tmp_path: Path, pattern: str, rel: str, is_dir: bool) -> bool:
    (tmp_path / ".gitignore").write_text(pattern + "\n")
    target = tmp_path / rel
    if is_dir:
        target.mkdir(parents=True, exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
    query = rel + ("/" if is_dir else "")
    done = subprocess.run(["git", "check-ignore", "-q", "--no-index", query], cwd=tmp_path, check=False)
    return done.returncode == 0


@pytest.mark.parametrize(("pattern", "rel", "is_dir"), CASES)
def test_pattern_matches_like_git(tmp_path: Path, pattern: str, rel: str, is_dir: bool) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    expected = git_says(tmp_path, pattern, rel, is_dir)
    assert PatternList([pattern]).matches(rel, is_dir=is_dir) is expected


def test_deeper_gitignore_and_negation_win(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.py\n")
    (tmp_path / "keep").mkdir()
    (tmp_path / "keep/.gitignore").write_text("!*.py\nlocal.py\n")
    rules = GitignoreFiles(tmp_path)
    assert rules.is_ignored("top.py", is_dir=False)
    assert not rules.is_ignored("keep/a.py", is_dir=False)
    assert rules.is_ignored("keep/local.py", is_dir=False)
