def flash(session: dict, message):
    flashes = session.get("_flashes", [])
    flashes.append(message)
    session["_flashes"] = flashes


def register(registry: dict, key, handler):
    registry.setdefault(key, set()).add(handler)


def remember(cache: dict, key):
    return cache.get(key, {}).items()


flash({}, "hi")
register({}, "k", print)
remember({}, "k")
