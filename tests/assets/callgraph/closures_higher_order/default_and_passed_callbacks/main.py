def validate(value):
    return value is not None


def strict(value):
    return bool(value)


def store(value, check=validate):
    # check holds its default, or what a caller passes instead
    return check(value)


def forward(value, check=strict):
    return store(value, check)  # a default passed on


def save(value):
    return store(value)


def save_strictly(value):
    return store(value, check=strict)


class Widget:
    def __init__(self):
        self.parts = []


def make(factory=Widget, key=str.lower):
    # defaults that are a class and a builtin: astroid names them, nothing binds them
    return key(factory().__class__.__name__)
