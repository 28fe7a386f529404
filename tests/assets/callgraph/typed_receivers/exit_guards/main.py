class Response:
    def close(self):
        return None


def finish(rv):
    if not isinstance(rv, Response):
        raise TypeError("not a response")
    rv.close()  # past the guard, rv is a Response


def each(values):
    for value in values:
        if not isinstance(value, Response):
            continue
        value.close()


def maybe(rv):
    if not isinstance(rv, Response):
        print("not a response")  # the block does not leave: rv may be anything
    rv.close()


def rebound(rv, other):
    if not isinstance(rv, Response):
        return None
    rv = other
    rv.close()  # rebound after the guard: unknown
    return rv
