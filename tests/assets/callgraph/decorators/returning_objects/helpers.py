"""Imported, a decorated function's name holds the same object."""

from main import create_db, show


def register_more():
    create_db.for_db("mysql")
    show.dispatch(str)
