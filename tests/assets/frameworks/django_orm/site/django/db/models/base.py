from django.apps.registry import apps
from django.db.models.fields.related import RelatedField
from django.db.models.manager import Manager
from django.db.models.options import Options


class ModelBase(type):
    def __new__(cls, name, bases, attrs):
        new_class = super().__new__(cls, name, bases, attrs)
        new_class._meta = Options({key: value for key, value in attrs.items() if isinstance(value, str)})
        if "objects" not in attrs:
            Manager().contribute_to_class(new_class, "objects")
        else:
            attrs["objects"].contribute_to_class(new_class, "objects")
        new_class._default_manager = new_class.objects
        if bases:  # a model, not Model itself
            apps.register_model("app", new_class)
        for key, value in attrs.items():
            if isinstance(value, RelatedField):
                value.contribute_to_class(new_class, key)
        return new_class


class Model(metaclass=ModelBase):
    def __init__(self, **kwargs):
        for key, value in kwargs.items():
            setattr(self, key, value)

    def save(self):
        return self._meta.get_field("title")
