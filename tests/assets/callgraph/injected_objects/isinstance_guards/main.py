"""What callers pass is filtered by the isinstance() tests around where it is used: kept
on self only in the branch where it is no Cookies, looped over only where it is a list,
a method called only past the test that returns early for a Skip. A test that passes
keeps what it names (and its subclasses). A failed test of ``self.__class__`` rules
nothing out: self may be a subclass's instance."""


class Jar:
    def __iter__(self):
        return iter([])

    def add(self, cookie):
        return cookie


class Cookies:
    def __init__(self, cookies=None):
        if cookies is None or isinstance(cookies, dict):
            self.jar = Jar()
        elif isinstance(cookies, Cookies):
            self.jar = Jar()
            self.jar.add(cookies)
        else:
            self.jar = cookies  # a Jar of the caller's: never a Cookies

    def __iter__(self):
        return iter(self.jar)

    def names(self):
        return [cookie for cookie in self.jar]


def first(items):
    if isinstance(items, list):
        for item in items:  # a list's: no edge
            return item
    return None


def walk(source):
    if isinstance(source, Jar):
        for cookie in source:  # a Jar or a subclass: its __iter__
            return cookie
    return None


class Task:
    def run(self):
        return 1


class Skip(Task):
    def run(self):
        return 0


def handle(item):
    if isinstance(item, Skip):
        return None
    return item.run()  # a Task, never a Skip


class Special(Jar):
    pass


Cookies(Cookies({"a": 1})).names()
Cookies(Jar())
first(Cookies())
walk(Special())
walk(Cookies())
handle(Skip())
handle(Task())


class Members:
    def __iter__(self):
        return iter([])

    def difference(self, other):
        if isinstance(other, self.__class__):
            return other
        return [item for item in other]  # a Members, when self is a subclass's


class OrderedMembers(Members):
    pass


OrderedMembers().difference(Members())
