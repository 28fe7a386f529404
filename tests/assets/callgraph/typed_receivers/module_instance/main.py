from state import registry


def setup():
    registry.register("plugin")


setup()
