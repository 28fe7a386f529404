"""Which paths .gitignore rules exclude.

In a git work tree git itself answers (``git ls-files --others --ignored
--exclude-standard``), so nested .gitignore files, ``.git/info/exclude`` and
the user's global excludes count exactly as git counts them, and tracked files
are never ignored. A plain directory gets a small, pure implementation of the
.gitignore pattern rules, applied per directory as git would; the same
pattern language serves the ``include`` / ``exclude`` options.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from graph_rag.sources import git


@dataclass(frozen=True, slots=True)
class Pattern:
    regex: re.Pattern[str]
    negated: bool
    dir_only: bool


def compile_pattern(line: str) -> Pattern | None:
    """One .gitignore line as a regex over paths relative to its directory; None for no rule."""
    line = line.rstrip("\n\r")
    # Trailing spaces are dropped unless escaped with a backslash.
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(line):
        stripped += " "
    line = stripped
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]  # a leading \! or \# stays an escape, handled by _translate
    dir_only = line.endswith("/")
    line = line.rstrip("/")
    if not line:
        return None
    # A slash at the start or in the middle anchors the pattern to its directory.
    anchored = "/" in line
    line = line.lstrip("/")
    body = _translate(line)
    prefix = "" if anchored or line.startswith("**/") else "(?:.*/)?"
    return Pattern(re.compile(f"^{prefix}{body}$", re.DOTALL), negated, dir_only)


def _translate(glob: str) -> str:
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        if glob.startswith("**/", i) and (i == 0 or glob[i - 1] == "/"):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i) and i + 2 == n and (i == 0 or glob[i - 1] == "/"):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[":
            regex, i = _bracket(glob, i)
            out.append(regex)
        elif glob[i] == "\\" and i + 1 < n:
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)


def _bracket(glob: str, start: int) -> tuple[str, int]:
    """A [...] class as a regex, and the index after it; a leading '!' or ']' belongs to it."""
    body = start + 1
    if glob.startswith("!", body):
        body += 1
    if glob.startswith("]", body):
        body += 1
    end = glob.find("]", body)
    if end < 0:
        return r"\[", start + 1  # no closing bracket: a literal '['
    inner = glob[start + 1 : end]
    if inner.startswith("!"):
        inner = "^" + inner[1:]
    return "[" + inner.replace("\\", "\\\\").replace("[", "\\[") + "]", end + 1


class PatternList:
    """Patterns read in order; the last one that matches decides, as in git."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._patterns = tuple(p for line in lines if (p := compile_pattern(line)))

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def decide(self, rel: str, *, is_dir: bool) -> bool | None:
        """True if ignored, False if re-included by a '!' pattern, None if nothing matched."""
        for pattern in reversed(self._patterns):
            if pattern.dir_only and not is_dir:
                continue
            if pattern.regex.match(rel):
                return not pattern.negated
        return None

    def matches(self, rel: str, *, is_dir: bool) -> bool:
        return bool(self.decide(rel, is_dir=is_dir))


class IgnoreRules(Protocol):
    def is_ignored(self, rel: str, *, is_dir: bool) -> bool:
        """Whether ``rel`` (POSIX, relative to the root; its parents not ignored) is ignored."""
        ...


class GitIgnored:
    """Git's own answer, asked once for the whole tree."""

    def __init__(self, ignored: frozenset[str]) -> None:
        self._ignored = ignored

    def is_ignored(self, rel: str, *, is_dir: bool) -> bool:
        return (f"{rel}/" if is_dir else rel) in self._ignored or rel in self._ignored


class GitignoreFiles:
    """.gitignore files of a plain directory tree, each read on first use."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._lists: dict[str, PatternList] = {}

    def _list_for(self, rel_dir: str) -> PatternList:
        if rel_dir not in self._lists:
            try:
                text = (self._root / rel_dir / ".gitignore").read_text("utf-8", "replace")
            except OSError:
                text = ""
            self._lists[rel_dir] = PatternList(text.splitlines())
        return self._lists[rel_dir]

    def is_ignored(self, rel: str, *, is_dir: bool) -> bool:
        parts = rel.split("/")
        # Deeper .gitignore files take precedence over those above them.
        for depth in range(len(parts) - 1, -1, -1):
            base = "/".join(parts[:depth])
            decision = self._list_for(base).decide("/".join(parts[depth:]), is_dir=is_dir)
            if decision is not None:
                return decision
        return False


def ignore_rules(root: Path) -> tuple[IgnoreRules, bool]:
    """The rules for ``root`` and whether they came from git."""
    if git.is_work_tree(root):
        ignored = git.ignored_paths(root)
        if ignored is not None:
            return GitIgnored(ignored), True
    return GitignoreFiles(root), False
