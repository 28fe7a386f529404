"""A method that only raises NotImplementedError, or an abc.abstractmethod, called on a
value declared to be of its class: the overrides run, as they do on self
(the method itself stays an edge, as it does there). Calling such a value runs its
``__call__``, so its overrides too (tenacity's ``copy = self.copy(); copy(f)``)."""

import abc


class Serializer:
    def dumps(self, value):
        raise NotImplementedError


class JsonSerializer(Serializer):
    def dumps(self, value):
        return "json"


class Tag(abc.ABC):
    @abc.abstractmethod
    def check(self, value): ...


class TagDict(Tag):
    def check(self, value):
        return isinstance(value, dict)


class TagList(Tag):
    def check(self, value):
        return isinstance(value, list)


def dump(serializer: Serializer, value):
    return serializer.dumps(value)


def tagged(tags: list[Tag], value):
    for tag in tags:
        if tag.check(value):
            return tag
    return None


def made() -> Serializer:
    return JsonSerializer()


def from_factory(value):
    return made().dumps(value)


class Retrying(abc.ABC):
    @abc.abstractmethod
    def __call__(self, fn): ...

    def copy(self) -> "Retrying":
        return self.__class__()

    def wraps(self, fn):
        def wrapped():
            copy = self.copy()
            return copy(fn)

        return wrapped


class SyncRetrying(Retrying):
    def __call__(self, fn):
        return fn()
