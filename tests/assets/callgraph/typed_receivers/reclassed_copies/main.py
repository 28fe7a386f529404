# An object whose class is set to the receiver's (Django's ``Query.clone``: ``obj =
# Empty(); obj.__class__ = self.__class__``) is an instance of the receiver's class.


class Empty:
    pass


class Query:
    def __init__(self):
        self.annotations = {}

    def add(self, value):
        self.annotations[value] = value

    def clone(self):
        obj = Empty()
        obj.__class__ = self.__class__
        obj.__dict__ = self.__dict__.copy()
        return obj


class TableQuery(Query):
    def chained(self):
        query = self.clone()
        query.add(1)
        return query.annotations.items()


class RawQuery(Query):
    def add(self, value):
        pass


def raw(query: RawQuery):
    return query.clone().add(2)
