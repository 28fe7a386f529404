class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current


class Lines:
    def __init__(self, text):
        self.text = text

    def __iter__(self):  # a generator: what it returns has no __next__ of the repository's
        yield from self.text


def total(start):
    return sum([n for n in Countdown(start)])


def show(text):
    for line in Lines(text):
        print(line)


def numbers():
    for n in range(3):  # a builtin's iterator: no code of the repository runs
        yield n
