from contextlib import contextmanager

@contextmanager
def opened():
    yield 1

def use():
    with opened() as x:
        return x

use()
