import enum
import threading
from typing import NamedTuple

from framework import View


class Color(enum.Enum):
    RED = 1


class Point(NamedTuple):
    x: int


class Worker(threading.Thread):
    pass


class Page(View):
    pass


def build():
    Color(1)  # looks a member up: no __init__ runs
    Point(1)  # a tuple's construction: no code of anyone's
    Worker()
    Page()
