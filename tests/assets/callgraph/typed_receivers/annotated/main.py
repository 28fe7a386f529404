from typing import Annotated

from typing_extensions import Annotated as ExtAnnotated


class Request:
    def url_for(self, name):
        return name


class Depends:
    def __init__(self, dependency=None):
        self.dependency = dependency


def view(request: Annotated[Request, Depends()]):
    return request.url_for("home")  # Annotated[X, ...] is an X; the rest are notes


def prefixed(prefix: ExtAnnotated[str, "a note"]):
    return prefix.startswith("/")  # typing_extensions' spelling: a str, not an Annotated
