import helpers
from app.core import run


def test_run():
    assert run() == helpers.make()
