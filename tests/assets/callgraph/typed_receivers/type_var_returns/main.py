import typing as t

V = t.TypeVar("V")


class Info:
    def load(self):
        return "app"


class Other:
    def load(self):
        return "other"


class Context:
    def ensure_object(self, object_type: type[V]) -> V:
        return object_type()

    def same(self, value: V) -> V:
        return value

    def make(self) -> V:  # bound by no argument: says nothing about the result
        raise NotImplementedError


def run(ctx: Context, other: Other):
    ctx.ensure_object(Info).load()
    ctx.same(other).load()
    ctx.make().load()
