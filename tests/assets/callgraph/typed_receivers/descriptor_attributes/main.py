import typing as t

T = t.TypeVar("T")


class Tags:
    def add(self, tag):
        return tag


class Lifetime:
    def total_seconds(self):
        return 60.0


def _set_property(name) -> property:
    def fget(self) -> Tags:
        return Tags()

    return property(fget)


class Described:
    def __get__(self, obj, owner=None):
        return 1

    def add(self, tag):
        return tag


class Setting(t.Generic[T]):
    def __init__(self, default: T):
        self.default = default

    @t.overload
    def __get__(self, obj: None, owner: None) -> "Setting[T]": ...

    @t.overload
    def __get__(self, obj: object, owner: type) -> T: ...

    def __get__(self, obj, owner=None):
        return self if obj is None else self.default


class Response:
    vary = _set_property("Vary")
    count = Described()
    lifetime = Setting[Lifetime](Lifetime())


def respond(response: Response):
    response.vary.add("Cookie")
    response.lifetime.total_seconds()
    return response.count.add  # reading a descriptor gives what __get__ returns (an int here)


def respond_count(response: Response):
    response.count.add(1)  # int has no add: nothing is called
