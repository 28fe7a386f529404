# A mixin calls through self a method only its subclasses define (requests'
# SessionRedirectMixin.resolve_redirects: ``self.send(...)``, defined by Session): what
# runs is each subclass's that runs the mixin's method; one that replaces the calling
# method never reaches its own from there. A callable a subclass keeps under that name
# on its instances runs too.


class RedirectMixin:
    def resolve_redirects(self, response):
        return self.send(response)


class Session(RedirectMixin):
    def send(self, request):
        return request


class AsyncSession(RedirectMixin):
    def send(self, request):
        return request


class NoRedirects(RedirectMixin):
    def resolve_redirects(self, response):
        return response

    def send(self, request):
        return request


class Replay(RedirectMixin):
    def __init__(self):
        self.send = self.replay

    def replay(self, request):
        return request
