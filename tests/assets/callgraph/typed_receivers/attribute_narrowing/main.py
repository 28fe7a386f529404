"""An isinstance test narrows an attribute (``key.spec``) as it narrows a name, until the
function assigns that attribute again (SQLAlchemy's ``if isinstance(fk._colspec, str)``)."""


class Spec:
    def resolve(self):
        return self


class Key:
    def __init__(self, spec):
        self.spec: Spec = spec  # declared a Spec, given a str as often


def split(key: Key):
    if isinstance(key.spec, str):
        return key.spec.rsplit(".", 1)
    return key.spec.resolve()


def rebound(key: Key, other: Spec):
    if isinstance(key.spec, str):
        key.spec = other
        return key.spec.resolve()
    return None
