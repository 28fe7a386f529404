import enum
import threading
from typing import NamedTuple

from compat import cookielib
from framework import View


class Color(enum.Enum):
    RED = 1


class Point(NamedTuple):
    x: int


class Worker(threading.Thread):
    pass


class Page(View):
    pass


class Jar(cookielib.CookieJar):
    pass


def build():
    Color(1)  # looks a member up: no __init__ runs
    Point(1)  # a tuple's construction: no code of anyone's
    Worker()
    Page()
    Jar()  # named where it is defined, not through the module that re-exports it
