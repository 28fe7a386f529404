class Pages:
    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration


class Rows:
    def __iter__(self):
        yield 1  # a generator: no __next__ of the class runs


class Tree:
    def __iter__(self):
        return TreeWalker()

    def __next__(self):
        return "never: iteration runs the walker's"


class TreeWalker:
    def __next__(self):
        raise StopIteration


def total(items):
    count = 0
    for _ in items:  # whatever callers pass: a Pages, a Rows, a Tree or a list
        count += 1
    return count


total(Pages())
total(Rows())
total(Tree())
total([1, 2])
