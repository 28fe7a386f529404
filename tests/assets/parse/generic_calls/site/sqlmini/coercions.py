"""One function, its return told by the role class passed (SQLAlchemy's ``coercions.expect``)."""

from typing import Any, Type, overload

from sqlmini import selectable


@overload
def expect(role: Type[selectable.FromRole], element: Any) -> selectable.FromClause: ...


@overload
def expect(role: Type[selectable.ColumnRole[Any]], element: Any) -> selectable.ColumnElement[Any]: ...


def expect(role: Any, element: Any) -> Any:
    return element
