"""A ``@contextmanager`` (or ``@asynccontextmanager``) declared ``Iterator[Conn]`` binds a Conn
to ``with engine.begin() as conn``, whatever its body yields (SQLAlchemy's ``AsyncEngine.begin``)."""
import contextlib
from typing import AsyncIterator, Iterator


class Conn:
    def run(self) -> None:
        pass

    async def run_async(self) -> None:
        pass


class Engine:
    @contextlib.contextmanager
    def begin(self) -> Iterator[Conn]:
        yield make()

    @contextlib.asynccontextmanager
    async def begin_async(self) -> AsyncIterator[Conn]:
        yield make()


def make():
    import random
    return random.choice([Conn()])


def sync_use(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.run()


async def async_use(engine: Engine) -> None:
    async with engine.begin_async() as conn:
        await conn.run_async()
