"""What the fulltext index is asked for a user's text (no database needed)."""

from __future__ import annotations

import pytest

from graph_rag.search import lucene_query
from graph_rag.search.query_text import symbol_in, word_stems


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("parses", ["parses", "parse", "pars"]),
        ("headers", ["headers", "header"]),
        ("matches", ["matches", "matche", "match"]),
        ("entries", ["entries", "entry"]),
        ("returned", ["returned", "returne", "return"]),
        ("stopped", ["stopped", "stoppe", "stopp", "stop"]),
        ("parsing", ["parsing", "pars", "parse"]),
        ("getting", ["getting", "gett", "gette", "get"]),
        ("class", ["class"]),  # "ss" is no plural
        ("is", ["is"]),  # short words are left alone
        ("url", ["url"]),
    ],
)
def test_inflections_are_undone_into_candidate_stems(word: str, forms: list[str]) -> None:
    assert word_stems(word) == forms


def test_the_query_asks_for_each_word_and_its_stems_without_stopwords() -> None:
    assert lucene_query("Returns the parsed headers") == "returns return parsed parse pars headers header"
    assert lucene_query("Returns the parsed headers", stems=False) == "returns parsed headers"


def test_text_with_no_word_asks_for_nothing() -> None:
    assert lucene_query("(( && ))") == ""


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("HTTPAdapter.send", "HTTPAdapter.send"),  # dotted
        ("requests.adapters.HTTPAdapter.send", "requests.adapters.HTTPAdapter.send"),
        (" parse_cookie() ", "parse_cookie"),  # snake case, called
        ("urlEncode", "urlEncode"),  # an inner capital
        ("send", None),  # a plain word is prose
        ("_private", None),  # a leading underscore alone says nothing
        ("parse an HTTP date", None),
        ("parseHttpDate(", None),  # not a whole name
        ("1st.value", None),
        ("requests:requests.adapters.HTTPAdapter.send", "requests.adapters.HTTPAdapter.send"),  # an id
        ("graph-rag:graph_rag.cli.run", "graph_rag.cli.run"),
        ("Note: retry", None),  # prose with a colon
    ],
)
def test_text_that_names_a_symbol_is_told_from_prose(text: str, symbol: str | None) -> None:
    assert symbol_in(text) == symbol
