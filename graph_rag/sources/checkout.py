"""Turn a source spec (a local directory or a git URL) into a directory to read.

A local directory is used where it is: never written to, never checked out.
A git URL is cloned into ``cache_dir/<name>-<hash of url>``; the next
``resolve_source`` of the same URL fetches into that clone instead of cloning
again. Clones are shallow (depth 1) unless a ref needs more, never fetch
submodules, and are bounded in time.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph_rag.config import max_clone_bytes
from graph_rag.errors import SourceError
from graph_rag.locks import clone_lock
from graph_rag.sources import git
from graph_rag.sources.urls import (
    GitUrl,
    cache_dir_name,
    check_spec,
    looks_like_url,
    parse_git_url,
    redact,
)

DEFAULT_CLONE_TIMEOUT_S = 300.0

# A branch, tag or commit: no leading '-', no refspec ':', no '..', no spaces.
GIT_REF = re.compile(r"^(?!-)(?!.*\.\.)[A-Za-z0-9._/+-]+$")
_SHA = re.compile(r"^[0-9a-fA-F]{7,64}$")


@dataclass(frozen=True, slots=True)
class SourceCheckout:
    """A directory of code ready to discover, and where it came from."""

    root: Path
    name: str
    url: str = ""  # remote URL without credentials; "" for a plain directory
    commit: str = ""  # HEAD sha; "" when not git (or no commits yet)
    is_git: bool = False
    dirty: bool = False  # a local work tree whose files differ from ``commit``
    # Where the code comes from, to tell two repositories of one name apart: a clone's
    # URL (without credentials), a local directory's absolute path.
    source: str = ""

    def __str__(self) -> str:
        if not self.commit:
            return self.name
        return f"{self.name}@{self.commit[:12]}{'+changes' if self.dirty else ''}"


def resolve_source(
    spec: str,
    *,
    cache_dir: Path,
    name: str | None = None,
    ref: str | None = None,
    clone_timeout_s: float = DEFAULT_CLONE_TIMEOUT_S,
) -> SourceCheckout:
    """A local directory as it is, or a git URL cloned (or updated) under ``cache_dir``."""
    with held_source(spec, cache_dir=cache_dir, name=name, ref=ref, clone_timeout_s=clone_timeout_s) as found:
        return found


@contextmanager
def held_source(
    spec: str,
    *,
    cache_dir: Path,
    name: str | None = None,
    ref: str | None = None,
    clone_timeout_s: float = DEFAULT_CLONE_TIMEOUT_S,
) -> Iterator[SourceCheckout]:
    """``resolve_source``, with a git URL's clone held while the block runs (an ingest
    reads its files): another ingest of the same URL, at another ref or under another
    name, is refused ("The clone ... is busy") before it checks anything out there."""
    check_spec(spec)
    if ref is not None and not GIT_REF.match(ref):
        raise SourceError(f"Refusing ref {ref!r}: not a branch, tag or commit name.")
    if name is not None:
        check_repository_name(name, given=True)
    path = Path(spec).expanduser()
    if path.is_dir():
        yield _local(path, name=name, ref=ref)
        return
    if not looks_like_url(spec):
        what = "is not a directory" if path.exists() else "does not exist"
        raise SourceError(f"Source {spec!r} {what}, and it is not a git URL.")
    url = parse_git_url(spec)
    dest = Path(cache_dir).resolve() / cache_dir_name(url)
    with clone_lock(cache_dir, dest.name):
        _clone_or_update(url, dest, ref=ref, timeout_s=clone_timeout_s)
        yield SourceCheckout(
            root=dest,
            name=name or check_repository_name(url.name, given=False),
            url=url.display,
            commit=git.head_commit(dest),
            is_git=True,
            source=url.display,
        )


def check_repository_name(name: str, *, given: bool) -> str:
    """``name`` if it can name a repository. Ids join the repository's name and a
    qualified name with ':' (``requests:requests.api.get``) and are split at the first
    one, so a name holding ':' would mix two repositories' ids up."""
    if name.strip() and ":" not in name and name.isprintable():
        return name
    where = "" if given else " (the directory's or the URL's name)"
    raise SourceError(
        f"Repository name {name!r}{where} cannot be used: it must be printable, not blank, and "
        "hold no ':' (ids join a repository's name and a qualified name with ':'). "
        + ("Pass another --name." if not given else "Choose another name.")
    )


