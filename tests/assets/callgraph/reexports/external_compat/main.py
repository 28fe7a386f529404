from lib import fetch
from lib.models import load

load(fetch("https://example.org").text)
