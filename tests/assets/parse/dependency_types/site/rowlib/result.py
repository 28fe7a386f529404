"""A typed library in SQLAlchemy's manner: TypeVars bound loosely or not at all."""

import functools
from typing import Any, Dict, Generic, Optional, TypeVar, Union, overload

from rowlib.compat import Self

_RowData = Union["Row", Any]
_R = TypeVar("_R", bound=_RowData)  # Row, or anything at all
_O = TypeVar("_O", bound=object)
_T = TypeVar("_T")


class Row:
    def keys(self) -> list[str]:
        return []


class Result(Generic[_R]):
    def first(self) -> Optional[_R]:
        return None

    def unique(self) -> Self:
        return self


class Mapped(Generic[_T]):
    """A descriptor of a mapped class's attribute: read through an instance, its value."""

    @overload
    def __get__(self, instance: None, owner: Any) -> "Mapped[_T]": ...

    @overload
    def __get__(self, instance: object, owner: Any) -> _T: ...

    def __get__(self, instance: object, owner: Any) -> "Mapped[_T] | _T":
        raise NotImplementedError


class Session:
    def result(self) -> "Result[Any]":
        return Result()

    def get(self, entity: type[_O], ident: int) -> Optional[_O]:
        return None

    def merge(self, instance: _O) -> _O:
        return instance


def register(cls: type) -> type:
    """A class decorator that may add anything to the class."""
    cls.extra = lambda self: None
    return cls


@functools.total_ordering  # adds __le__, __gt__, __ge__: dunders only
class Column:
    def __eq__(self, other: object) -> bool:
        return self is other

    def __lt__(self, other: "Column") -> bool:
        return False

    def label(self) -> str:
        return ""


@register
class Plugin:
    pass


@register  # may add anything: absence is not proven, as on SQLAlchemy's statement classes
class Select:
    def where(self) -> "Select":
        return self

    def add_columns(self) -> "Select":
        return self


@register
class Delete:
    def where(self) -> "Delete":
        return self

    def returning(self) -> "Delete":
        return self


_S = TypeVar("_S", bound="Select | Delete")


def based(*, statement: _S) -> _S:
    """Keyword-only, as advanced-alchemy's _get_base_stmt: the argument binds _S (the
    body, which astroid cannot follow, is left to the declaration)."""
    raise NotImplementedError


# Aliases a caller's annotations name: what they stand for, never classes of their own.
_Statement = Union[Select, Delete]
_InfoType = Dict[Any, Any]


class Options(Dict[str, Any]):
    """A dict of the library's own: what it does not define, dict does."""

    def union(self, other: "Options") -> "Options":
        return self
