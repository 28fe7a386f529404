class Handler:
    def __call__(self, value):
        return value


class Plain:
    pass


class Tag:
    def __init__(self, app):
        self.app = app


class App:
    def __init__(self, handler: Handler, plain: Plain):
        self.handler = handler
        self.plain = plain

    def run(self, tag_class: type[Tag]):
        self.handler(1)
        self.plain()  # Plain defines no __call__: nothing to name
        return tag_class(self)


def go(handler: Handler, plain: Plain):
    handler(2)
    plain()
