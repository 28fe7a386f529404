from typing import Any, Generic, Optional, Tuple, TypeVar, overload

from sqlmini._typing import _EntityBindKey, _EntityType, _Params
from sqlmini.engine import CursorResult, Result, ScalarResult
from sqlmini.selectable import ColumnRole, TypedReturnsRows, Update
from sqlmini.util import Self

_T = TypeVar("_T")
_O = TypeVar("_O", bound=object)
_S = TypeVar("_S", bound="Session")


class Query(Generic[_T]):
    def filter(self, *criterion: Any) -> Self:
        return self

    def one(self) -> _T:
        raise NotImplementedError


class RowQuery(Query[_T]):
    pass


class Session:
    def __enter__(self: _S) -> _S:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    @overload
    def execute(self, statement: TypedReturnsRows[_T], params: Optional[_Params] = None) -> Result[_T]: ...

    @overload
    def execute(self, statement: Update, params: Optional[_Params] = None) -> CursorResult: ...

    def execute(self, statement: Any, params: Any = None) -> Result[Any]:
        return Result()

    def scalars(self, statement: TypedReturnsRows[Tuple[_T]]) -> ScalarResult[_T]:
        return ScalarResult()

    @overload
    def query(self, _entity: _EntityType[_O]) -> Query[_O]: ...

    @overload
    def query(self, _colexpr: ColumnRole[_T]) -> RowQuery[Tuple[_T]]: ...

    def query(self, *entities: Any) -> Query[Any]:
        return Query()

    def get(self, entity: _EntityBindKey[_O], ident: Any) -> Optional[_O]:
        return None

    def add(self, instance: object) -> None:
        pass


class sessionmaker(Generic[_S]):
    @overload
    def __init__(self, bind: Any = None, *, class_: type[_S]) -> None: ...

    @overload
    def __init__(self: "sessionmaker[Session]", bind: Any = None) -> None: ...

    def __init__(self, bind: Any = None, *, class_: Any = Session) -> None:
        self.class_ = class_

    def __call__(self, **kw: Any) -> _S:
        return self.class_(**kw)
