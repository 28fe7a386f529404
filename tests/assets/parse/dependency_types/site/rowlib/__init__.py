from rowlib.result import Mapped, Result, Row, Session

__all__ = ["Mapped", "Result", "Row", "Session"]
