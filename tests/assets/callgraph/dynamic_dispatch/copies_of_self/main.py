# A base's method that returns a copy of self, called on a subclass, returns that
# subclass: its overrides run on the copy, not every class's (Django's
# ``clone = self.copy(); clone.as_sql()``).
import copy


class Expression:
    def copy(self):
        return copy.copy(self)

    def deep(self):
        return copy.deepcopy(self)

    def relabeled(self):
        clone = self.copy()
        return clone

    def as_sql(self):
        raise NotImplementedError


class Value(Expression):
    def as_sql(self):
        return "%s"


class Func(Expression):
    def as_sql(self):
        return "f(%s)"

    def as_sqlite(self):
        clone = self.copy()
        return clone.as_sql()

    def as_oracle(self):
        return self.deep().as_sql()

    def as_mysql(self):
        return self.relabeled().as_sql()

    def as_postgresql(self):
        clone = super().copy()
        return clone.as_sql()


class Vector:
    def grown(self):
        return Vector()  # a new Vector, whatever the receiver

    def norm(self):
        return 1


class Vector3(Vector):
    def norm(self):
        return 3

    def longer(self):
        return self.grown().norm()


Func().as_sqlite()
Vector3().longer()
