class View:
    """as_view() makes the function a URL calls with the request: setup() keeps it on the
    view, dispatch() hands it to the handler named by the HTTP method."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options", "trace"]

    @classmethod
    def as_view(cls):
        def view(request, *args, **kwargs):
            self = cls()
            self.setup(request, *args, **kwargs)
            return self.dispatch(request, *args, **kwargs)

        return view

    def setup(self, request, *args, **kwargs):
        self.request = request
        self.args = args
        self.kwargs = kwargs

    def dispatch(self, request, *args, **kwargs):
        method = request.method.lower()
        handler = getattr(self, method, self.http_method_not_allowed)
        return handler(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        return None
