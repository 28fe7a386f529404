"""What ``NamedTuple``, ``TypedDict`` and ``Enum`` make when called is a class, and
calling that class runs no ``__call__`` of theirs: it builds a tuple or a dict, or looks
a member up (no code of anyone's to point at, so no edge). A ``NewType`` is an instance,
and calling it does run ``NewType.__call__``. Once a module-level instance of an
external class is called, its class's ``__call__`` is what runs
(externals/called_instances)."""

import enum
import typing
from typing import NamedTuple, NewType, TypedDict

RawURL = NamedTuple("RawURL", [("scheme", bytes), ("host", bytes)])
Pair = typing.NamedTuple("Pair", a=int, b=int)
Movie = TypedDict("Movie", {"name": str})
Color = enum.Enum("Color", "RED GREEN")
UserId = NewType("UserId", int)


def build():
    return RawURL(b"https", b"example.org"), Pair(1, 2), Movie(name="Alien"), Color(1)


def identify():
    return UserId(5)
