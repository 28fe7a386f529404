import pytest

from app import App, Cache, Store


@pytest.fixture
def cache():
    yield Cache()


@pytest.fixture
def warm_cache(cache):  # a fixture asks for fixtures too
    cache.put(1)
    return cache


def test_get(client):
    client.get("/")  # FakeClient.get: tests/conftest.py's client


def test_save(store):
    store.save(1)  # Store.save: what the root conftest.py's store yields


def test_warm(warm_cache):
    warm_cache.put(2)


def test_files(tmp_path):
    tmp_path.mkdir()  # one of pytest's own fixtures: a pathlib.Path


@pytest.mark.parametrize("client", [None])
def test_parametrized(client):
    client.get("/")  # a parameter here, not the fixture: unknown


def helper(client):
    client.get("/")  # no test, no fixture: nothing fills client


class TestSession:
    @pytest.fixture
    def cache(self):
        return Store()  # the class's own fixture comes before the module's

    def test_cached(self, cache):
        cache.save(3)


@pytest.fixture(name="archive")
def archive_fixture():
    return Store()  # asked for as "archive", never as "archive_fixture"


def test_archive(archive):
    archive.save(4)


@pytest.fixture
def application():
    made = App()

    @made.route("/<name>")
    def index(name):
        return name  # the view's return (of no known type), not the fixture's: the App

    return made


def test_application(application):
    application.run()


def test_ledger(ledger):
    ledger.put(5)


class SessionBase:
    @pytest.fixture
    def ledger(self):
        return Store()  # inherited by the test class below: it hides the plugin's ledger (a Cache)


class TestInherited(SessionBase):
    def test_inherited(self, ledger):
        ledger.save(6)
