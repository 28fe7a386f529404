from lib.client import Client

__all__ = ["Client"]
