import typing

from kinds import Message, Receive


class Request:
    def __init__(self, receive: Receive) -> None:
        self._receive = receive  # the attribute has the parameter's declared type

    async def body(self) -> None:
        message = await self._receive()  # Callable[[], Awaitable[Message]]: a Message
        message.get("body")

    def load(self, loader: typing.Callable[[], Message]) -> None:
        loader().get("x")  # calling a Callable[[], Message]: a Message
