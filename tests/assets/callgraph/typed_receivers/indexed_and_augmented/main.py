import inspect
import os
from typing import Any, List


class Route:
    def __init__(self, endpoint, description: str = ""):
        self.description = description or inspect.cleandoc(endpoint.__doc__ or "")
        # an element of what str.split returns: a str
        self.description = self.description.split("\f")[0].strip()


def first_letters(name: str, path: str):
    name[0].isupper()  # a str's item is a str
    return os.path.split(path)[0].lower()  # both parts of the pair are strs


def solve(path_errors: List[Any], body_errors: List[Any]):
    errors: List[Any] = []
    errors += path_errors  # an augmented assignment keeps the list a list
    errors.extend(body_errors)
    return errors
