import pytest


@pytest.fixture
def integration_fixture():
    return 2
