from __future__ import annotations

from typing import Any, Optional, cast


class Select:
    def where(self, clause):
        return self


class Query:
    def first(self):
        return None


def run(element, maybe: "Optional[Query]"):
    cast("Select[Any]", element).where(1)  # a string that is an expression, not a name
    if maybe is not None:
        maybe.first()


def quoted(later: "Later | None"):
    if later is not None:
        later.go()


def unquoted(later: Later):  # read when the module has run, by the __future__ import
    later.stop()


class Later:
    def go(self):
        return 1

    def stop(self):
        return 0
