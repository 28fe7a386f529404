class Field:
    def check(self):
        return []


class Relation(Field):
    def check(self):
        return ["relation"]


def checks(values):
    fields = (value for value in values if isinstance(value, Relation))
    errors = []
    for field in fields:  # the generator's test narrowed each one to a Relation
        errors.extend(field.check())
    return errors


def names(values):
    return [value.check() for value in values if isinstance(value, Field) and value]


def both(value, other):
    if isinstance(value, Relation) and other:
        value.check()  # every operand of the "and" held here


def unnarrowed(values):
    return [value.check() for value in values if value]  # no test: unknown
