class ConnectionProxy:
    def __init__(self, connections, alias):
        self.__dict__["_connections"] = connections
        self.__dict__["_alias"] = alias

    def __getattr__(self, item):
        return getattr(self._connections[self._alias], item)


class BaseConnectionHandler:
    def __init__(self, settings):
        self.settings = settings
        self._connections = {}

    def create_connection(self, alias):
        raise NotImplementedError("Subclasses must implement create_connection().")

    def __getitem__(self, alias):
        if alias not in self._connections:
            self._connections[alias] = self.create_connection(alias)
        return self._connections[alias]
