import sys

from ext import Client


def apply(callback, value):
    return callback(value)  # whatever callers pass: here, things defined elsewhere


client = Client()
apply(sys.argv, {})  # not a function: unread, sys.argv and sys.exit look alike, so no edge
apply(client.fetch, 1)
apply(len, [])
