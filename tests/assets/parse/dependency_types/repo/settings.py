"""Re-exports the library's settings module, as alembic.testing does sqlalchemy's."""

from rowlib import config

__all__ = ["config"]
