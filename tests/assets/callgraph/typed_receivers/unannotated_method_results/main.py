import copy

Plugin = object  # an alias that says "anything"


class Report:
    def render(self):
        return ""


class Builder:
    def build(self):  # no annotation: what it returns is read
        report = Report()
        return report

    def lookup(self, name) -> Plugin | None:
        return None

    def plugin(self, name):
        found: Plugin | None = self.lookup(name)
        return found  # an object: no type a call could use


class Capture:
    def suspend(self):
        return None


class Wrapper:
    def __init__(self, builder: Builder):
        self.builder = builder

    def run(self):
        self.builder.build().render()  # the receiver is typed by its annotation

    def pause(self):
        if self.builder is None:
            capture: Capture | None = None
        else:
            capture = self.builder.plugin("capture")
        if capture:
            capture.suspend()  # the annotation says Capture; the getter's object says nothing


class Expression:
    def copy(self):
        return copy.copy(self)  # a copy of whatever the receiver is

    def reverse(self):
        return self


class OrderBy(Expression):
    def reverse(self):
        return self


def order(field: OrderBy):
    field.copy().reverse()  # OrderBy.reverse: the copy is of the receiver's class
