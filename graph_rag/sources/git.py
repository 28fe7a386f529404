"""The one place that runs git: hardened settings, a time bound, one-line errors.

Every command goes through GitPython's ``Git.execute`` with settings that keep a
repository we read from running anything of its own (hooks, fsmonitor, LFS
smudge filters, submodule recursion) and keep git from ever asking for a
password: ``GIT_TERMINAL_PROMPT=0`` and a new session without a controlling
terminal, so ssh cannot prompt either.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from git.cmd import Git
from git.exc import GitCommandNotFound

from graph_rag.errors import SourceError

_HARDENING = (
    "-c", "core.fsmonitor=false",
    "-c", "core.hooksPath=/dev/null",
    "-c", "submodule.recurse=false",
    "-c", "fetch.recurseSubmodules=false",
    "-c", "gc.auto=0",
    "-c", "advice.detachedHead=false",
)  # fmt: skip

_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    # Protocols whose policy is "user" (file:// among them) are refused unless
    # allowed on the command line: see protocol_args().
    "GIT_PROTOCOL_FROM_USER": "0",
    "GIT_LFS_SKIP_SMUDGE": "1",
    "GCM_INTERACTIVE": "never",
}

_TIMEOUT_MARK = "Timeout: the command"


@dataclass(frozen=True, slots=True)
class GitResult:
    status: int
    stdout: str
    stderr: str
    timed_out: bool = False
    too_large: bool = False  # stopped: what it wrote under the watched folder passed the bound

    @property
    def ok(self) -> bool:
        return self.status == 0 and not self.timed_out and not self.too_large


def protocol_args(scheme: str) -> tuple[str, ...]:
    """Allow file:// for this one command; git's defaults cover https, http, ssh and git."""
    return ("-c", "protocol.file.allow=always") if scheme == "file" else ()


def run_git(
    args: Sequence[str],
    *,
    cwd: Path,
    timeout_s: float | None = None,
    config: Sequence[str] = (),
) -> GitResult:
    """Run ``git <hardening> <config> <args>`` in ``cwd``; never raises for a git failure."""
    started = time.monotonic()
    status, out, err = _execute(
        cwd, config, args, with_extended_output=True, with_exceptions=False, kill_after_timeout=timeout_s
    )
    timed_out = timeout_s is not None and (
        err.startswith(_TIMEOUT_MARK) or time.monotonic() - started >= timeout_s
    )
    return GitResult(status, out, err, timed_out)


def _execute(cwd: Path, config: Sequence[str], args: Sequence[str], **options: Any) -> Any:
    """``git <hardening> <config> <args>`` through GitPython, with the hardened environment."""
    command = [Git.GIT_PYTHON_GIT_EXECUTABLE or "git", *_HARDENING, *config, *args]
    try:
        return Git(str(cwd)).execute(command, env=_ENV, start_new_session=True, **options)
    except GitCommandNotFound:
        raise SourceError("git is not installed or not on PATH.") from None


def run_git_bounded(
    args: Sequence[str],
    *,
    cwd: Path,
    timeout_s: float,
    max_bytes: int,
    watch: Path,
    config: Sequence[str] = (),
) -> GitResult:
    """``run_git``, also stopped once the files under ``watch`` (a clone's ``.git``) pass
    ``max_bytes``: git itself cannot cap what a fetch downloads."""
    # GitPython's handle terminates the process when it is collected: hold it to the end.
    handle = _execute(cwd, config, args, as_process=True)
    proc = handle.proc
    deadline = time.monotonic() + timeout_s
    timed_out = too_large = False
    while proc.poll() is None:
        timed_out = time.monotonic() > deadline
        too_large = folder_bytes(watch) > max_bytes
        if timed_out or too_large:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.5)
    out, err = proc.communicate()
    del handle
    too_large = too_large or folder_bytes(watch) > max_bytes  # a fetch faster than the watch
    return GitResult(
        proc.returncode, out.decode(errors="replace"), err.decode(errors="replace"), timed_out, too_large
    )


def folder_bytes(folder: Path) -> int:
    """Bytes of the files under ``folder`` (0 when it does not exist)."""
    total = 0
    for directory, _, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(directory, name)).st_size
    return total


def is_work_tree(path: Path) -> bool:
    result = run_git(["rev-parse", "--is-inside-work-tree"], cwd=path)
    return result.ok and result.stdout.strip() == "true"


def head_commit(path: Path) -> str:
    """HEAD's sha, or "" in a repository without commits."""
    result = run_git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cwd=path)
    return result.stdout.strip() if result.ok else ""


def has_changes(path: Path) -> bool:
    """Whether files under ``path`` differ from HEAD: edited, staged, or new and not ignored."""
    result = run_git(["status", "--porcelain", "--untracked-files=normal", "--", "."], cwd=path)
    return result.ok and bool(result.stdout.strip())


def origin_url(path: Path) -> str:
    result = run_git(["config", "--get", "remote.origin.url"], cwd=path)
    return result.stdout.strip() if result.ok else ""


def has_commit(path: Path, sha: str) -> bool:
    return run_git(["cat-file", "-e", f"{sha}^{{commit}}"], cwd=path).ok


def is_shallow(path: Path) -> bool:
    result = run_git(["rev-parse", "--is-shallow-repository"], cwd=path)
    return result.stdout.strip() == "true"


def ignored_paths(root: Path) -> frozenset[str] | None:
    """Untracked paths git ignores under ``root`` (directories end in '/'), or None on failure.

    ``--directory`` reports an ignored directory once instead of every file in it.
    """
    result = run_git(
        ["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"],
        cwd=root,
    )
    if not result.ok:
        return None
    return frozenset(p for p in result.stdout.split("\0") if p)


_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), reason)
    for pattern, reason in (
        (r"connection refused|couldn't connect to server", "unreachable (connection refused)"),
        (r"could not resolve host|name or service not known|nodename nor servname",
         "unreachable (host not found)"),
        (r"timed out|network is unreachable|no route to host|failed to connect|could not connect",
         "unreachable"),
        (r"does not appear to be a git repository|not a git repository",
         "not a git repository"),
        (r"repository .* not found|repository not found|returned error: 404",
         "repository not found (or no access to it)"),
        (r"could not read username|terminal prompts disabled|authentication failed"
         r"|permission denied|host key verification failed|returned error: 40[13]",
         "authentication required"),
        (r"couldn't find remote ref|not our ref|no such remote ref|unadvertised object",
         "no such branch, tag or commit"),
    )
)  # fmt: skip


def failure_reason(result: GitResult, timeout_s: float | None) -> str:
    """One line saying why a remote git command failed, without git's prefixes."""
    if result.timed_out:
        return f"timed out after {timeout_s:g} s"
    text = result.stderr.strip()
    for pattern, reason in _REASONS:
        if pattern.search(text):
            return reason
    lines = [line for line in text.splitlines() if line.strip()]
    last = lines[-1] if lines else f"git exited with status {result.status}"
    return re.sub(r"^(fatal|error): ", "", last.strip())
