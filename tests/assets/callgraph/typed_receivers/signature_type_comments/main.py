"""Types declared in a function's type comment, as code written before annotations
declares them (PEP 484): ``# type: (Item, int) -> Result`` under the ``def`` (``self``
left out in a method), or one comment per parameter. Each reads as the annotation it
stands for: a parameter's type types its receiver, the return's a call's result."""

_cache = {}


def signature(item, count):
    # type: (Item, int) -> Result
    item.run()  # a parameter's declared type
    return _cache.get(count)


def per_parameter(
    item,  # type: Item
    count,  # type: int
):
    # type: (...) -> None
    item.run()


def on_one_line(item):  # type: (Item) -> Result
    item.run()
    return _cache[item]


def results():
    signature(None, 1).done()  # the declared return
    on_one_line(None).done()


class Worker:
    def handle(self, item, key):
        # type: (Item, str) -> Result
        item.run()  # self is left out of the comment
        return _cache[key]

    @classmethod
    def build(cls, item):
        # type: (Item) -> Worker
        item.run()
        return _cache[item]

    @staticmethod
    def check(item):
        # type: (Item) -> None
        item.run()


def chained():
    Worker.build(None).handle(None, "k").done()


class Item:
    def run(self):
        return 1


class Result:
    def done(self):
        return 2
