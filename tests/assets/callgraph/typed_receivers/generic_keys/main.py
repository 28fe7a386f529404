from typing import Generic, TypeVar

T = TypeVar("T")
D = TypeVar("D")


class StashKey(Generic[T]):
    pass


class Stash:
    def __getitem__(self, key: StashKey[T]) -> T:
        raise KeyError

    def get(self, key: StashKey[T], default: D) -> T | D:
        raise KeyError


class AssertionState:
    def trace(self, message):
        return message


assertstate_key = StashKey["AssertionState"]()


def find(stash: Stash, name):
    # __getitem__(key: StashKey[T]) -> T: T is what the key was made with
    state = stash[assertstate_key]
    state.trace(name)
    stash.get(assertstate_key, None).trace(name)
