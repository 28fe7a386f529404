from importlib import import_module

from django.utils.connection import BaseConnectionHandler


class ConnectionHandler(BaseConnectionHandler):
    def create_connection(self, alias):
        backend = import_module(self.settings[alias]["ENGINE"] + ".base")
        return backend.DatabaseWrapper(self.settings[alias], alias)
