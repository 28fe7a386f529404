# A starred item in a list or tuple display adds what it iterates
# (pytest's ``(directory, *directory.parents)``, ``[*self._groups, self._anonymous]``).
from pathlib import Path


class Group:
    def options(self):
        return []


class Parser:
    def __init__(self) -> None:
        self._anonymous = Group()
        self._groups: list[Group] = []

    def all_options(self):
        return [group.options() for group in [*self._groups, self._anonymous]]


def config_files(directory: Path):
    return [parent.is_file() for parent in (directory, *directory.parents)]
