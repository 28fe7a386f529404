# Members a class declares only for type checkers, where its __getattr__ answers every
# name when the program runs (SQLAlchemy's ``func.coalesce``, ``func.max``): what runs
# is what __getattr__ returns, here a generator whose __call__ is called.
from typing import TYPE_CHECKING


class FunctionGenerator:
    def __getattr__(self, name: str) -> "FunctionGenerator":
        return FunctionGenerator()

    def __call__(self, *args):
        return args

    if TYPE_CHECKING:

        @property
        def coalesce(self) -> "FunctionGenerator": ...

        def lower(self, value) -> str: ...


func = FunctionGenerator()


def query():
    func.coalesce(1, 2)
    return func.lower("A")
