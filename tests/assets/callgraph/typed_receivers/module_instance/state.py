class Registry:
    def register(self, name):
        return name


def make():
    return Registry()


registry: Registry = make()
