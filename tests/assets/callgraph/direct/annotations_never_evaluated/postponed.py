# Under PEP 563 no annotation is evaluated: they stay strings.
from __future__ import annotations

from main import doc


def handler(request: doc("a string, never called")) -> doc("nor this"):
    return request


value: doc("nor this one") = handler(1)
