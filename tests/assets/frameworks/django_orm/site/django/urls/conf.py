class URLPattern:
    def __init__(self, route, callback):
        self.route = route
        self.callback = callback

    def resolve(self, path):
        """The view the handler calls with the request, if this pattern matches ``path``."""
        return self.callback if path == self.route else None


def path(route, view, kwargs=None, name=None):
    return URLPattern(route, view)
