class Scaffold:
    def __init__(self):
        self.handlers: dict[str, list[str]] = {}

    def register(self, key, name):
        self.handlers.setdefault(key, []).append(name)

    def first(self, key):
        return self.handlers[key].pop()


s = Scaffold()
s.register("a", "b")
s.first("a")
