import pytest

from app import FakeClient


@pytest.fixture
def client():
    return FakeClient()  # the nearest conftest.py wins


@pytest.fixture
def store(store):  # the root conftest.py's store, extended for tests/
    store.save(0)
    return store
