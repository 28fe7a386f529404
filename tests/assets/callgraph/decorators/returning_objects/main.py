"""A decorator that returns an object, not a function: the decorated name holds that
object, and its methods are what calls on the name reach (SQLAlchemy's provisioning
``@register.init`` then ``@create_db.for_db("sqlite")``; ``functools.singledispatch``
then ``@show.register(int)``, named as typeshed declares the class). A decorator
returning a function leaves the name a function, with no members to call."""

import functools


class register:
    def __init__(self):
        self.fns = {}

    @classmethod
    def init(cls, fn):
        made = cls()
        made.fns["*"] = fn
        return made

    def for_db(self, name):
        def decorate(fn):
            self.fns[name] = fn
            return self

        return decorate


@register.init
def create_db(url):
    return url


@create_db.for_db("sqlite")
def _sqlite_create_db(url):
    return url


@functools.singledispatch
def show(value):
    return value


@show.register(int)
def _show_int(value):
    return value


def traced(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return fn(*args)

    return wrapper


@traced
def plain(value):
    return value


def use():
    create_db.for_db("postgresql")
    show.dispatch(float)
    return plain.__name__
