"""``self.attr = value`` in a plain method is read from the syntax (graph_rag/parse/builder.py),
not by inferring ``self``: the same instance attributes as astroid's own reading, without
inferring every base class (and building its module) to decide whether it is a metaclass."""

from __future__ import annotations

import textwrap

from astroid import nodes
from astroid.builder import AstroidBuilder
from astroid.manager import AstroidManager

from graph_rag.parse.builder import _ModuleLocalBuilder

SOURCE = textwrap.dedent(
    """
    import abc

    class Plain:
        def __init__(self, name):
            self.name = name
            self.items = []

        def reset(this):  # the first parameter, whatever its name
            this.count = 0

    class Slotted:
        __slots__ = ("a",)

        def __init__(self):
            self.a = 1
            self.b = 2  # no slot: an AttributeError at run time, no attribute here

    class ChildOfSlotted(Slotted):  # no __slots__ of its own: instances have a __dict__
        def __init__(self):
            self.c = 3

    class Meta(type):
        def __init__(cls, name, bases, namespace):
            cls.registry = {}  # the first parameter is the class, not an instance

    class Abstract(abc.ABC):
        def __init__(self):
            self.ready = True

    class WithMeta(metaclass=Meta):
        def __init__(self):
            self.value = 1

    class Decorated:
        @classmethod
        def make(cls):
            cls.made = True

        @staticmethod
        def helper(self):
            self.never = 1

        def rebinds(self, other):
            self = other
            self.moved = 1

        def __new__(cls):
            cls.created = True
            return super().__new__(cls)
    """
)


def _attributes(builder: type[AstroidBuilder], name: str) -> dict[str, dict[str, list[str]]]:
    module = builder(AstroidManager()).string_build(SOURCE, name)
    return {
        klass.name: {
            "instance": sorted(klass.instance_attrs),
            "class": sorted(n for n in klass.locals if not n.startswith("__")),
        }
        for klass in module.nodes_of_class(nodes.ClassDef)
    }


def test_self_attributes_read_from_the_syntax_match_astroids_inference() -> None:
    ours = _attributes(_ModuleLocalBuilder, "attrs_ours")
    assert ours == _attributes(AstroidBuilder, "attrs_astroid")
    assert ours["Plain"]["instance"] == ["count", "items", "name"]
    assert ours["Slotted"]["instance"] == ["a"]
    assert ours["ChildOfSlotted"]["instance"] == ["c"]
    assert ours["Meta"] == {"instance": [], "class": ["registry"]}
    assert ours["Abstract"]["instance"] == ["ready"]
    assert ours["WithMeta"]["instance"] == ["value"]
    assert ours["Decorated"] == {"instance": [], "class": ["created", "helper", "made", "make", "rebinds"]}


def test_slots_that_name_dict_leave_every_attribute_assignable() -> None:
    """``__slots__ = ("name", "__dict__")`` gives instances a ``__dict__``; astroid's own
    reading drops every other attribute (pytest's ``Node.stash``), ours keeps them."""
    source = textwrap.dedent(
        """
        class Node:
            __slots__ = ("name", "__dict__")

            def __init__(self, name):
                self.name = name
                self.stash = {}
        """
    )
    ours = _ModuleLocalBuilder(AstroidManager()).string_build(source, "slots_ours")
    theirs = AstroidBuilder(AstroidManager()).string_build(source, "slots_astroid")
    assert sorted(ours["Node"].instance_attrs) == ["name", "stash"]
    assert sorted(theirs["Node"].instance_attrs) == ["name"]
