# A standard-library function written for str and for bytes returns the kind of string it
# is given (Django's inspectdb, makemessages, templates): typeshed's overloads of
# ``re.sub``, ``AnyStr`` in ``re.escape`` and ``os.walk``; ``re.split``'s items are strs
# (``MaybeNone`` only warns of unmatched groups).
import os
import re


def table_name(name: str):
    return re.sub(r"[^a-z0-9]", "_", name).lower()


def quoted(word: str):
    return re.escape(word).strip()


def encoded(data: bytes):
    return re.sub(rb"\s+", b" ", data).decode()


def sources(top: str):
    for root, dirnames, filenames in os.walk(top):
        dirnames.remove(".git")
        yield from (os.path.join(root, f) for f in filenames)


def columns(line: str):
    return [token.strip() for token in re.split(r"\s*,\s*", line)]
