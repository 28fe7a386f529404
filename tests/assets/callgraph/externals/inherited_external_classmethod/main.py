from werkzeug.test import EnvironBuilder as Base


class Builder(Base):
    @classmethod
    def for_app(cls, app):
        return cls.from_environ({"app": app})


def make(environ):
    # from_environ is not in this repo: Builder inherits it from werkzeug's class
    return Builder.from_environ(environ)


def fresh():
    return Builder.for_app(None)
