class QuerySet:
    def __init__(self, model=None):
        self.model = model
        self.filters = []

    def _chain(self):
        return self._clone()

    def _clone(self):
        clone = self.__class__(model=self.model)
        clone.filters = list(self.filters)
        return clone

    def all(self):
        return self._chain()

    def filter(self, **kwargs):
        clone = self._chain()
        clone.filters.append(kwargs)
        return clone

    def order_by(self, *fields):
        return self._chain()

    def get(self, **kwargs):
        clone = self.filter(**kwargs)
        clone._result_cache = [clone.model()]  # stands for the row the database returns
        return clone._result_cache[0]

    def create(self, **kwargs):
        return self.model(**kwargs)

    def delete(self):
        return len(self.filters)

    delete.queryset_only = True
