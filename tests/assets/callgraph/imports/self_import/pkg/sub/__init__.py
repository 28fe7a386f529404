from . import worker
from . import tools as toollib  # the submodule: pkg.sub has no tools yet
from .tools import tools


def helper():
    return worker.work()


def start():
    return helper()


def use_tools():
    return toollib.tools()


from pkg.sub import helper  # noqa: E402 (a package importing its own name)
