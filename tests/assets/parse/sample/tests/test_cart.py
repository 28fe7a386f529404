from shop import Cart


def test_add():
    cart = Cart()
    cart.add(3)
    assert cart.price() == 3
