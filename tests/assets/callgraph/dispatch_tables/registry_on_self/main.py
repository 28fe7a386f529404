def load_user():
    pass


def open_db():
    pass


def close_db():
    pass


def on_error():
    pass


def on_missing():
    pass


class App:
    def __init__(self):
        self.before = []
        self.teardown = {}
        self.error_handlers = {}

    def before_request(self, f):
        self.before.append(f)
        return f

    def on_teardown(self, key, f):
        self.teardown.setdefault(key, []).append(f)

    def register_error(self, code, f):
        self.error_handlers[code] = f

    def dispatch(self):
        for func in self.before:
            func()
        for func in self.teardown[None]:
            func()

    def fail(self, code):
        self.error_handlers[code]()
        return [handler() for handler in self.error_handlers.values()]


class Hooks:
    """Methods registered by the class itself; a loop over a dict reads its keys."""

    def __init__(self):
        self.steps = [self.first]
        self.steps.append(self.second)
        self.by_key = {}

    def first(self):
        pass

    def second(self):
        pass

    def keyed(self, key, value):
        self.by_key[key] = value

    def run(self):
        for step in self.steps:
            step()
        for key in self.by_key:
            key()


app = App()


@app.before_request
def authenticate():
    load_user()


app.on_teardown(None, close_db)
app.register_error(404, on_missing)
app.register_error(500, on_error)
open_db()
app.dispatch()
app.fail(404)
hooks = Hooks()
hooks.keyed(on_error, open_db)
hooks.run()
