import inspect

from django.db.models.query import QuerySet


class BaseManager:
    def __init__(self):
        self.model = None

    def contribute_to_class(self, model, name):
        self.model = model
        setattr(model, name, self)

    def get_queryset(self):
        return self._queryset_class(model=self.model)

    def all(self):
        return self.get_queryset()

    @classmethod
    def _get_queryset_methods(cls, queryset_class):
        def create_method(name):
            def manager_method(self, *args, **kwargs):
                return getattr(self.get_queryset(), name)(*args, **kwargs)

            return manager_method

        new_methods = {}
        for name, method in inspect.getmembers(queryset_class, predicate=inspect.isfunction):
            if hasattr(cls, name) or name.startswith("_") or getattr(method, "queryset_only", False):
                continue
            new_methods[name] = create_method(name)
        return new_methods

    @classmethod
    def from_queryset(cls, queryset_class, class_name=None):
        if class_name is None:
            class_name = "%sFrom%s" % (cls.__name__, queryset_class.__name__)
        methods = cls._get_queryset_methods(queryset_class)
        return type(class_name, (cls,), {"_queryset_class": queryset_class, **methods})


class Manager(BaseManager.from_queryset(QuerySet)):
    pass
