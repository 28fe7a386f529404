import pytest

from shop.models import Basket, Till


@pytest.fixture
def basket():
    return Basket()


@pytest.fixture
def till():
    return Till()
