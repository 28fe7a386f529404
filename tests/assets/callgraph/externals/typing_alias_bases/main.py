from typing import Dict, List


class Entry:
    def ishidden(self):
        return False


class Traceback(List[Entry]):
    def __init__(self, entries):
        super().__init__(entries)  # a List[...] subclass is a list at run time

    def visible(self):
        self.append(Entry())
        return self[-1].ishidden()  # list.__getitem__ says nothing of the element: no edge


class Registry(Dict[str, Entry]):
    def lookup(self, name):
        self.__setslice__(0, 1, [])  # a list's in Python 2 only; a dict never had it
        return self.get(name)
