from shop.testing import TestClient

client = TestClient(object())


def test_home():
    response = client.get("/")  # an instance of the external class, named as imported
    TestClient(object()).post("/")
    return response


def check(other: TestClient):
    other.put("/")  # annotated with the re-export: the same external class
