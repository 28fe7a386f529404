"""Generic aliases, as SQLAlchemy's ``_typing`` modules write them."""

from typing import TYPE_CHECKING, Any, Type, TypeVar, Union

if TYPE_CHECKING:
    from sqlmini.selectable import ColumnRole

_T = TypeVar("_T")
_O = TypeVar("_O", bound=object)

_TypedColumnClauseArgument = Union["ColumnRole[_T]", Type[_T]]
_TCCA = _TypedColumnClauseArgument
_EntityType = Union[Type[_O], "Mapper[_O]"]
_EntityBindKey = Union[Type[_O], "Mapper[_O]"]
_Params = Union[dict, Any]


class Mapper:
    pass
