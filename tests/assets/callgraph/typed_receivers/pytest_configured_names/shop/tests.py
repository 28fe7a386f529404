def test_add(basket):  # tests.py is a test file here (pytest.ini): basket is the fixture
    basket.add(1)


class BasketChecks:  # collected: *Checks
    def test_total(self, till):
        till.total([1, 2])


class TestIgnored:  # not collected: the configured pattern replaces Test*
    def test_total(self, till):
        till.total([1, 2])
