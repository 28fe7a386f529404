# An import chosen by the Python version: the branch the interpreter takes is what the
# name holds (rich's ``get_args``); the other is dead here. Written last, the dead one
# was named.
import sys

if sys.version_info >= (3, 8):
    from typing import get_args, runtime_checkable
else:
    from typing_extensions import get_args, runtime_checkable

if sys.version_info[:2] < (3, 9):
    from importlib_metadata import version
else:
    from importlib.metadata import version


@runtime_checkable
class Proto:
    pass


def use(tp):
    return get_args(tp), version("rich")
