# Reading an attribute a class does not define calls its __getattr__, whose declared
# return types the value (SQLAlchemy's ``table.c.name``: ``ColumnCollection.__getattr__(key)
# -> _COL``, bound by ``.c``'s ``ColumnCollection[Column]``). An attribute the class does
# define is read as usual.
from typing import Generic, TypeVar

_COL = TypeVar("_COL")


class Column:
    def label(self, name):
        return self


class Function:
    def __call__(self, *args):
        return Column()


class ColumnCollection(Generic[_COL]):
    def keys(self):
        return []

    def __getattr__(self, key) -> _COL:
        raise AttributeError(key)


class FunctionGenerator:
    def __getattr__(self, name) -> Function:
        return Function()


class Table:
    @property
    def c(self) -> "ColumnCollection[Column]":
        return ColumnCollection()


pg_class = Table()
func = FunctionGenerator()


def query():
    pg_class.c.relname.label("name")
    pg_class.c.keys()
    return func.count(pg_class.c.oid)