def _local(path: Path, *, name: str | None, ref: str | None) -> SourceCheckout:
    root = path.resolve()
    if ref is not None:
        # Checking out a ref would change the user's working tree.
        raise SourceError(
            f"A ref ({ref!r}) can only be given with a git URL; "
            f"check it out in {root} yourself or pass file://{root}."
        )
    name = name or check_repository_name(root.name, given=False)
    if not git.is_work_tree(root):
        return SourceCheckout(root=root, name=name, source=str(root))
    return SourceCheckout(
        root=root,
        name=name,
        url=redact(git.origin_url(root)),
        commit=git.head_commit(root),
        is_git=True,
        dirty=git.has_changes(root),
        source=str(root),
    )


def _clone_or_update(url: GitUrl, dest: Path, *, ref: str | None, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    if dest.exists() and not _is_clone_of(dest, url):
        _remove(dest)  # a half-made or foreign directory: start again
    fresh = not dest.exists()
    if fresh:
        # Owner-only: a URL's credentials (https://user:token@...) live in the clone's
        # .git/config, and private code in its files.
        dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        dest.mkdir(mode=0o700)
        _must(git.run_git(["init", "--quiet"], cwd=dest), url, "init", timeout_s)
    # Set every time: the same repo may come back with other credentials.
    _must(git.run_git(["config", "remote.origin.url", url.url], cwd=dest), url, "init", timeout_s)
    try:
        target = _fetch(url, dest, ref=ref, deadline=deadline, timeout_s=timeout_s)
        checkout = ["checkout", "--quiet", "--force", "--detach", target, "--"]
        _must(git.run_git(checkout, cwd=dest), url, "check out", timeout_s)
        _must(git.run_git(["clean", "-ffdxq"], cwd=dest), url, "check out", timeout_s)
    except SourceError:
        if fresh:
            _remove(dest)  # leave no half-made clone behind
        raise


def _bounded_fetch(args: list[str], dest: Path, config: tuple[str, ...], deadline: float) -> git.GitResult:
    """A fetch stopped at the time bound or once the clone's .git passes the size bound."""
    return git.run_git_bounded(
        args,
        cwd=dest,
        config=config,
        timeout_s=_left(deadline),
        max_bytes=max_clone_bytes(),
        watch=dest / ".git",
    )


def _too_large(url: GitUrl) -> SourceError:
    limit = max_clone_bytes() // (1024 * 1024)
    return SourceError(
        f"Cannot fetch {url.display}: it is larger than {limit} MB; "
        "raise GRAPH_RAG_MAX_CLONE_MB to ingest it."
    )


def _fetch(url: GitUrl, dest: Path, *, ref: str | None, deadline: float, timeout_s: float) -> str:
    """Fetch ``ref`` (default: the remote's HEAD); return what to check out."""
    config = git.protocol_args(url.scheme)
    base = ["fetch", "--quiet", "--no-tags", "--no-recurse-submodules"]
    shallow = [*base, "--depth=1", "--", "origin", ref or "HEAD"]
    result = _bounded_fetch(shallow, dest, config, deadline)
    if result.ok:
        return "FETCH_HEAD"
    if result.too_large:
        raise _too_large(url)
    if result.timed_out or ref is None or not _SHA.match(ref):
        raise _fetch_error(url, result, ref, timeout_s)
    # Servers may refuse a commit by sha: fetch the whole history, then find it.
    unshallow = ["--unshallow"] if git.is_shallow(dest) else []
    full = [*base, *unshallow, "--", "origin", "+refs/heads/*:refs/remotes/origin/*"]
    result = _bounded_fetch(full, dest, config, deadline)
    if result.too_large:
        raise _too_large(url)
    if not result.ok:
        raise _fetch_error(url, result, ref, timeout_s)
    if not git.has_commit(dest, ref):
        raise SourceError(f"Cannot fetch {url.display}: no such branch, tag or commit {ref!r}.")
    return ref


def _fetch_error(url: GitUrl, result: git.GitResult, ref: str | None, timeout_s: float) -> SourceError:
    reason = git.failure_reason(result, timeout_s).replace(url.url, url.display)
    if reason == "no such branch, tag or commit" and ref:
        reason = f"{reason} {ref!r}"
    return SourceError(f"Cannot fetch {url.display}: {reason}.")


def _must(result: git.GitResult, url: GitUrl, step: str, timeout_s: float) -> None:
    if not result.ok:
        reason = git.failure_reason(result, timeout_s).replace(url.url, url.display)
        raise SourceError(f"Cannot {step} the clone of {url.display}: {reason}.")


def _is_clone_of(dest: Path, url: GitUrl) -> bool:
    if not (dest / ".git").is_dir():
        return False
    return redact(git.origin_url(dest)) == url.display


def _remove(dest: Path) -> None:
    shutil.rmtree(dest, ignore_errors=True)


def _left(deadline: float) -> float:
    return max(deadline - time.monotonic(), 0.1)
