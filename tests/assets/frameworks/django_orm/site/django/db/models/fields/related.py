from django.db.models.fields import Field
from django.db.models.fields.related_descriptors import (
    ManyToManyDescriptor,
    ReverseManyToOneDescriptor,
    ReverseOneToOneDescriptor,
)


class RelatedField(Field):
    def contribute_to_related_class(self, cls, descriptor, suffix="_set"):
        # the other model gets related_name, else "<model>_set" ("<model>" for a one-to-one);
        # a target named by a string other than "self" would need the app registry, which
        # this miniature lacks
        target = cls if self.to == "self" else self.to
        if isinstance(target, type):
            setattr(target, self.kwargs.get("related_name") or f"{cls.__name__.lower()}{suffix}", descriptor)


class ForeignObject(RelatedField):
    pass


class ForeignKey(ForeignObject):
    def __init__(self, to, on_delete, **kwargs):
        super().__init__(to, on_delete=on_delete, **kwargs)
        self.to = to

    def contribute_to_class(self, cls, name):
        self.contribute_to_related_class(cls, ReverseManyToOneDescriptor(cls))


class OneToOneField(ForeignKey):
    def contribute_to_class(self, cls, name):
        self.contribute_to_related_class(cls, ReverseOneToOneDescriptor(cls), suffix="")


class ManyToManyField(RelatedField):
    def __init__(self, to, **kwargs):
        super().__init__(to, **kwargs)
        self.to = to

    def contribute_to_class(self, cls, name):
        setattr(cls, name, ManyToManyDescriptor(self.to))
        self.contribute_to_related_class(cls, ManyToManyDescriptor(cls))
