from .core import fetch
