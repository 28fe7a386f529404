"""What commit a remote ref points at, asked without cloning or fetching (``git ls-remote``).

This is how ``corpus sync`` knows a repository is up to date before it touches
the clone: one round-trip per repository, no objects transferred.
"""

from __future__ import annotations

import re
from pathlib import Path

from graph_rag.errors import SourceError
from graph_rag.sources import git
from graph_rag.sources.urls import parse_git_url

DEFAULT_LS_REMOTE_TIMEOUT_S = 60.0
_FULL_SHA = re.compile(r"^[0-9a-fA-F]{40}$|^[0-9a-fA-F]{64}$")
_SHORT_SHA = re.compile(r"^[0-9a-fA-F]{7,63}$")


def remote_commit(
    url: str, ref: str | None, *, cwd: Path, timeout_s: float = DEFAULT_LS_REMOTE_TIMEOUT_S
) -> str | None:
    """The commit ``ref`` (default: the remote's HEAD) names, or None when only a fetch can tell.

    A full commit sha is its own answer (no network). A tag is peeled to its
    commit. An abbreviated sha that is no branch or tag gives None: the caller
    fetches and compares. A ref the remote does not have raises SourceError.
    """
    if ref is not None and _FULL_SHA.match(ref):
        return ref.lower()
    git_url = parse_git_url(url)
    wanted = ref or "HEAD"
    patterns = [wanted, f"{wanted}^{{}}"]
    result = git.run_git(
        ["ls-remote", "--", git_url.url, *patterns],
        cwd=cwd,
        config=git.protocol_args(git_url.scheme),
        timeout_s=timeout_s,
    )
    if not result.ok:
        reason = git.failure_reason(result, timeout_s).replace(git_url.url, git_url.display)
        raise SourceError(f"Cannot ask {git_url.display} for {wanted!r}: {reason}.")
    refs: dict[str, str] = {}
    for line in result.stdout.splitlines():
        sha, _, name = line.partition("\t")
        refs[name.strip()] = sha.strip()
    found = pick_ref(refs, wanted)
    if found:
        return found
    if ref is not None and _SHORT_SHA.match(ref):
        return None
    raise SourceError(f"Cannot fetch {git_url.display}: no such branch, tag or commit {wanted!r}.")


def pick_ref(refs: dict[str, str], wanted: str) -> str | None:
    """The commit git would check out for ``wanted`` (its dwim order), tags peeled."""
    if wanted == "HEAD":
        return refs.get("HEAD")
    for full in (wanted, f"refs/{wanted}", f"refs/tags/{wanted}", f"refs/heads/{wanted}"):
        if full.startswith("refs/") and full in refs:
            return refs.get(f"{full}^{{}}") or refs[full]
    return None


def local_commit(root: Path) -> str | None:
    """HEAD of a local git work tree with nothing uncommitted, or None (not git, or dirty).

    None tells the caller it cannot vouch for the directory by commit alone.
    """
    root = Path(root)
    if not git.is_work_tree(root):
        return None
    status = git.run_git(["status", "--porcelain", "--untracked-files=normal"], cwd=root)
    if not status.ok or status.stdout.strip():
        return None
    return git.head_commit(root) or None
