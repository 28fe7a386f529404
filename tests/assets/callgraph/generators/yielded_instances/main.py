"""A loop over what a generator of the repository yields holds instances of the classes
its ``yield``s make (astroid infers no element of a generator): methods called on the
loop variable are theirs, and so are those called on it where it is passed on (as
sqlparse's ``for stmt in StatementSplitter().process(stream): group(stmt)``). A
decorator may change what calling the generator gives: then its yields say nothing."""


class Statement:
    def group_tokens(self):
        return self


class Splitter:
    def process(self, stream):
        for _ in stream:
            yield Statement()


def as_strings(generator):
    def wrapper(stream):
        return [str(item) for item in generator(stream)]

    return wrapper


class Cell:
    def upper(self):
        return self


@as_strings
def rendered(stream):
    yield Cell()  # made into strs by the decorator: str.upper runs below, never Cell.upper


def group(stmt):
    return stmt.group_tokens()


def run(sql):
    stream = iter(sql)
    stream = Splitter().process(stream)
    for stmt in stream:
        group(stmt)
        stmt.group_tokens()


def render(sql):
    for text in rendered(sql):
        text.upper()
