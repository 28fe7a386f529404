"""A tiny shop package."""

from shop.cart import Cart

__all__ = ["Cart"]
