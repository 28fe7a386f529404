class App:
    def ensure_sync(self, func):
        return func

    def handle(self, handler):
        return self.ensure_sync(handler)()


def index():
    return "hi"


App().handle(index)
