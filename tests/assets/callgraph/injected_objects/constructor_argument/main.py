class Store:
    def save(self):
        return "saved"


class Cache:
    def clear(self):
        return "cleared"


class Service:
    def __init__(self, store, cache):
        self.store = store  # injected: its type is known only at the call site below
        self.cache = cache

    def run(self):
        self.store.save()
        self.cache.clear()


class App:
    def __init__(self):
        self.cache = Cache()

    def start(self):
        service = Service(Store(), self.cache)
        service.run()


App().start()
