# ``value.__class__(...)`` makes another instance of the value's class (alembic's
# ``constraint.__class__(name=new_name)``): no method named ``__class__`` runs.
from decimal import Decimal


class Constraint:
    def __init__(self, name: str) -> None:
        self.name = name


def renamed(constraint: Constraint, name: str):
    return constraint.__class__(name)


def rounded(value: Decimal):
    return value.__class__("1.5")
