class AltersData:
    pass


def create_forward_many_to_many_manager(superclass, rel, reverse):
    class ManyRelatedManager(superclass, AltersData):
        def __init__(self, instance=None):
            super().__init__()
            self.instance = instance
            self.model = rel
            self.related = []

        def add(self, *objs):
            self.related.extend(objs)

    return ManyRelatedManager


class ManyToManyDescriptor:
    def __init__(self, rel):
        self.rel = rel

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        manager_class = create_forward_many_to_many_manager(self.rel._default_manager.__class__, self.rel, False)
        managers = instance.__dict__.setdefault("_related_managers", {})
        return managers.setdefault(id(self), manager_class(instance))


def create_reverse_many_to_one_manager(superclass, rel):
    class RelatedManager(superclass, AltersData):
        def __init__(self, instance=None):
            super().__init__()
            self.instance = instance
            self.model = rel
            self.related = []

        def add(self, *objs):
            self.related.extend(objs)

    return RelatedManager


class ReverseManyToOneDescriptor:
    def __init__(self, rel):
        self.rel = rel

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        manager_class = create_reverse_many_to_one_manager(self.rel._default_manager.__class__, self.rel)
        managers = instance.__dict__.setdefault("_related_managers", {})
        return managers.setdefault(id(self), manager_class(instance))


class ReverseOneToOneDescriptor:
    def __init__(self, rel):
        self.rel = rel

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        return instance.__dict__.setdefault("_related_" + self.rel.__name__, self.rel())
