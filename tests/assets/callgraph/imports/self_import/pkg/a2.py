def add():
    return 1


def g():
    return add()


def shout():
    return plus() + aloud()


def aloud():
    return 2


class Tool:
    def use(self):
        return Helper().help()


class Helper:
    def help(self):
        return 3


from .a2 import add  # noqa: E402 (relative, at the bottom)
from .a2 import add as plus  # noqa: E402 (under another name)
from pkg.a2 import aloud, Helper  # noqa: E402 (absolute)
