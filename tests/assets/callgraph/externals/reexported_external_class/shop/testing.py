# The package hands its users a client it does not define (as fastapi.testclient does).
from starlette.testclient import TestClient as TestClient  # noqa: F401
