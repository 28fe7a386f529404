def test_add(basket):  # test_*.py is no test file under this configuration
    basket.add(2)
