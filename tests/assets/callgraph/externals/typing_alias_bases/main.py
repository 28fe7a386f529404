from typing import Dict, List


class Entry:
    def ishidden(self):
        return False


class Traceback(List[Entry]):
    def __init__(self, entries):
        super().__init__(entries)  # a List[...] subclass is a list at run time

    def visible(self):
        self.append(Entry())
        for entry in self:  # a List[Entry] holds Entries
            entry.ishidden()
        return self[-1].ishidden()


class Registry(Dict[str, Entry]):
    def lookup(self, name):
        self.__setslice__(0, 1, [])  # a list's in Python 2 only; a dict never had it
        return self.get(name)
