"""Callbacks a base class keeps on self, passed by each subclass through super().__init__
(tenacity's retry_if_exception family): a subclass's method calls what its own
constructor passed, never a sibling's; the base's method may call any of them, and a
base made directly calls what its caller passed. A classmethod's ``cls(...)`` may make
a subclass: what it passes is seen by the subclasses' methods too."""


def is_timeout(error):
    return error == "timeout"


def is_refused(error):
    return error == "refused"


def is_anything(error):
    return True


class Retry:
    def __init__(self, predicate):
        self.predicate = predicate

    def __call__(self, error):
        return self.predicate(error)


class RetryOnTimeout(Retry):
    def __init__(self):
        super().__init__(is_timeout)

    def explain(self, error):
        return self.predicate(error)


class RetryOnRefused(Retry):
    def __init__(self):
        super().__init__(is_refused)

    def explain(self, error):
        return self.predicate(error)


class RetryStrictly(RetryOnRefused):
    def strict(self, error):
        return self.predicate(error)


def configure():
    anything = Retry(is_anything)
    return anything("x")


class Hook:
    def __init__(self, action):
        self.action = action

    @classmethod
    def create(cls, action):
        return cls(action)


class LoudHook(Hook):
    def fire(self):
        return self.action()


def build():
    return LoudHook.create(is_refused)
