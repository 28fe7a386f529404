from typing import Callable, Union


class Local:
    def __call__(self):
        return "local"


class Stack:
    def __call__(self):
        return "stack"


class Text:
    def upper(self):
        return "TEXT"


def resolve(obj: Union[Local, Stack, Callable[[], str]]):
    if isinstance(obj, Local):
        return "local"
    elif isinstance(obj, Stack):
        return "stack"
    return obj()  # neither a Local nor a Stack: the callable, whatever it is


def one_left(obj: Union[Local, Stack]):
    if isinstance(obj, Local):
        return None
    return obj()  # a Stack


def may_be_either(obj: Union[Local, Stack], done: bool):
    if done:
        return None
    elif isinstance(obj, Stack):
        done = True  # does not leave: obj may still be a Stack below
    return obj()


def with_else(obj: Union[Local, Text]):
    if isinstance(obj, Text):
        return obj.upper()
    else:
        print("a local")
    return obj()  # past a test whose branch left: a Local
