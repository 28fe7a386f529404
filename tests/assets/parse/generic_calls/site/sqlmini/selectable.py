from typing import Any, Generic, Tuple, TypeVar, overload

from sqlmini._typing import _TCCA
from sqlmini.util import Self

_T = TypeVar("_T")
_T0 = TypeVar("_T0")
_T1 = TypeVar("_T1")
_TP = TypeVar("_TP", bound=Tuple[Any, ...])


class ColumnRole(Generic[_T]):
    pass


class FromRole:
    pass


class ClauseElement:
    def self_group(self) -> "ClauseElement":
        return self


class ColumnElement(ClauseElement, ColumnRole[_T]):
    def label(self, name: str) -> "ColumnElement[_T]":
        return self

    def alias(self) -> "ColumnElement[_T]":  # as FromClause has: only the overload tells which
        return self


class FromClause(ClauseElement, FromRole):
    def alias(self) -> "FromClause":
        return self


class ReturnsRows:
    pass


class TypedReturnsRows(ReturnsRows, Generic[_TP]):
    pass


class Select(ClauseElement, TypedReturnsRows[_TP]):
    def where(self, *criteria: Any) -> Self:
        return self

    def limit(self, count: int) -> Self:
        return self


class Update(ClauseElement):
    def values(self, **kw: Any) -> "Update":
        return self


@overload
def select(__ent0: _TCCA[_T0]) -> Select[Tuple[_T0]]: ...


@overload
def select(__ent0: _TCCA[_T0], __ent1: _TCCA[_T1]) -> Select[Tuple[_T0, _T1]]: ...


def select(*entities: Any) -> Select[Any]:
    return Select()
