# Re-exported as SQLAlchemy's util.typing does: ``-> Self`` written with this name.
from typing_extensions import Self

__all__ = ["Self"]
