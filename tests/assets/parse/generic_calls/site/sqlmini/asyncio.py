from typing import Any, Generic, Optional, Tuple, TypeVar, overload

from sqlmini.engine import CursorResult, Result, ScalarResult
from sqlmini.selectable import TypedReturnsRows, Update

_T = TypeVar("_T")
_AS = TypeVar("_AS", bound="AsyncSession")


class AsyncSession:
    async def __aenter__(self: _AS) -> _AS:
        return self

    async def __aexit__(self, *exc: object) -> None:
        pass

    @overload
    async def execute(self, statement: TypedReturnsRows[_T], params: Optional[dict] = None) -> Result[_T]: ...

    @overload
    async def execute(self, statement: Update, params: Optional[dict] = None) -> CursorResult: ...

    async def execute(self, statement: Any, params: Any = None) -> Result[Any]:
        raise NotImplementedError

    async def scalars(self, statement: TypedReturnsRows[Tuple[_T]]) -> ScalarResult[_T]:
        raise NotImplementedError


class async_sessionmaker(Generic[_AS]):
    @overload
    def __init__(self, bind: Any = None, *, class_: type[_AS]) -> None: ...

    @overload
    def __init__(self: "async_sessionmaker[AsyncSession]", bind: Any = None) -> None: ...

    def __init__(self, bind: Any = None, *, class_: Any = AsyncSession) -> None:
        self.class_ = class_

    def __call__(self, **kw: Any) -> _AS:
        raise NotImplementedError
