"""What a ``pathGlob`` becomes for Cypher's ``=~`` (no database needed).

The regex must match what ``fnmatch.fnmatchcase`` matches, and the database's
backtracking engine must run it in linear time whatever the glob: the proof here
is the regex's shape (one unbounded quantifier outside atomic groups, and only
fixed-length segments after the ``.*?`` inside each), not a stopwatch.
"""

from __future__ import annotations

import fnmatch
import random
import re

import pytest

from graph_rag.errors import InvalidArgument, LimitExceeded
from graph_rag.search import glob_regex
from graph_rag.search.path_glob import MAX_GLOB_STARS


@pytest.mark.parametrize(
    ("glob", "regex"),
    [
        ("src/app.py", r"(?s)src\/app\.py"),
        ("src/*.py", r"(?s)src\/.*\.py"),
        ("*", r"(?s).*"),
        ("**", r"(?s).*"),  # a run of stars is one star
        ("a?c", r"(?s)a.c"),
        ("*?*?*?Z", r"(?s)....*Z"),  # "three characters or more, then Z": one quantifier
        ("*/tests/*.py", r"(?s)(?>.*?\/tests\/).*\.py"),
        ("**/tests/**/*.py", r"(?s)(?>.*?\/tests\/)(?>.*?\/).*\.py"),
        ("[abc]*", r"(?s)[abc].*"),
        ("[!a-c]x", r"(?s)[^a-c]x"),
        ("[]]", r"(?s)[\]]"),
        ("a[b", r"(?s)a\[b"),  # no closing bracket: a literal, as in fnmatch
        ("[^&&x]", r"(?s)[\^\&\&x]"),  # class syntax of Java or Python is text here
        ("dir name/ü€.py", r"(?s)dir\ name\/ü\€\.py"),
    ],
)
def test_a_glob_becomes_a_regex(glob: str, regex: str) -> None:
    assert glob_regex(glob) == regex


PATHS = [
    "src/app.py",
    "src/pkg/tests/test_app.py",
    "tests/test_app.py",
    "django/contrib/admin/templatetags/admin_list.py",
    "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p.py",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
    "x]y",
    "line\nbreak.py",
    "",
]
GLOBS = [
    "*.py",
    "src/*",
    "*/tests/*.py",
    "**/tests/**/*.py",
    "tests/*",
    "*a*a*a*a*a*a*a*a*a*b",
    "*?*?*?*?*?*?*?Z",
    "*?*?*?*?*?*?*?b",
    "*/*/*/*/*/*/*/*/*/*.py",
    "*[!a]*",
    "[]]*",
    "x[]]y",
    "*break*",
    "?*",
    "",
]


@pytest.mark.parametrize("glob", GLOBS)
def test_the_regex_matches_exactly_what_fnmatch_matches(glob: str) -> None:
    regex = re.compile(glob_regex(glob))
    for path in PATHS:
        assert bool(regex.fullmatch(path)) == fnmatch.fnmatchcase(path, glob), (glob, path)


def test_random_globs_agree_with_fnmatch() -> None:
    rng = random.Random(7)
    alphabet = "ab/.*?*[]!-"
    for _ in range(3000):
        glob = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        try:
            regex = re.compile(glob_regex(glob))
        except (InvalidArgument, LimitExceeded):
            continue  # a refused glob is never sent
        for _ in range(5):
            path = "".join(rng.choice("ab/.-]") for _ in range(rng.randint(0, 10)))
            assert bool(regex.fullmatch(path)) == fnmatch.fnmatchcase(path, glob), (glob, path)


ATOMIC = re.compile(r"\(\?>\.\*\?((?:[^()\[\\]|\\.|\[(?:[^\]\\]|\\.)*\])+)\)")
UNBOUNDED = re.compile(r"(?<!\\)[*+]|\{\d+,\}")


def unbounded_outside_atomic_groups(regex: str) -> int:
    """How many unbounded quantifiers lie outside ``(?>.*?SEGMENT)`` groups whose
    segment is fixed-length (escaped characters, ``.`` and classes only)."""
    body = regex.removeprefix("(?s)")
    outside = ATOMIC.sub("", body)
    for segment in ATOMIC.findall(body):
        assert not UNBOUNDED.search(re.sub(r"\\.|\[(?:[^\]\\]|\\.)*\]", "", segment)), segment
    assert "(" not in outside, f"a group other than the atomic ones in {regex!r}"
    return len(UNBOUNDED.findall(re.sub(r"\\.|\[(?:[^\]\\]|\\.)*\]", "", outside)))


@pytest.mark.parametrize(
    "glob",
    [
        "*?*?*?*?*?*?*?Z",  # 0.87 s per path on the server as ".*..*..*..*..*..*..*.Z"
        "*a*a*a*a*a*a*a*a*a*b",  # polynomial backtracking without atomic groups
        "*/*/*/*/*/*/*/*/*/*.py",
        "*[ab]*[!c]*?x*",
        "*" * 50,
    ],
)
def test_the_regex_has_one_unbounded_quantifier_outside_atomic_groups(glob: str) -> None:
    """Each atomic group commits to its segment's first place and is never re-entered,
    so only the last ``.*`` ever gives characters back: a path costs
    O(len(path) x len(glob)) steps."""
    assert unbounded_outside_atomic_groups(glob_regex(glob)) == 1


@pytest.mark.parametrize(
    ("glob", "error", "message"),
    [
        (
            "src/[z-a]*.py",
            InvalidArgument,
            "path glob 'src/[z-a]*.py' has the range z-a, which runs backwards; write it as a-z.",
        ),
        (
            "[!9-0]",
            InvalidArgument,
            "path glob '[!9-0]' has the range 9-0, which runs backwards; write it as 0-9.",
        ),
        (
            "\ud800*.py",
            InvalidArgument,
            "path glob '\\ud800*.py' is not valid Unicode (surrogates not allowed).",
        ),
        (
            "a*" * (MAX_GLOB_STARS + 1),
            LimitExceeded,
            f"path glob '*' wildcards must be at most {MAX_GLOB_STARS}, got {MAX_GLOB_STARS + 1}.",
        ),
        ("x" * 501, LimitExceeded, "path glob length must be at most 500, got 501."),
    ],
)
def test_a_glob_that_cannot_run_well_is_refused_with_a_clear_error(
    glob: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        glob_regex(glob)
    assert str(raised.value) == message


def test_in_a_class_only_ranges_keep_their_hyphen() -> None:
    """A hyphen at either end is a character, and ``--`` is one too (Python reads it as
    a set difference and Java's ranges differ): every other hyphen is escaped."""
    assert glob_regex("[a-z0-9_-]") == r"(?s)[a-z0-9_\-]"
    assert glob_regex("[-a]") == r"(?s)[\-a]"
    assert glob_regex("[+--]") == r"(?s)[\+-\-]"
