from django.db.utils import ConnectionHandler
from django.utils.connection import ConnectionProxy

connections = ConnectionHandler({"default": {"ENGINE": "django.db.backends.dummy"}})
connection = ConnectionProxy(connections, "default")
