# A decorator bound one way for type checkers and another when the program runs
# (SQLAlchemy's memoized_property): only the second is called on the functions.
from typing import TYPE_CHECKING


class generic_descriptor:
    def __init__(self, fget):
        self.fget = fget


class _memoized(generic_descriptor):
    def __init__(self, fget):
        super().__init__(fget)
        self.__doc__ = fget.__doc__

    def __get__(self, obj, cls):
        if obj is None:
            return self
        obj.__dict__[self.fget.__name__] = value = self.fget(obj)
        return value


if TYPE_CHECKING:
    memoized_property = generic_descriptor
else:
    memoized_property = _memoized
