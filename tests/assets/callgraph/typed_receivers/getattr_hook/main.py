# Reading an attribute a class does not define calls its __getattr__, whose declared
# return types the value (SQLAlchemy's ``table.c.name``: ``ColumnCollection.__getattr__(key)
# -> _COL``, bound by ``.c``'s ``ColumnCollection[Column]``). An attribute the class does
# define is read as usual; so is an instance no declaration types (``sql.func``, a module's
# ``func = _FunctionGenerator()``).
from typing import Generic, TypeVar

import functions

_COL = TypeVar("_COL")


class Column:
    def label(self, name):
        return self


class ColumnCollection(Generic[_COL]):
    def keys(self):
        return []

    def __getattr__(self, key) -> _COL:
        raise AttributeError(key)


class Table:
    @property
    def c(self) -> "ColumnCollection[Column]":
        return ColumnCollection()


pg_class = Table()


def query():
    pg_class.c.relname.label("name")
    pg_class.c.keys()
    return functions.func.count(pg_class.c.oid).label("n")
