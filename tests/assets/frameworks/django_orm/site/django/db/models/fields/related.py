from django.db.models.fields import Field


class RelatedField(Field):
    pass


class ForeignObject(RelatedField):
    pass


class ForeignKey(ForeignObject):
    def __init__(self, to, on_delete, **kwargs):
        super().__init__(to, on_delete=on_delete, **kwargs)
        self.to = to
