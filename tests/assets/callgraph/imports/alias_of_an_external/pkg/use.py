from . import compat
from .compat import dumps, setattr_


class Point:
    def __init__(self, x):
        setattr_(self, "x", x)


def save(value):
    return dumps(value) + compat.dumps(value)
