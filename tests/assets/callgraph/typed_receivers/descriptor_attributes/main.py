class Tags:
    def add(self, tag):
        return tag


def _set_property(name) -> property:
    def fget(self) -> Tags:
        return Tags()

    return property(fget)


class Described:
    def __get__(self, obj, owner=None):
        return 1

    def add(self, tag):
        return tag


class Response:
    vary = _set_property("Vary")
    count = Described()


def respond(response: Response):
    response.vary.add("Cookie")
    return response.count.add  # reading a descriptor gives what __get__ returns (an int here)


def respond_count(response: Response):
    response.count.add(1)  # int has no add: no call happens
