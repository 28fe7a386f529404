# Python evaluates a parameter's annotation when the def runs, but never the annotation
# of an assignment in a function body (FastAPI's ``self.scopes: Annotated[..., Doc(...)]``).
from typing import Annotated


def doc(text):
    return text


class SecurityScopes:
    def __init__(self, scopes: Annotated[list, doc("evaluated when the class body runs")] = None):
        self.scopes: Annotated[list, doc("never evaluated")] = scopes or []
        count: Annotated[int, doc("never evaluated either")] = len(self.scopes)
        self.count = count


level: Annotated[int, doc("a module's are evaluated")] = 1
SecurityScopes(["read"])
