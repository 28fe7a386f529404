# A function declared ``-> TypeGuard[C]`` (or ``TypeIs[C]``) that returned True says its
# argument is a C, as isinstance does (SQLAlchemy's ``assert is_has_collection_adapter(impl)``);
# returning False says nothing.
from typing_extensions import TypeGuard, TypeIs


class Impl:
    def set(self, value, **kw):
        raise NotImplementedError()


class ScalarImpl(Impl):
    def set(self, value, **kw):
        return value


class CollectionImpl(Impl):
    def set(self, value, _adapt=True, **kw):
        return list(value)

    def append(self, value):
        return value


def is_collection(impl: Impl) -> TypeGuard[CollectionImpl]:
    return isinstance(impl, CollectionImpl)


def is_scalar(impl: object) -> TypeIs[ScalarImpl]:
    return isinstance(impl, ScalarImpl)


def merge(impl: Impl, values):
    assert is_collection(impl)
    impl.set(values, _adapt=False)


def add(impl, value):
    if value and is_collection(impl):
        impl.append(value)


def replace(impl, value):
    if not is_scalar(impl):
        return None
    return impl.set(value)
