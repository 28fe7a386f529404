from typing import List, overload


class Entry:
    def ishidden(self):
        return False


class Traceback(List[Entry]):
    @overload
    def __getitem__(self, key: int) -> Entry: ...

    @overload
    def __getitem__(self, key: slice) -> "Traceback": ...

    def __getitem__(self, key: "int | slice") -> "Entry | Traceback":
        return super().__getitem__(key)

    def cut(self):
        return self


def first_hidden(tb: Traceback):
    return tb[0].ishidden()  # an index: the overload that takes an int


def rest(tb: Traceback):
    return tb[1:].cut()  # a slice: the overload that takes a slice


def first_cut(tb: Traceback):
    return tb[0].cut()  # an Entry has no cut: no edge (the union of both said Traceback.cut)
