import pytest

from app import FakeClient


@pytest.fixture
def client():
    return FakeClient()  # the nearest conftest.py wins
