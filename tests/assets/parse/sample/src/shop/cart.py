"""Shopping carts."""

import os.path
from dataclasses import dataclass

from .pricing import Priced, total


class Cart(Priced):
    """A cart of items."""

    def __init__(self) -> None:
        self.items: list[int] = []

    def add(self, price: int) -> None:
        """Add one item."""
        self.items.append(price)

    def price(self) -> int:
        return total(self.items)

    @property
    def empty(self):
        return not self.items

    async def save(self, folder):
        return os.path.join(folder, "cart.json")


@dataclass
class Line:
    sku: str
