"""A function bound to an instance by hand (``f.__get__(obj)``) runs that function,
whatever the instance's class overrides (attrs binds object.__setattr__ so that a frozen
class's own __setattr__, which only raises, is passed by)."""

_OBJ_SETATTR = object.__setattr__


class Base:
    def hello(self):
        return "base"


class Child(Base):
    def hello(self):
        return "child"

    def run(self):
        base_hello = Base.hello.__get__(self)
        return base_hello()


class Frozen:
    def __init__(self, value):
        bound_setattr = _OBJ_SETATTR.__get__(self)
        bound_setattr("value", value)

    def __setattr__(self, name, value):
        raise AttributeError(name)
