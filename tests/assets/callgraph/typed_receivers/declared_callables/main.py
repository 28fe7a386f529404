import os
import typing as t
from contextvars import ContextVar

from click import Group


class State:
    def add(self, rule):
        return rule


Deferred = t.Callable[["State"], None]


class Blueprint:
    def record(self, func: Deferred) -> None:
        func(State())

    def route(self, rule):
        self.record(lambda s: s.add(rule))
        self.record(func=lambda state: state.add(rule))


class Response:
    @classmethod
    def force_type(cls, value):
        return cls()


class App:
    response_class: type[Response] = Response

    def make(self, value):
        return self.response_class.force_type(value)


_current: ContextVar[App] = ContextVar("current")


def current_make():
    app = _current.get(None)
    return app.make(1)


class Attribute(t.Generic[t.TypeVar("T")]):
    def __init__(self, name):
        self.name = name


testing = Attribute[bool]("TESTING")


class Commands(Group):
    def command(self):
        def decorator():
            return super(Commands, self).command()

        return decorator


def flag(path: str):
    value = os.environ.get("FLAG")
    return value.lower(), path[1:].upper()
