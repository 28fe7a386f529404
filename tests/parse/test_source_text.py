"""Source cut at Python's own line breaks and dedented as Python reads it
(graph_rag/source_text.py): what definitions, pairs, embeddings and quality slice."""

from __future__ import annotations

import ast
from pathlib import Path

from graph_rag.model import Repository
from graph_rag.parse import parse_file
from graph_rag.source_text import dedent_function, source_lines


def test_only_python_s_line_breaks_split_lines() -> None:
    assert source_lines("a\r\nb\rc\nd\x0ce\x85f\u2028g\n") == ["a", "b", "c", "d\x0ce\x85f\u2028g"]


def test_a_method_with_a_column_0_string_line_dedents_to_parseable_code() -> None:
    method = '    def q(self):\n        return """\nSELECT 1\n"""\n'
    text = dedent_function(method)
    assert text == 'def q(self):\n    return """\nSELECT 1\n"""'
    assert isinstance(ast.parse(text).body[0], ast.FunctionDef)


def test_a_form_feed_does_not_shift_the_source_of_the_functions_after_it(tmp_path: Path) -> None:
    path = tmp_path / "mod.py"
    path.write_text(
        '\x0c\ndef first():\n    """First doc."""\n    return 1\n\n\ndef second():\n    return 2\n'
    )
    parsed = parse_file(path, repository=Repository(id="r", name="r"))
    sources = {f.qualname: f.source for f in parsed.functions}  # type: ignore[union-attr]
    assert sources == {
        "mod.first": 'def first():\n    """First doc."""\n    return 1',
        "mod.second": "def second():\n    return 2",
    }
