"""Types declared in comments, as code written before annotations declares them: each
reads as the annotation it stands for (``x = None  # type: Item`` is ``x: Item = None``)."""


class Item:
    def run(self):
        return 1


class Registry:
    default = None  # type: Item

    def __init__(self):
        self.current = None  # type: Item

    def now(self):
        return self.current.run()  # an attribute set in __init__

    def fallback(self):
        return self.default.run()  # a class attribute


def lookup():
    found = None  # type: Item
    return found.run()  # a local


def listed():
    names = []  # type: list[str]
    names.append("x")
    return names


DEFAULT = None  # type: Item


def module_level():
    return DEFAULT.run()  # a module's
