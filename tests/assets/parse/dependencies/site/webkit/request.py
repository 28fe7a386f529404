import typing as t
from functools import cached_property

V = t.TypeVar("V")


class MultiDict:
    def getlist(self, key):
        return [key]


class HeaderSet:
    def add(self, value):
        return value


def _set_property(name: str) -> property:
    def fget(self) -> HeaderSet:
        return HeaderSet()

    return property(fget)


class Request:
    vary = _set_property("Vary")

    def __init__(self, url: str):
        self.url = url

    @cached_property
    def form(self) -> MultiDict:
        return MultiDict()

    @property
    def host(self) -> str:
        return self.url.partition("/")[0]


class Context:
    def ensure_object(self, object_type: type[V]) -> V:
        return object_type()

    def command(self, name):
        def decorator(f):
            return f

        return decorator
