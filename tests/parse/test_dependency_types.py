"""Types a dependency declares, read as loosely as they are written: tests/assets/parse/dependency_types/.

``site/rowlib`` is typed as SQLAlchemy is: a TypeVar whose bound is a union with
``Any``, methods returning ``Optional[_O]`` where the argument binds ``_O``, ``-> Self``
imported through the library's own module, and a generic descriptor class that
annotates a class's attributes (``name: Mapped[str]``, read as a str), type aliases,
and a settings module whose variables are set at run time. A call is named only where
the dependency says what the receiver is; no edge names a member a class the dependency
defines does not have, a TypeVar, ``Self``, an alias or a module's variable.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_rag.model import CodeGraph, Repository
from graph_rag.parse import parse_repository

ASSETS = Path(__file__).parents[1] / "assets" / "parse" / "dependency_types"
RESULT = "rowlib.result"

CALLEES = {
    "store.first_greeting": {f"{RESULT}.Session.result", f"{RESULT}.Result.first"},
    "store.unique_first": {f"{RESULT}.Session.result", f"{RESULT}.Result.unique", f"{RESULT}.Result.first"},
    "store.fetched": {f"{RESULT}.Session.get", "store.User.greet"},
    "store.merged": {"store.User", f"{RESULT}.Session.merge", "store.User.greet"},
    "store.User.shout": {"builtins.str.upper"},
    "store.User.domain": {"builtins.str.partition"},
    "store.cities": {"builtins.str.title"},
    "store.column_calls": {f"{RESULT}.Column.label", f"{RESULT}.Plugin.extra"},
    # a keyword-only parameter's argument binds the TypeVar; a conditional gives either
    "store.deleting": {f"{RESULT}.based", f"{RESULT}.Delete", f"{RESULT}.Delete.returning"},
    "store.either": {
        f"{RESULT}.based",
        f"{RESULT}.Select",
        f"{RESULT}.Delete",
        f"{RESULT}.Select.where",
        f"{RESULT}.Delete.where",
    },
    # an untyped argument leaves the bound, Select | Delete: only Select defines add_columns
    "store.unknown": {f"{RESULT}.based", f"{RESULT}.Select.add_columns"},
    # aliases stand for what they name: no `_Statement.where`, no `_InfoType.get`
    "store.aliased": {f"{RESULT}.Select.where", f"{RESULT}.Delete.where", "builtins.dict.get"},
    # no `rowlib.config.db.connect`: a path through a module's variable names nothing
    "store.configured": {f"{RESULT}.Select.where"},
    # what a dependency's class inherits from the standard library is named there
    "store.options": {f"{RESULT}.Options.union", "builtins.dict.get"},
}


@pytest.fixture(scope="module")
def graph() -> CodeGraph:
    repository = Repository(id="t", name="dependency_types")
    return parse_repository(ASSETS / "repo", repository=repository, workers=1, dependencies=[ASSETS / "site"])


@pytest.mark.parametrize("caller", sorted(CALLEES))
def test_calls_on_what_a_dependency_returns(graph: CodeGraph, caller: str) -> None:
    assert {call.callee for call in graph.calls if call.caller == caller} == CALLEES[caller]
