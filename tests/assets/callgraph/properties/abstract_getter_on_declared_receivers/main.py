# An abstract property read on a value declared as its class runs the getters of the
# subclasses (pytest's ``request.node`` with ``request: FixtureRequest``), as an abstract
# method called on it does; the declaration stays an edge.
import abc


class Request(abc.ABC):
    @property
    @abc.abstractmethod
    def node(self):
        raise NotImplementedError()


class TopRequest(Request):
    @property
    def node(self):
        return "session"


class SubRequest(Request):
    @property
    def node(self):
        return "item"


def fixture(request: Request):
    return request.node


fixture(SubRequest())
