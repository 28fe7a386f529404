from typing import Callable, Iterator, Union

from pluggy import HookimplMarker

hookimpl = HookimplMarker("pytest")


@hookimpl(tryfirst=True)
def pytest_configure(config):
    return config


def run(source: Union[Iterator, Callable[[], Iterator]]):
    return source()  # declared: which alternative is called, nothing says
