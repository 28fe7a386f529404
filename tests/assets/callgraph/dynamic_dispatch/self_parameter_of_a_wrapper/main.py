# A decorator's wrapper takes the instance as a parameter it calls ``self`` and declares
# as the base (flask's ``setupmethod``): an abstract method called on it runs the
# overrides, as on any declared parameter; it is no method's own ``self``.
class Scaffold:
    def _check_setup_finished(self, name):
        raise NotImplementedError


def setupmethod(f):
    def wrapper_func(self: Scaffold, *args):
        self._check_setup_finished(f.__name__)
        return f(self, *args)

    return wrapper_func


class App(Scaffold):
    def _check_setup_finished(self, name):
        return name

    @setupmethod
    def route(self, rule):
        return rule


class Blueprint(Scaffold):
    def _check_setup_finished(self, name):
        return None


App().route("/")
