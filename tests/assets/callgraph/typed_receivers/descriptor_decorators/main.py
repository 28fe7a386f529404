from typing import Generic, TypeVar

T = TypeVar("T")


class memoized_property(Generic[T]):
    def __init__(self, fget):
        self.fget = fget

    def __get__(self, obj, cls) -> T:
        return self.fget(obj)


class Engine:
    def connect(self):
        return None


class Traceback:
    def cut(self):
        return self


class Dialect:
    @memoized_property  # a descriptor class: reading engine runs its __get__, then the getter
    def engine(self) -> Engine:
        return Engine()

    @property
    def traceback(self) -> Traceback:
        return Traceback()

    @traceback.setter  # defined after the getter, under the same name
    def traceback(self, value: Traceback) -> None:
        pass


def run(dialect: Dialect):
    dialect.engine.connect()
    dialect.traceback.cut()
