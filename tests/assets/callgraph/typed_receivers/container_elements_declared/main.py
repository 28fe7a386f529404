import typing as t


class Handler:
    def run(self):
        return 1


class Registry:
    def __init__(self) -> None:
        self.funcs: dict[str | None, list[t.Callable[[], None]]] = {}
        self.handlers: dict[int, dict[str, Handler]] = {}

    def add(self, key, f):
        self.funcs.setdefault(key, []).append(f)
        self.funcs[None].append(f)

    def handle(self, code):
        table = self.handlers[code]
        handler = table.get("x")
        return handler.run()

    def take(self, code):
        return self.handlers.pop(code).copy().get("y").run()


class List:
    # A repository class that happens to be called List is not a container.
    def pop(self):
        return 1


def own(xs: "List"):
    return xs.pop()


registry = Registry()
registry.add("a", print)
registry.handle(404)
registry.take(500)
own(List())
