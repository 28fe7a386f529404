# A method a class declares only for type checkers does not exist when the program runs:
# the call runs what the MRO finds next (SQLAlchemy's PropComparator.operate, declared
# under TYPE_CHECKING, runs Operators.operate). The declaration's annotation still types
# what the call returns (DMLState.get_plugin_class -> type[DMLState]).
from typing import TYPE_CHECKING


class Operators:
    def operate(self, op, other):
        return (op, other)


class PropComparator(Operators):
    if TYPE_CHECKING:

        def operate(self, op, other) -> "PropComparator": ...

    def any(self, criterion):
        return self.operate("any", criterion)


class CompileState:
    @classmethod
    def get_plugin_class(cls, statement):
        return cls


class DMLState(CompileState):
    if TYPE_CHECKING:

        @classmethod
        def get_plugin_class(cls, statement) -> type["DMLState"]: ...

    @classmethod
    def get_entity_description(cls, statement):
        return statement


def describe(statement):
    plugin = DMLState.get_plugin_class(statement)
    return plugin.get_entity_description(statement)


class SelectBase:
    def scalar_subquery(self):
        return self


class Select(SelectBase):
    if TYPE_CHECKING:

        def scalar_subquery(self) -> SelectBase: ...


def as_scalar(statement: Select):
    return statement.scalar_subquery()


PropComparator().any(1)
describe(Select())
as_scalar(Select())
