"""The API shows a docstring as ``help()`` does: stored as written in the source, its
lines after the first carry the source's indentation, which an agent pays for in tokens.
GraphQL's Function, Class and Module (and the MCP tools, which answer through GraphQL)
are built from stored rows by these ``of`` constructors."""

from __future__ import annotations

import pytest

from graph_rag.api.types import Class, Function, Module

AS_WRITTEN = """Sends a GET request.

        :param url: URL for the new :class:`Request` object.
            Indented further: kept relative.
        :return: :class:`Response <Response>` object
        """
AS_HELP_SHOWS_IT = """Sends a GET request.

:param url: URL for the new :class:`Request` object.
    Indented further: kept relative.
:return: :class:`Response <Response>` object"""


@pytest.mark.parametrize("view", [Function, Class, Module])
def test_a_docstring_loses_the_indentation_of_its_source(view: type[Function | Class | Module]) -> None:
    row = {"id": "api:api.get", "qualname": "api.get", "name": "get", "docstring": AS_WRITTEN}
    assert view.of(row).docstring == AS_HELP_SHOWS_IT


@pytest.mark.parametrize("stored", [None, "", "One line."])
def test_a_missing_or_one_line_docstring_is_unchanged(stored: str | None) -> None:
    row = {"id": "api:api.get", "qualname": "api.get", "name": "get", "docstring": stored}
    assert Function.of(row).docstring == (stored or "")
