from .engine import Connection as Connection
from .engine import Engine as Engine
