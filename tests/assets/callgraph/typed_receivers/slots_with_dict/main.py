import abc


class Stash:
    def get(self, key, default):
        return default


class NodeMeta(abc.ABCMeta):
    pass


class Node(abc.ABC, metaclass=NodeMeta):  # a metaclass keyword: Node is no metaclass
    __slots__ = ("name", "__dict__")  # __dict__ among the slots: any attribute goes

    def __init__(self, name):
        self.name = name
        self.stash: Stash = Stash()


class Item(Node):
    pass


def xfailed(item: Item):
    return item.stash.get("xfail", None)
