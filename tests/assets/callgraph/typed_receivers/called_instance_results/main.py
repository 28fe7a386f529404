from typing import TYPE_CHECKING, Protocol


class Client:
    def get(self, path):
        return path


class Page:
    def render(self):
        return ""


if TYPE_CHECKING:

    class ClientFactory(Protocol):  # what a fixture hands out, as Starlette's tests declare it
        def __call__(self, app: object) -> Client: ...

else:

    class ClientFactory:
        pass


class Renderer:
    def __call__(self, name) -> Page:
        return Page()


class Silent:
    def __call__(self):  # no annotation: what it returns
        return Page()


def with_factory(factory: ClientFactory):
    client = factory(object())
    client.get("/")  # the Protocol's __call__ returns a Client


def with_renderer(renderer: Renderer):
    renderer("home").render()


def with_silent(silent: Silent):
    silent().render()


def local():
    renderer = Renderer()
    renderer("about").render()  # an instance made here, called
