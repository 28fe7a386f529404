HANDLERS = {}


def handler(name):
    def register(function):
        HANDLERS[name] = function  # a registry filled by a decorator, read back below
        return function

    return register


@handler("start")
def start():
    return "started"


@handler("stop")
def stop():
    return "stopped"


def dispatch(command):
    return HANDLERS[command]()


def old():
    return 1


def new():
    return 2


def extra():
    return 3


def fallback():
    return 4


ROUTES = {"a": old}
ROUTES["a"] = new  # replaces old before any call reads it
ROUTES.update({"b": extra})
ROUTES.setdefault("c", fallback)

ROUTES["a"]()
ROUTES["b"]()
ROUTES["c"]()

STEPS = [None, None]
STEPS[1] = extra
STEPS[1]()
