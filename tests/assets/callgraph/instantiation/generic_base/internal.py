import typing as t

_T = t.TypeVar("_T")


class Property(t.Generic[_T]):
    def __init__(self, name: str) -> None:
        self.name = name
