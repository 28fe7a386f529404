from typing import TYPE_CHECKING, Any, Generic, Iterator, Literal, Optional, Sequence, Tuple, TypeVar, overload

_T = TypeVar("_T")
_R = TypeVar("_R")
_TP = TypeVar("_TP", bound=Tuple[Any, ...])


class FilterResult(Generic[_R]):
    def close(self) -> None:
        pass


class ScalarResult(FilterResult[_R]):
    def __iter__(self) -> Iterator[_R]:
        return iter(self.all())

    def all(self) -> Sequence[_R]:
        return []

    def first(self) -> Optional[_R]:
        return None


class TupleResult(FilterResult[_R]):
    """A typing-only view, as SQLAlchemy's: its methods exist for type checkers alone."""

    if TYPE_CHECKING:

        def __iter__(self) -> Iterator[_R]: ...

        def one(self) -> _R: ...


class Result(Generic[_TP]):
    def tuples(self) -> TupleResult[_TP]:
        return TupleResult()

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
