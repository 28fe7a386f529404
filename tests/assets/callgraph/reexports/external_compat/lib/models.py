from . import compat
from .compat import json as complexjson, urlparse


def load(text):
    urlparse(text)
    compat.json.dumps(text)
    return complexjson.loads(text)
