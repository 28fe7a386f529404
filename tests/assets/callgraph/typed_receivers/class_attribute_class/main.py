from ext import Map


class Provider:
    def __init__(self, app):
        self.app = app

    def dumps(self, obj):
        return str(obj)


class App:
    url_map_class = Map
    provider_class: type[Provider] = Provider

    def __init__(self):
        self.url_map = self.url_map_class()
        self.json = self.provider_class(self)

    def bind(self):
        return self.url_map.bind("localhost")

    def dump(self, obj):
        return self.json.dumps(obj)


app = App()
app.bind()
app.dump(1)
