from typing import TYPE_CHECKING


class Operators:
    def __eq__(self, other):
        return self.operate("eq", other)

    def operate(self, op, other):
        return op


class Core(Operators):
    if TYPE_CHECKING:  # what type checkers read: at run time Operators.__eq__ compares a Core

        def __eq__(self, other): ...


class Column(Core):
    def operate(self, op, other):
        return (op, other)


Column()
