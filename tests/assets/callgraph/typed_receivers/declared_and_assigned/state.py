from werkzeug.local import LocalProxy


class App:
    def __init__(self):
        self.on_start = None

    def run(self):
        return "running"


# Declared an App for its importers; really werkzeug's proxy, which forwards to one.
current_app: App = LocalProxy(App)
