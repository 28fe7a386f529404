from django.db.models.fields import Field
from django.db.models.fields.related_descriptors import ManyToManyDescriptor


class RelatedField(Field):
    pass


class ForeignObject(RelatedField):
    pass


class ForeignKey(ForeignObject):
    def __init__(self, to, on_delete, **kwargs):
        super().__init__(to, on_delete=on_delete, **kwargs)
        self.to = to


class ManyToManyField(RelatedField):
    def __init__(self, to, **kwargs):
        super().__init__(to, **kwargs)
        self.to = to

    def contribute_to_class(self, cls, name):
        setattr(cls, name, ManyToManyDescriptor(self.to))
