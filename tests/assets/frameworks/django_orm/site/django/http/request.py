class QueryDict(dict):
    """A request's parameters (Django's keeps a list of values per key)."""

    def getlist(self, key):
        return [self[key]] if key in self else []


class HttpRequest:
    """What every request Django makes derives from (WSGIRequest, ASGIRequest)."""

    def __init__(self):
        self.GET = QueryDict()
        self.POST = QueryDict()
        self.path = "/"

    def get_full_path(self):
        return self.path
