"""What a failed isinstance() leaves of a union: the else of a conditional expression or
of an ``if``, and what follows ``if isinstance(x, C): return``; the body of a conditional
expression narrows as an ``if`` does. ``AnyStr`` is a str or a bytes."""

from typing import AnyStr, Optional, Union


def to_str(value: Union[str, bytes]) -> str:
    return value if isinstance(value, str) else value.decode("utf-8")


def method_of(method: Union[str, bytes]) -> str:
    return method.decode("ascii").upper() if isinstance(method, bytes) else method.upper()


def guarded(value: Union[str, bytes]) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value.strip()


def branches(value: Union[str, bytes]) -> str:
    if isinstance(value, str):
        result = value.lower()
    else:
        result = value.hex()
    return result


def ends(text: AnyStr) -> bool:
    return text.endswith(text[:1])


def encoded(text: Optional[AnyStr]) -> bytes:
    if not text or isinstance(text, bytes):
        return b""
    return text.encode("utf-8")
