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


class RelatedDescriptor:
    """What an instance finds under a relation's name; the class finds the descriptor."""

    def __init__(self, rel):
        self.rel = rel

    def __get__(self, instance, cls=None):
        return self if instance is None else self.value(instance)

    def managed(self, instance, manager_class):
        managers = instance.__dict__.setdefault("_related_managers", {})
        return managers.setdefault(id(self), manager_class(instance))


class ManyToManyDescriptor(RelatedDescriptor):
    def value(self, instance):
        manager_class = create_forward_many_to_many_manager(self.rel._default_manager.__class__, self.rel, False)
        return self.managed(instance, manager_class)


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


class ReverseManyToOneDescriptor(RelatedDescriptor):
    def value(self, instance):
        manager_class = create_reverse_many_to_one_manager(self.rel._default_manager.__class__, self.rel)
        return self.managed(instance, manager_class)


class ReverseOneToOneDescriptor(RelatedDescriptor):
    def value(self, instance):
        return instance.__dict__.setdefault("_related_" + self.rel.__name__, self.rel())
