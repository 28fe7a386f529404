from typing import Any


class Node:
    def addfinalizer(self, finalizer) -> None:
        pass


class Parsed:
    def check(self) -> bool:
        return True


class Request:
    @property
    def node(self):  # no annotation: the property is what it returns
        if self.scoped:
            node: Node | None = self._item  # declares ``node`` for the whole function
        else:
            node = self._item.parent  # unknown here, but declared above
        return node


def setup(request: Request, finalizer) -> None:
    request.node.addfinalizer(finalizer)


def parse(raw) -> None:
    value: Any = raw
    value = Parsed()  # an assignment narrows what is declared
    value.check()
