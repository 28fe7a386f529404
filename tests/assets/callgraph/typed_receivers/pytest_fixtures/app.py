class Client:
    def get(self, path):
        return path


class FakeClient(Client):
    def get(self, path):
        return "fake " + path


class Store:
    def save(self, item):
        return item


class Cache:
    def put(self, value):
        return value


class App:
    def route(self, path):
        def register(view):
            return view

        return register

    def run(self):
        return "running"
