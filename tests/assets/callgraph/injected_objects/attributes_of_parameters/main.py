"""A method called on what an instance passed in keeps on itself (``stack.preprocess.append``,
with ``stack`` a parameter): looked up on the values each class passed in keeps in that
attribute, as ``self.preprocess.append`` would be in its own methods. A subclass whose
instances are never passed adds nothing."""


class Filter:
    def __init__(self):
        self.label = "plain"

    def process(self, stream):
        return stream


class Upper(Filter):
    def process(self, stream):
        return stream.upper()


class Special(Filter):
    def process(self, stream):
        return stream[::-1]


class FilterStack:
    def __init__(self):
        self.preprocess = []
        self.last = Filter()

    def use(self, other):
        self.last = other


class Unused(FilterStack):  # never made: what it keeps is no FilterStack()'s
    def __init__(self):
        self.preprocess = {}
        self.last = Special()


def build(stack):
    stack.preprocess.append(Upper())
    stack.last.label.upper()  # two attributes down: what the kept filter keeps
    return stack.last.process("x")


stack = FilterStack()
stack.use(Upper())
build(stack)
