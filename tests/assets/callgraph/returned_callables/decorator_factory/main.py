class Scaffold:
    def __init__(self):
        self.handlers = {}

    def errorhandler(self, code):
        def decorator(f):
            self.handlers[code] = f
            return f

        return decorator

    def route(self, rule):
        return lambda f: f

    def handler_for(self, code):
        return self.handlers[code]


class Blueprint:
    def register(self, app: Scaffold, f):
        app.errorhandler(404)(f)
        app.route("/")(f)
        app.handler_for(404)(f)  # calls f, whatever that is (no caller passes one)
