class MiddlewareMixin:
    """Calls process_request(request), then the next handler, then process_response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.process_request(request) if hasattr(self, "process_request") else None
        response = response or self.get_response(request)
        if hasattr(self, "process_response"):
            response = self.process_response(request, response)
        return response
