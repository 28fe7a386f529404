from __future__ import annotations

import typing
from typing import Union

if typing.TYPE_CHECKING:
    from .. import Connection  # the package re-exports both from .engine
    from .. import Engine

Bind = Union["Engine", "Connection"]


def close(bind: Bind) -> None:
    bind.close()  # only Connection has close()


def connect(engine: "Engine") -> None:
    engine.connect().close()
