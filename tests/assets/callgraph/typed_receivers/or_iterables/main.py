class Route:
    def url(self):
        return "/"


class Host:
    def name(self):
        return "example.org"


class Mount:
    @property
    def routes(self) -> list[Route]:
        return []

    def urls(self):
        for route in self.routes or []:  # an empty default holds nothing: routes
            route.url()

    def names(self, hosts: list[Host] | None):
        pending = hosts or ()
        for host in pending:  # the name holds what ``hosts or ()`` holds
            host.name()

    def either(self, hosts: list[Host] | None, extra):
        for item in hosts or extra:  # extra may hold anything: so may item
            item.name()
