import pytest


@pytest.fixture
def unit_fixture():
    return 1
