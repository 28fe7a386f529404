from rowlib.result import Column, Mapped, Plugin, Result, Row, Session

__all__ = ["Column", "Mapped", "Plugin", "Result", "Row", "Session"]
