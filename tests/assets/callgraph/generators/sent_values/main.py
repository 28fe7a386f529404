"""A ``yield`` expression's value is what the generator is sent: the second argument of
its declared ``Generator[Y, S, R]`` or ``AsyncGenerator[Y, S]`` (httpx's auth flows:
``response = yield request``). An ``Iterator[Y]`` is sent nothing."""

import typing


class Request:
    def send(self):
        return 1


class Response:
    def read(self):
        return b""


def flow(request: Request) -> typing.Generator[Request, Response, None]:
    response = yield request
    response.read()


async def async_flow(request: Request) -> typing.AsyncGenerator[Request, Response]:
    response = yield request
    response.read()


def plain(request: Request) -> typing.Iterator[Request]:
    nothing = yield request
    return nothing
