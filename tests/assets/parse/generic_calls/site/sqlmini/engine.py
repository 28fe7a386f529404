from typing import Any, Generic, Literal, Optional, Sequence, Tuple, TypeVar, overload

_T = TypeVar("_T")
_R = TypeVar("_R")
_TP = TypeVar("_TP", bound=Tuple[Any, ...])


class FilterResult(Generic[_R]):
    def close(self) -> None:
        pass


class ScalarResult(FilterResult[_R]):
    def all(self) -> Sequence[_R]:
        return []

    def first(self) -> Optional[_R]:
        return None


class Result(Generic[_TP]):
    @overload
    def scalars(self: "Result[Tuple[_T]]", index: Literal[0]) -> ScalarResult[_T]: ...

    @overload
    def scalars(self: "Result[Tuple[_T]]") -> ScalarResult[_T]: ...

    @overload
    def scalars(self, index: int = 0) -> ScalarResult[Any]: ...

    def scalars(self, index: int = 0) -> ScalarResult[Any]:
        return ScalarResult()

    def one(self) -> _TP:
        raise NotImplementedError


class CursorResult(Result[Any]):
    def rows(self) -> int:
        return 0
