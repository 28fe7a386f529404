import errors
from errors import NotReady, Outer


def check(ready):
    if not ready:
        raise NotReady  # a class: Python calls NotReady() to make the instance


def lookup(table, key):
    if key not in table:
        raise Outer.Gone
    return table[key]


def stop():
    raise errors.NotReady


def plain():
    raise KeyError  # a builtin exception class: no code of anyone's runs


def rethrow():
    try:
        check(False)
    except NotReady as error:
        raise error  # an instance already: nothing is made
