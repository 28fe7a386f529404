"""function_text: what the model reads for a function (see conftest for the fixtures)."""

from __future__ import annotations

import pytest

from graph_rag.embed import function_text, name_words

from .conftest import COPY_FILE, ESCAPE_HTML, PARSE_DATE


@pytest.mark.parametrize(
    ("qualname", "words"),
    [
        ("django.utils.http.parse_http_date", "django utils http parse http date"),
        ("flask.app.Flask.__call__", "flask app Flask call"),
        ("pkg.HTTPResponseBase.setCookie2", "pkg HTTP Response Base set Cookie 2"),
        ("a.b", "a b"),
    ],
)
def test_name_words_splits_dots_snake_and_camel_case(qualname: str, words: str) -> None:
    assert name_words(qualname) == words


def test_text_is_kind_and_name_then_signature_docstring_and_body() -> None:
    assert function_text(COPY_FILE) == (
        "function webkit storage files copy file\n"
        "copy_file(src: Path, dst: Path) -> None\n"
        "Copy the file at src to dst, creating dst's folder.\n"
        "dst.parent.mkdir(parents=True, exist_ok=True)\n"
        'with src.open("rb") as fin, dst.open("wb") as fout:\n'
        "    shutil.copyfileobj(fin, fout)"
    )


def test_docstring_whitespace_is_collapsed_and_not_repeated_in_the_body() -> None:
    text = function_text(PARSE_DATE)
    assert "Parse a date format as specified by HTTP RFC 9110. Return an integer" in text
    assert text.count("RFC 9110") == 1
    assert '"""' not in text


def test_without_docstring_or_body() -> None:
    assert function_text(PARSE_DATE, include_docstring=False, include_body=False) == (
        "function webkit utils http parse http date\nparse_http_date(date: str) -> int"
    )


def test_a_function_without_docstring_starts_its_body_after_the_signature() -> None:
    assert function_text(ESCAPE_HTML).splitlines()[2] == (
        'return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")'
    )


def test_max_chars_cuts_at_a_line_boundary() -> None:
    full = function_text(PARSE_DATE)
    cut = function_text(PARSE_DATE, max_chars=len(full) - 10)
    assert full.startswith(cut)
    assert full[len(cut)] == "\n"


def test_max_docstring_chars_bounds_the_docstring() -> None:
    text = function_text(PARSE_DATE, max_docstring_chars=20, include_body=False)
    assert text.splitlines()[2] == "Parse a date format"


def test_the_same_function_always_gives_the_same_text() -> None:
    assert function_text(PARSE_DATE) == function_text(PARSE_DATE)
