"""A read-only dict typed through two generic bases, as SQLAlchemy's ``MetaData.tables``."""

from typing import Dict, TypeVar

_KT = TypeVar("_KT")
_VT = TypeVar("_VT")


class ImmutableDictBase(Dict[_KT, _VT]):
    def __setitem__(self, key: _KT, value: _VT) -> None:
        raise TypeError("read-only")


class FacadeDict(ImmutableDictBase[_KT, _VT]):
    def _insert_item(self, key: _KT, value: _VT) -> None:
        dict.__setitem__(self, key, value)


class Table:
    def append_column(self, name: str) -> None:
        pass

    def drop(self) -> None:
        pass


class MetaData:
    def __init__(self) -> None:
        self.tables: FacadeDict[str, Table] = FacadeDict()
