"""Python source cut into lines and dedented the way Python reads it.

``str.splitlines`` also breaks at form feeds, ``\\x1c``-``\\x1e``, ``\\x85`` and
``\\u2028``, which Python's line numbers do not count: slicing a file by an AST's
line numbers needs Python's own line breaks. ``textwrap.dedent`` gives up on a
method holding a line less indented than its ``def`` (a column-0 line of a string),
leaving source ``ast`` cannot parse; ``dedent_function`` removes the ``def``'s
indentation wherever a line has it.
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """``text`` split at the line breaks Python counts (no trailing empty line)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def dedent_function(source: str) -> str:
    """A function's source (from its first decorator or ``def`` line) without the
    indentation of that first line, which every line of code of it has."""
    lines = source_lines(source)
    first = next((line for line in lines if line.strip()), "")
    indent = first[: len(first) - len(first.lstrip(" \t"))]
    if not indent:
        return "\n".join(lines)
    return "\n".join(line[len(indent) :] if line.startswith(indent) else line for line in lines)
