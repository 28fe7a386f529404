from typing import Any, Callable, MutableMapping, Optional, Union

from typing_extensions import TypeAlias


class Logger:
    def info(self, message):
        return message

    def warn(self, message):
        return message


class Recorder:
    def info(self, message):
        return message

    def warn(self, message):
        return message


Scope = MutableMapping[str, Any]
AnyLogger: TypeAlias = Union[Logger, "Recorder"]
MaybeLogger = Optional[AnyLogger]  # an alias of an alias
Send = Callable[[Scope], None]  # a callable: no class whose method a call reaches
