"""A method that only raises NotImplementedError, or an abc.abstractmethod, called on a
value declared or inferred to be of its class: the overrides run, as they do on self
(the method itself stays an edge, as it does there)."""

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
