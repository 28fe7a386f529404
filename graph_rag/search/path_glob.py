"""A ``pathGlob`` filter as a regex the database runs in linear time.

Cypher's ``=~`` runs Java's backtracking regex engine (Neo4j's and ArcadeDB's
alike), and a plain translation of ``*?*?*?*?*?*?*?Z`` (``.*..*..*. ... Z``)
tries every split of a path between its stars: 0.87 s per path for seven of them,
uninterruptible. So a glob is cut into fixed-length segments (literal characters,
``?``, ``[...]``) separated by single stars, and every segment between two stars
is matched at its leftmost place inside an atomic group, ``(?>.*?SEG)``, which the
engine never re-enters. Leftmost is always right for fixed-length segments: any
match can slide each middle segment left to its first occurrence and still leave
the rest of the path to the segments after it. The regex then holds one unbounded
quantifier outside atomic groups (the last star's ``.*``), and a path costs
O(len(path) x len(glob)) steps whatever the glob.
"""

from __future__ import annotations

from graph_rag.errors import InvalidArgument, LimitExceeded, check_unicode, shown

PATH_GLOB_DOC = (
    "an fnmatch glob on the whole repository-relative path, where '*' also crosses '/': "
    "'*/adapters.py', 'src/*', 'tests/*'"
)
MAX_GLOB_CHARS = 500  # paths are far shorter; a longer glob is a mistake or an attack
MAX_GLOB_STARS = 10  # `*` after runs of wildcards are merged ("**/x/**/*.py" has three)

STAR = "*"  # a segment separator among single-character regex pieces


def glob_regex(glob: str) -> str:
    """An ``fnmatch.fnmatchcase`` glob as a regex that Cypher's ``=~`` matches whole.

    Written for both Java (the servers) and Python (3.11+ has atomic groups):
    ``?`` -> ``.``, ``[...]`` and ``[!...]`` -> classes, every other
    non-alphanumeric character escaped, ``(?s)`` so that ``.`` matches any
    character as fnmatch's ``*`` and ``?`` do.

    >>> glob_regex("src/*.py")
    '(?s)src\\\\/.*\\\\.py'
    >>> glob_regex("*/tests/*.py")
    '(?s)(?>.*?\\\\/tests\\\\/).*\\\\.py'
    >>> glob_regex("a*?*?b")
    '(?s)a...*b'

    A glob longer than MAX_GLOB_CHARS, with more than MAX_GLOB_STARS stars, with a
    range written high to low (``[z-a]``) or that is not valid Unicode is refused
    with a message naming the problem.
    """
    if len(glob) > MAX_GLOB_CHARS:
        raise LimitExceeded("path glob length", len(glob), MAX_GLOB_CHARS)
    check_unicode(glob, "path glob")
    segments = _segments(_pieces(glob))
    if len(segments) - 1 > MAX_GLOB_STARS:
        raise LimitExceeded("path glob '*' wildcards", len(segments) - 1, MAX_GLOB_STARS)
    if len(segments) == 1:
        return "(?s)" + segments[0]
    first, *middle, last = segments
    return "(?s)" + first + "".join(f"(?>.*?{seg})" for seg in middle) + ".*" + last


def _pieces(glob: str) -> list[str]:
    """The glob as single-character regex pieces and STARs, each run of wildcards as its
    ``?`` count then one STAR (``*?*?`` and ``??*`` both mean "two characters or more")."""
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if c in "*?":
            j = i
            while j < n and glob[j] in "*?":
                j += 1
            run = glob[i:j]
            out.extend(["."] * run.count("?"))
            if STAR in run:
                out.append(STAR)
            i = j
        elif c == "[":
            piece, i = _bracket(glob, i + 1)
            out.append(piece)
        else:
            out.append(_literal(c))
            i += 1
    return out


def _segments(pieces: list[str]) -> list[str]:
    """The fixed-length regex between stars: one more segment than stars."""
    segments = [""]
    for piece in pieces:
        if piece == STAR:
            segments.append("")
        else:
            segments[-1] += piece
    return segments


def _bracket(glob: str, start: int) -> tuple[str, int]:
    """The class for ``[...]`` opened just before ``start``, and where the glob goes on;
    with no closing bracket the ``[`` is a literal (as in fnmatch)."""
    j, n = start, len(glob)
    if j < n and glob[j] == "!":
        j += 1
    if j < n and glob[j] == "]":
        j += 1
    while j < n and glob[j] != "]":
        j += 1
    if j >= n:
        return "\\[", start
    body = glob[start:j]
    negate = body.startswith("!")
    if negate:
        body = body[1:]
    return f"[{'^' if negate else ''}{_class_body(glob, body)}]", j + 1


def _class_body(glob: str, body: str) -> str:
    """``a-z`` stays a range; every other character, ``-`` included, is escaped, so the
    class reads the same to Java and Python (where ``--`` or ``&&`` are set operators)."""
    out: list[str] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            low, high = body[i], body[i + 2]
            if low > high:
                # Neo4j's Java regex refuses it and ArcadeDB silently matches nothing.
                raise InvalidArgument(
                    f"path glob {shown(glob)} has the range {low}-{high}, which runs backwards; "
                    f"write it as {high}-{low}."
                )
            out.append(f"{_literal(low)}-{_literal(high)}")
            i += 3
        else:
            out.append(_literal(body[i]))
            i += 1
    return "".join(out)


def _literal(c: str) -> str:
    return c if c.isalnum() or c == "_" else "\\" + c
