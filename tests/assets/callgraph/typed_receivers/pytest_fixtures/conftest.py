from collections.abc import Iterator

import pytest

from app import Client, Store

pytest_plugins = ["fixtures.ledger"]


@pytest.fixture
def client():
    return Client()  # overridden for tests/ by tests/conftest.py


@pytest.fixture
def store() -> Iterator[Store]:
    yield Store()
