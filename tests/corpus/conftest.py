"""Fixture repositories for the corpus tests, made as git repos in each test.

``lib`` (package ``lib``), the quality fixture:
  lib/core.py     ``parse_price(text: str) -> float``: documented, typed, called by a test;
                  ``helper(x)``: undocumented, untyped, untested; ``Money.as_text`` a documented method
  lib/util.py     ``slugify(text)``: documented, untyped
  tests/test_core.py   ``test_parse_price`` calls ``lib.core.parse_price``
  examples/demo.py     an example script (dropped by ``skip_examples``)

``shop`` is the ingest suite's fixture (tests/ingest/conftest.py).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from ..ingest.conftest import SHOP, commit_all, init_repo, write_tree

__all__ = ["LIB", "SHOP", "commit_all", "write_tree"]

LIB = {
    "lib/__init__.py": '"""A small library."""\n',
    "lib/core.py": '''\
        """Prices and money."""
        import re

        from lib.util import slugify


        def parse_price(text: str) -> float:
            """Parse a price such as "12.50 EUR" into a float.

            The currency suffix is ignored; a comma is read as a decimal point.
            """
            number = re.sub(r"[^0-9.,]", "", text).replace(",", ".")
            value = float(number)
            return round(value, 2)


        def helper(x):
            y = x + 1
            return y * 2


        class Money:
            """An amount in a currency."""

            def __init__(self, amount: float, currency: str) -> None:
                self.amount = amount
                self.currency = currency

            def as_text(self) -> str:
                """The amount with its currency, e.g. "12.50 EUR"."""
                label = slugify(self.currency)
                return f"{self.amount:.2f} {label}"

            def currency_code(self):
                """The currency."""
                return self.currency
        ''',
    "lib/util.py": '''\
        def slugify(text):
            """Lower-case text with dashes for spaces. Used in URLs."""
            words = text.lower().split()
            return "-".join(words)
        ''',
    "tests/test_core.py": """\
        from lib.core import parse_price


        def test_parse_price():
            assert parse_price("12,50 EUR") == 12.5
        """,
    "examples/demo.py": """\
        from lib.core import parse_price

        print(parse_price("1 EUR"))
        """,
    "README.md": "# lib\n",
    "LICENSE": "MIT License\n\nPermission is hereby granted, free of charge, to any person\n",
}

MakeUpstream = Callable[[str, dict[str, str | bytes]], Path]


@pytest.fixture
def make_upstream(tmp_path: Path) -> MakeUpstream:
    """A git repository under tmp_path/upstream/<name> with one commit on branch ``main``."""
    return lambda name, files: init_repo(tmp_path / "upstream" / name, files, branch="main")


@pytest.fixture
def write_manifest(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        path = tmp_path / "corpus.toml"
        path.write_text(textwrap.dedent(text))
        return path

    return write
