from contextvars import ContextVar


class App:
    def render(self):
        return "page"


def lookup():
    return None


_cv_app: ContextVar[App] = ContextVar("app")
current_app: App = lookup()  # declared: what the module promises its importers
