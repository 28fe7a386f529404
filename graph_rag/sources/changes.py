"""Which Python files changed between two commits, for an incremental refresh."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graph_rag.errors import SourceError
from graph_rag.sources import git

DEFAULT_FETCH_TIMEOUT_S = 120.0
_COMMIT = re.compile(r"^(?!-)[A-Za-z0-9._/^~@{}-]+$")


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Relative POSIX paths of .py files; a rename is (old, new)."""

    added: tuple[str, ...] = ()
    modified: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.modified or self.deleted or self.renamed)

    def __str__(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.modified)} modified, "
            f"{len(self.deleted)} deleted, {len(self.renamed)} renamed"
        )


def changed_files(
    root: Path,
    old_commit: str,
    new_commit: str,
    *,
    fetch_timeout_s: float = DEFAULT_FETCH_TIMEOUT_S,
) -> ChangeSet | None:
    """The .py files that differ between two commits, or None when ``old_commit`` is unknown.

    Paths are relative to ``root`` and limited to it. In a shallow clone (ours)
    a missing old commit is fetched by sha, at depth 1: a diff of two commits
    compares their trees and needs no history between them. None tells the
    caller to fall back to comparing content hashes.
    """
    root = Path(root)
    for commit in (old_commit, new_commit):
        if not _COMMIT.match(commit):
            raise SourceError(f"Refusing commit {commit!r}: not a commit name.")
    if not git.has_commit(root, new_commit):
        raise SourceError(f"Cannot compare commits in {root}: unknown commit {new_commit!r}.")
    if not git.has_commit(root, old_commit) and not _fetch_commit(root, old_commit, fetch_timeout_s):
        return None
    diff = [
        "diff", "--name-status", "-z", "--no-ext-diff", "--no-textconv", "-M",
        "--relative", old_commit, new_commit, "--",
    ]  # fmt: skip
    result = git.run_git(diff, cwd=root)
    if not result.ok:
        reason = git.failure_reason(result, None)
        raise SourceError(f"Cannot compare {old_commit} and {new_commit} in {root}: {reason}.")
    return _parse_name_status(result.stdout)


def _fetch_commit(root: Path, sha: str, timeout_s: float) -> bool:
    # Only our own shallow clones are fetched into; a user's repo is left alone.
    if not git.is_shallow(root) or not git.origin_url(root):
        return False
    scheme = "file" if git.origin_url(root).startswith("file:") else ""
    fetch = ["fetch", "--quiet", "--no-tags", "--no-recurse-submodules", "--depth=1"]
    result = git.run_git(
        [*fetch, "--", "origin", sha],
        cwd=root,
        config=git.protocol_args(scheme),
        timeout_s=timeout_s,
    )
    return result.ok and git.has_commit(root, sha)


def _parse_name_status(output: str) -> ChangeSet:
    fields = output.split("\0")
    added: list[str] = []
    modified: list[str] = []
    deleted: list[str] = []
    renamed: list[tuple[str, str]] = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i][0]
        if status == "R":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
            if old.endswith(".py") and new.endswith(".py"):
                renamed.append((old, new))
            elif old.endswith(".py"):
                deleted.append(old)
            elif new.endswith(".py"):
                added.append(new)
            continue
        path = fields[i + 1]
        i += 2
        if not path.endswith(".py"):
            continue
        if status == "A":
            added.append(path)
        elif status == "D":
            deleted.append(path)
        else:  # M, T (type change), C
            modified.append(path)
    return ChangeSet(
        added=tuple(sorted(added)),
        modified=tuple(sorted(modified)),
        deleted=tuple(sorted(deleted)),
        renamed=tuple(sorted(renamed)),
    )
