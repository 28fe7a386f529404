class Priced:
    def price(self) -> int:
        raise NotImplementedError


def total(prices):
    return sum(prices)
