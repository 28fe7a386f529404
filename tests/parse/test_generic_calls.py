"""Calls on what a library typed as SQLAlchemy 2.0 is returns: tests/assets/parse/generic_calls/.

``site/sqlmini`` declares its results the way SQLAlchemy does. ``select(User)`` returns
``Select[Tuple[User]]`` only through an overload whose parameter is a generic alias of
``Union[ColumnRole[_T], Type[_T]]``. ``Session.execute`` maps ``Select[X]`` through
its generic base ``TypedReturnsRows[X]``. ``Result.scalars`` picks its overload by an
annotated ``self``. A ``sessionmaker`` made without ``class_`` is a ``sessionmaker[Session]``
by the ``self`` of the ``__init__`` overload that fits.
The repository's ``shop.py`` calls its own classes' methods on what those calls return:
each such edge exists only if every step kept its type arguments.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_rag.model import CodeGraph, Repository
from graph_rag.parse import parse_repository

ASSETS = Path(__file__).parents[1] / "assets" / "parse" / "generic_calls"

# What each function of shop.py calls, as a reader of the library's declarations names it.
CALLEES = {
    # select(User) -> Select[Tuple[User]] -> Result[Tuple[User]] -> ScalarResult[User] -> Sequence[User]
    "shop.names": {
        "sqlmini.select",
        "sqlmini.selectable.Select.where",
        "sqlmini.session.Session.execute",
        "sqlmini.engine.Result.scalars",
        "sqlmini.engine.ScalarResult.all",
        "shop.User.greet",
    },
    # Session.scalars(TypedReturnsRows[Tuple[_T]]) -> ScalarResult[User]; first() -> Optional[User]
    "shop.first_user": {
        "sqlmini.select",
        "sqlmini.selectable.Select.limit",
        "sqlmini.session.Session.scalars",
        "sqlmini.engine.ScalarResult.first",
        "shop.User.greet",
    },
    # two entities: the second overload, and a tuple unpacked by position
    "shop.pair": {
        "sqlmini.select",
        "sqlmini.session.Session.execute",
        "sqlmini.engine.Result.one",
        "shop.Order.total",
    },
    # query(_EntityType[_O]) -> Query[User]; filter() -> Self keeps the argument; one() -> _T
    "shop.legacy": {
        "sqlmini.session.Session.query",
        "sqlmini.session.Query.filter",
        "sqlmini.session.Query.one",
        "shop.User.greet",
    },
    "shop.fetched": {"sqlmini.session.Session.get", "shop.User.greet"},
    # an Update is no TypedReturnsRows: the second overload, a CursorResult
    "shop.updated": {
        "sqlmini.selectable.Update",
        "sqlmini.session.Session.execute",
        "sqlmini.engine.CursorResult.rows",
    },
    "shop.made_here": {
        "sqlmini.session.sessionmaker.__call__",
        "sqlmini.session.Session.get",
        "shop.User.greet",
    },
    # async with reads __aenter__; await of an async def gives its declared return
    "shop.listed": {
        "sqlmini.asyncio.async_sessionmaker.__call__",
        "sqlmini.select",
        "sqlmini.asyncio.AsyncSession.execute",
        "sqlmini.engine.Result.scalars",
        "sqlmini.engine.ScalarResult.all",
        "shop.User.greet",
    },
    "shop.scalar_first": {
        "sqlmini.select",
        "sqlmini.asyncio.AsyncSession.scalars",
        "sqlmini.engine.ScalarResult.first",
        "shop.User.greet",
    },
    # a generic dict subclass read as the Dict[_KT, _VT] it derives from, arguments passed up
    "shop.tables": {
        "sqlmini.schema.Table.append_column",
        "builtins.dict.values",  # inherited from dict: named there, as a repository class's would be
        "sqlmini.schema.Table.drop",
    },
    # a loop over a generic class's instance yields what its declared __iter__ does
    "shop.looped": {
        "sqlmini.select",
        "sqlmini.session.Session.scalars",
        "shop.User.greet",
        "sqlmini.session.Session.execute",
        "sqlmini.engine.Result.tuples",
        "shop.Order.total",
    },
    # the role class passed picks the overload: a FromClause, then a ColumnElement
    "shop.coerced": {
        "sqlmini.expect",
        "sqlmini.selectable.FromClause.alias",
        "sqlmini.selectable.ColumnElement.label",
    },
}


@pytest.fixture(scope="module")
def graph() -> CodeGraph:
    repository = Repository(id="t", name="generic_calls")
    return parse_repository(ASSETS / "repo", repository=repository, workers=1, dependencies=[ASSETS / "site"])


@pytest.mark.parametrize("caller", sorted(CALLEES))
def test_calls_on_what_a_generic_call_returns(graph: CodeGraph, caller: str) -> None:
    assert {call.callee for call in graph.calls if call.caller == caller} == CALLEES[caller]


def test_every_call_in_the_module_is_resolved(graph: CodeGraph) -> None:
    assert graph.stats.calls_unresolved == 0
