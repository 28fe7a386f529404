"""The local database server's life cycle (ArcadeDB over Bolt on 127.0.0.1)."""

from graph_rag.db.local import Connection, LocalServer, ServerInfo, free_port, port_in_use

__all__ = ["Connection", "LocalServer", "ServerInfo", "free_port", "port_in_use"]
