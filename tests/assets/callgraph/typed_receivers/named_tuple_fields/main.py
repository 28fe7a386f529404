"""A typing.NamedTuple's fields type what is read from them, and what it inherits is named
as typing.NamedTuple's (typeshed declares ``_replace``, ``_asdict`` there), though
astroid infers the class as a collections.namedtuple class it makes up. A
collections.namedtuple(...) class's methods have no name to give (no statement, no
stub): ``Point(1, 2)._replace`` is left out, as is the call of ``Tag`` (no ``__init__``
of its own). An ``lru_cache``'d function's ``cache_clear`` is its wrapper's."""

import collections
import functools
from typing import NamedTuple, Optional


class Tag(NamedTuple):
    name: str
    parameters: Optional[str] = None

    def markup(self) -> str:
        return self.name.upper()


class Span(NamedTuple):
    start: int
    tag: Tag

    def move(self, offset: int) -> "Span":
        return self._replace(start=self.start + offset)


Point = collections.namedtuple("Point", ["x", "y"])


def annotated(tag: Tag) -> None:
    tag.name.strip()
    tag.parameters.split()
    tag.markup()


def made() -> None:
    tag = Tag("b", "bold")
    tag.name.title()
    alias = Tag
    alias("i").name.lower()


def nested(span: Span) -> None:
    span.tag.name.casefold()
    span.move(1).tag.markup()
    span.start.bit_length()
    span._asdict().items()


def returned():
    return Tag("a")


def inherited() -> None:
    returned()._replace(name="c")
    Point(1, 2)._replace(x=3)


@functools.lru_cache(maxsize=None)
def cached() -> int:
    return 1


def clear() -> None:
    cached.cache_clear()
