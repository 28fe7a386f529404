class App:
    def __init__(self):
        self.handlers = {}

    def ensure_sync(self, func):
        if getattr(func, "is_async", False):
            return self.wrap(func)
        return func

    def wrap(self, func):
        return func

    def handle(self, handler):
        return self.ensure_sync(handler)()

    def view(self):
        return self.ensure_sync(index)()

    def lookup(self, name):
        return self.handlers[name]

    def dispatch(self, name):
        return self.lookup(name)()  # a registry's value: not known here (none is registered)


def index():
    return "hi"


App().handle(index)
