from typing import Generic, TypeVar


class Session:
    def add_all(self, items):
        return items


S = TypeVar("S", bound=Session)
V = TypeVar("V")


class ScopedSession(Generic[S]):
    def __init__(self, factory):
        self.factory = factory

    @property
    def proxied(self) -> S:
        return self.factory()

    def make(self) -> V:
        raise NotImplementedError


def run(scoped: ScopedSession, items):
    scoped.proxied.add_all(items)  # whatever S is, it is a Session
    scoped.make().add_all(items)  # V has no bound: nothing is known
