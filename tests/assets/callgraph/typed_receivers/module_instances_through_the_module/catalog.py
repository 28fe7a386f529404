import copy


class Column:
    def label(self, name):
        return name


class Table:
    def __init__(self, column: Column) -> None:
        self.column = column

    def alias(self):
        return self


TEMPLATE = Table(Column())
namespaces = copy.copy(TEMPLATE)  # astroid does not follow copy.copy
